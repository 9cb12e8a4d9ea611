#!/usr/bin/env python3
"""The project's two commands: ``demo`` serves a demo database, ``test`` runs every test.

Both check that Odoo 18.0 is importable, install the project's own dependencies when they
are missing, start PostgreSQL when it is not running and create the database role of the
user that runs Odoo (Odoo refuses the ``postgres`` role).
"""

import argparse
import getpass
import glob
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))
DEMO_DB = os.environ.get("DEMO_DB", "customer_archive_demo")
# The salesperson's Sales app (Odoo's Sales menu comes with sale_management).
DEMO_APPS = ("sale_management",)
HTTP_PORT = os.environ.get("HTTP_PORT", "8069")
DEMO_LOGINS = [
    ("admin", "admin", "Administrator (every right)"),
    ("sales", "sales", "Salesperson, Archive User and Satisfaction User"),
    ("custodian", "custodian", "Archive Custodian"),
    ("demo", "demo", "Employee without archive rights, borrows archives"),
    ("credit", "credit", "Credit Manager (approves grades, limits, releases holds)"),
    ("analyst", "analyst", "Credit Analyst (investigations, statements, evaluations)"),
]
PYTHON_PACKAGES = {
    "psycopg2": "psycopg2",
    "xlsxwriter": "xlsxwriter",
    "pytest_odoo": "pytest-odoo",
    "websocket": "websocket-client",
}
# Debian packages: a browser for HttpCase tours, wkhtmltopdf and CJK fonts for PDF reports.
DEBIAN_PACKAGES = {
    "/usr/bin/chromium": "chromium",
    "/usr/bin/wkhtmltopdf": "wkhtmltopdf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc": "fonts-noto-cjk",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc": "fonts-wqy-microhei",
}
ODOO_MISSING = """\
Odoo 18.0 Community is not importable by {python}.
Install it from Odoo's official source, then run this command again:

    git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo.git
    pip install -r odoo/requirements.txt
    pip install ./odoo

(see https://www.odoo.com/documentation/18.0/administration/on_premise/source.html)
"""


def say(message):
    print(f"==> {message}", flush=True)


def fail(message, code=1):
    print(message, file=sys.stderr, flush=True)
    sys.exit(code)


def require_odoo():
    try:
        import odoo.release
    except ImportError:
        fail(ODOO_MISSING.format(python=sys.executable))
    if odoo.release.version_info[0] != 18:
        fail(f"Odoo {odoo.release.version} found, 18.0 is required.\n"
             + ODOO_MISSING.format(python=sys.executable))


def install_dependencies(debian=True):
    missing = [pkg for mod, pkg in PYTHON_PACKAGES.items() if not importlib.util.find_spec(mod)]
    if missing:
        say(f"installing Python packages: {' '.join(missing)}")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-r",
                        str(ROOT / "requirements.txt")], check=True)
    missing = [pkg for path, pkg in DEBIAN_PACKAGES.items() if not os.path.exists(path)]
    if debian and missing:
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            fail(f"Missing Debian packages: {' '.join(missing)}; install them (apt-get install).")
        say(f"installing Debian packages: {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, env=env,
                       stdout=subprocess.DEVNULL)


def connect(dbname="postgres"):
    import psycopg2

    return psycopg2.connect(dbname=dbname)


def ensure_postgresql():
    """Start the local cluster if needed and give the current user a superuser role."""
    import psycopg2

    try:
        connect().close()
        return
    except psycopg2.OperationalError as error:
        reason = str(error)
    if "does not exist" not in reason:
        clusters = glob.glob("/etc/postgresql/*/*/postgresql.conf")
        if not clusters or not shutil.which("pg_ctlcluster"):
            fail(f"PostgreSQL is not reachable ({reason.strip()}) and no local cluster was found.")
        version, cluster = Path(clusters[0]).parent.parts[-2:]
        say(f"starting PostgreSQL {version}/{cluster}")
        subprocess.run(["pg_ctlcluster", version, cluster, "start"], check=False)
        for _attempt in range(30):
            ready = subprocess.run(["pg_isready", "-q"], check=False).returncode == 0
            if ready:
                break
            time.sleep(1)
    try:
        connect().close()
        return
    except psycopg2.OperationalError as error:
        if "does not exist" not in str(error):
            fail(f"PostgreSQL is not reachable: {error}")
    user = getpass.getuser()
    say(f"creating the PostgreSQL role {user}")
    subprocess.run(["su", "postgres", "-c", f"createuser --superuser {user}"], check=True)
    connect().close()


def database_exists(name):
    with connect() as cnx, cnx.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def drop_database(name):
    import odoo.tools

    # Not `with connection`: since psycopg2 2.9 it opens a transaction, DROP DATABASE refuses.
    cnx = connect()
    try:
        cnx.autocommit = True
        with cnx.cursor() as cr:
            cr.execute(odoo.tools.SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)",
                                      odoo.tools.SQL.identifier(name)).code)
    finally:
        cnx.close()
    filestore = Path(os.path.expanduser("~/.local/share/Odoo/filestore")) / name
    shutil.rmtree(filestore, ignore_errors=True)


def odoo_command(*args):
    return [sys.executable, "-m", "odoo", f"--addons-path={ROOT}", *args]


