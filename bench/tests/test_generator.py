"""The generated data is consistent with Odoo's own computations (small size).

    python3 -m pytest -p no:odoo -p no:cacheprovider bench/tests/test_generator.py

(-p no:odoo: a plain test, pytest-odoo would want a database of its own.)

Generates the small data set into a throw-away database (or checks BENCH_CHECK_DB when set)
and runs bench.check on it: residuals, payment states, totals, customers' credit, debits
equal to credits and our addons' stored fields, recomputed through the ORM.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, check=False,
                          capture_output=True, text=True)


def test_generated_small_database_matches_odoo():
    database = os.environ.get("BENCH_CHECK_DB")
    generated = not database
    if generated:
        database = f"bench_gen_test_{os.getpid()}"
        result = run("bench.generate", "--db", database, "--size", "small")
        assert result.returncode == 0, result.stdout + result.stderr
    try:
        result = run("bench.check", "--db", database)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "OK:" in result.stdout
    finally:
        if generated:
            sys.path.insert(0, str(ROOT / "scripts"))
            import project

            project.drop_database(database)
