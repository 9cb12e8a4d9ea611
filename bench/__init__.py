"""Benchmark suite: a data generator (bench.generate) and its consistency check (bench.check)."""