def install_addons(database, *, update=False, languages=(), apps=()):
    """Our addons (and the Odoo ``apps`` asked for) in ``database``."""
    modules = ",".join([*apps, *ADDONS])
    args = ["-d", database, "-u" if update else "-i", modules, "--stop-after-init",
            "--log-level=warn"]
    if languages:
        args.append(f"--load-language={','.join(languages)}")
    say(f"{'updating' if update else 'installing'} {modules} in database {database}")
    subprocess.run(odoo_command(*args), check=True)


def demo(_options):
    require_odoo()
    install_dependencies()
    ensure_postgresql()
    install_addons(DEMO_DB, update=database_exists(DEMO_DB), languages=("zh_CN", "zh_TW"),
                   apps=DEMO_APPS)
    print(f"\nOdoo serves the demo database {DEMO_DB} at http://localhost:{HTTP_PORT}")
    for login, password, role in DEMO_LOGINS:
        print(f"    login {login:<10} password {password:<10} {role}")
    print("Stop it with Ctrl+C.\n", flush=True)
    os.execv(sys.executable, odoo_command("-d", DEMO_DB, f"--http-port={HTTP_PORT}",
                                          f"--db-filter=^{DEMO_DB}$", "--log-level=warn"))


def test(options):
    require_odoo()
    install_dependencies()
    ensure_postgresql()
    database = f"customer_test_{os.getpid()}"
    status = 1
    leftovers = []
    try:
        install_addons(database)
        with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as config:
            config.write(f"[options]\naddons_path = {ROOT}\ndb_name = {database}\n"
                         f"http_interface = 127.0.0.1\n")
        report = Path(tempfile.gettempdir()) / f"pytest-{database}.xml"
        leftovers += [Path(config.name), report]
        command = [sys.executable, "-m", "pytest", f"--odoo-config={config.name}",
                   f"--odoo-database={database}", "--odoo-http", "-rs",
                   f"--junit-xml={report}", *(options.pytest_args or [])]
        say(" ".join(command[1:]))
        status = subprocess.run(command, cwd=ROOT, check=False).returncode
        status = check_result(status, report)
        if not status and not options.pytest_args:
            # The benchmark generator's consistency test: a plain pytest run (no Odoo
            # plugin) that generates the small data set in a database of its own.
            command = [sys.executable, "-m", "pytest", "-p", "no:odoo", "-p",
                       "no:cacheprovider", "-q", "bench/tests"]
            say(" ".join(command[1:]))
            status = subprocess.run(command, cwd=ROOT, check=False).returncode
    finally:
        drop_database(database)
        for path in leftovers:
            path.unlink(missing_ok=True)
    sys.exit(status)


def check_result(status, junit_xml):
    """pytest's own code, made strict: nothing collected and skipped browser tests fail."""
    if status == 5:
        print("FAILED: no test ran.", file=sys.stderr)
        return 1
    if status or not junit_xml.exists():
        return status or 1
    text = junit_xml.read_text()
    tests = sum(int(n) for n in re.findall(r'<testsuite [^>]*tests="(\d+)"', text))
    skipped = re.findall(r'<skipped [^>]*message="([^"]*)"', text)
    if not tests:
        print("FAILED: no test ran.", file=sys.stderr)
        return 1
    if skipped:
        print("FAILED: tests were skipped:\n  " + "\n  ".join(skipped), file=sys.stderr)
        return 1
    return 0


def ruff_command():
    """ruff with the settings of setup.cfg's [ruff] section (ruff itself reads no setup.cfg)."""
    import configparser

    settings = configparser.ConfigParser()
    settings.read(ROOT / "setup.cfg")
    overrides = [f"--config={key} = {value}" for key, value in settings["ruff"].items()]
    return [sys.executable, "-m", "ruff", "check", "--isolated", *overrides]


def lint(options):
    """What OCA's repositories run: ruff, and pylint-odoo with the Odoo checks OCA makes
    mandatory (.pylintrc), on the addons; pre-commit runs the same (.pre-commit-config.yaml)."""
    if options.part in ("all", "ruff"):
        ruff = subprocess.run([*ruff_command(), *(options.files or [str(ROOT)])], check=False)
        if ruff.returncode:
            sys.exit(ruff.returncode)
    if options.part in ("all", "pylint"):
        linted = [*ADDONS, "tests"]
        files = [f for f in options.files if f.split("/")[0] in linted] if options.files \
            else [str(ROOT / addon) for addon in linted]
        if files:
            rcfile = f"--rcfile={ROOT / '.pylintrc'}"
            sys.exit(subprocess.run([sys.executable, "-m", "pylint", rcfile, *files],
                                    check=False).returncode)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="serve a demo database at http://localhost:8069")
    test_parser = commands.add_parser("test", help="run every test in a fresh database")
    test_parser.add_argument("pytest_args", nargs="*", help="extra pytest arguments")
    lint_parser = commands.add_parser("lint", help="check the code with ruff and pylint-odoo")
    lint_parser.add_argument("--part", choices=["all", "ruff", "pylint"], default="all")
    lint_parser.add_argument("files", nargs="*", help="only these files (pre-commit)")
    options = parser.parse_args()
    {"demo": demo, "test": test, "lint": lint}[options.command](options)


if __name__ == "__main__":
    main()
