# The two set-up commands of README.md, lint, and the benchmark suite of issue 7.
#
# make bench [SIZE=small|medium|large] [BENCH_DB=name] [RUNS=n]
#   starts PostgreSQL if needed, generates the database BENCH_DB (default bench_$(SIZE)) with
#   bench.generate unless it exists (then it is reused as it is), installs the OCA peers
#   account_financial_risk and partner_aging, runs every measurement RUNS times (default 3,
#   at least 3), prints the table and saves bench/results/$(SIZE)-<date>.json.
#   SIZE defaults to medium (10k customers); large is 100k customers, about 2M journal items.
PYTHON ?= python3
SIZE ?= medium
BENCH_DB ?= bench_$(SIZE)
RUNS ?= 3

.PHONY: demo test lint bench

demo:
	$(PYTHON) scripts/project.py demo

test:
	$(PYTHON) scripts/project.py test -- $(PYTEST_ARGS)

lint:
	$(PYTHON) scripts/project.py lint

bench:
	$(PYTHON) -m bench.run --generate --size $(SIZE) --db $(BENCH_DB) --runs $(RUNS)
