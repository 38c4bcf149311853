#!/usr/bin/env python3
"""Run and test Oui Ensemble ERP on a real Odoo 18.0 and a real PostgreSQL.

    python3 tools/oe_dev.py run    # Odoo with every oe_* addon and demo data, on 127.0.0.1:8069
    python3 tools/oe_dev.py test   # the whole test suite, ends with "N passed, N failed"

PostgreSQL: the server named by the usual PG* variables (PGHOST, PGPORT, PGUSER,
PGPASSWORD), else the one reachable at the local defaults (socket, then
127.0.0.1:5432), else a private cluster started in .local/pgdata (Debian's
`postgresql` package, installed with apt-get when missing).

Odoo itself is not installed by this script: `python3 -c "import odoo"` must work
(see README.md, "Getting Odoo 18").
"""

import argparse
import ast
import atexit
import getpass
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"
LOCAL = ROOT / ".local"
PRIVATE_PG_PORT = 54329
APP_DB = "oui_ensemble"
ODOO_ROLE = "odoo"
LANG = "fr_FR"


def say(msg):
    print(f"[oe] {msg}", flush=True)


class Abort(Exception):
    """A fatal condition, reported to the user in one clear message."""


# ---------------------------------------------------------------- our addons


def read_manifest(addon_dir):
    return ast.literal_eval((Path(addon_dir) / "__manifest__.py").read_text(encoding="utf-8"))


def our_addons(addons_dir=ADDONS_DIR):
    """Names of the addons of this repository, in dependency order."""
    manifests = {p.parent.name: read_manifest(p.parent) for p in sorted(Path(addons_dir).glob("*/__manifest__.py"))}
    ordered, seen = [], set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        for dep in manifests[name].get("depends", []):
            if dep in manifests:
                visit(dep)
        ordered.append(name)

    for name, manifest in manifests.items():
        if manifest.get("installable", True):
            visit(name)
    return ordered


def external_depends(addons_dir=ADDONS_DIR):
    """The modules our addons depend on that are not ours (Odoo's, OCA's)."""
    names = set(our_addons(addons_dir))
    deps = set()
    for name in names:
        deps.update(d for d in read_manifest(Path(addons_dir) / name).get("depends", []) if d not in names)
    return sorted(deps)


# ---------------------------------------------------------------- Odoo


def find_odoo():
    """Return (odoo-bin command, addons path) for the Odoo 18.0 importable by this Python."""
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import odoo, odoo.release, odoo.addons, os;"
            "print(odoo.release.major_version);"
            "print(os.path.dirname(odoo.__file__));"
            "print(os.pathsep.join(odoo.addons.__path__))",
        ],
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    if probe.returncode != 0:
        last = (probe.stderr.strip().splitlines() or [""])[-1]
        raise Abort(
            f"Odoo 18.0 cannot be imported by this Python ({sys.executable}): {last}\n"
            "Install Odoo 18.0 Community so that `python3 -c 'import odoo'` works, for example:\n"
            "  git clone --depth 1 --branch 18.0 https://github.com/odoo/odoo ../odoo\n"
            "  pip install -r requirements.txt && pip install --no-deps -e ../odoo\n"
            'or run the project with Docker (see README.md, "Getting Odoo 18").'
        )
    version, package_dir, addons_paths = probe.stdout.strip().splitlines()
    if version != "18.0":
        raise Abort(f"Odoo {version} found in {package_dir}; this project needs Odoo 18.0.")
    paths = [str(ADDONS_DIR)]
    for path in addons_paths.split(os.pathsep):
        if path not in paths and os.path.isdir(path):
            paths.append(path)
    return [sys.executable, "-m", "odoo"], ",".join(paths)


def pip_install():
    """Install the pinned Python dependencies (a no-op when they are there)."""
    quiet = ["--quiet", "--disable-pip-version-check", "--root-user-action=ignore"]
    for args in (
        ["-r", "requirements.txt", "-r", "requirements-dev.txt"],
        ["--no-deps", "-r", "requirements-oca.txt"],
    ):
        done = subprocess.run([sys.executable, "-m", "pip", "install", *quiet, *args], cwd=ROOT, check=False)
        if done.returncode != 0:
            raise Abort("pip could not install the pinned dependencies (see above).")


def ensure_wkhtmltopdf():
    """PDF invoices need Debian's wkhtmltopdf: install it when missing and possible, else say so."""
    if shutil.which("wkhtmltopdf"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        say("installing wkhtmltopdf (Debian) for the PDF reports...")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        done = subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
        if done.returncode == 0:
            done = subprocess.run(["apt-get", "install", "-y", "-qq", "wkhtmltopdf"], env=env, check=False)
        if done.returncode == 0:
            return
    say("wkhtmltopdf is missing: Odoo will not print PDF reports (install the wkhtmltopdf package).")


# ---------------------------------------------------------------- PostgreSQL


def pg_try(params, dbname="postgres"):
    """Connect with these parameters; return the connection or None."""
    import psycopg2  # installed by pip_install(), after this module is loaded

    try:
        return psycopg2.connect(dbname=dbname, connect_timeout=3, **{k: v for k, v in params.items() if v})
    except psycopg2.OperationalError:
        return None


def ensure_role(params):
    """Odoo refuses to run as `postgres`: return the parameters of a role it accepts."""
    conn = pg_try(params)
    if conn is None:
        raise Abort(f"PostgreSQL is not reachable with {params}")
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute("SELECT current_user, rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user")
        user, superuser, createdb = cr.fetchone()
        if user != "postgres" and (superuser or createdb):
            conn.close()
            return dict(params, user=user)
        if not superuser:
            raise Abort(f"The PostgreSQL role {user} may not create databases.")
        cr.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [ODOO_ROLE])
        if not cr.fetchone():
            cr.execute(f"CREATE ROLE {ODOO_ROLE} LOGIN CREATEDB PASSWORD '{ODOO_ROLE}'")
    conn.close()
    return dict(params, user=ODOO_ROLE, password=ODOO_ROLE)


class PrivateCluster:
    """A PostgreSQL cluster of our own in .local/pgdata, run by the `postgres` system user."""

    def __init__(self):
        self.data = LOCAL / "pgdata"
        self.sock = LOCAL / "pgrun"
        self.log = self.sock / "postgresql.log"  # in a folder the postgres user owns
        self.started = False

    @staticmethod
    def bindir():
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
        return found[-1].parent if found else None

    def install(self):
        if self.bindir():
            return
        if os.geteuid() != 0 or not shutil.which("apt-get"):
            raise Abort(
                "No PostgreSQL server is reachable and none can be installed here: "
                "start one, or set PGHOST/PGPORT/PGUSER/PGPASSWORD."
            )
        say("installing PostgreSQL (Debian's postgresql package)...")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], check=True, env=env)

    def as_owner(self, cmd):
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *cmd]
        return cmd

    def start(self):
        self.install()
        bindir = self.bindir()
        LOCAL.mkdir(exist_ok=True)
        self.sock.mkdir(exist_ok=True)
        self.data.mkdir(mode=0o700, exist_ok=True)
        if os.geteuid() == 0:
            for path in (self.data, self.sock):
                shutil.chown(path, "postgres")
        if not (self.data / "PG_VERSION").exists():
            say(f"creating a private PostgreSQL cluster in {self.data}")
            subprocess.run(
                self.as_owner(
                    [
                        str(bindir / "initdb"),
                        "-D",
                        str(self.data),
                        "-U",
                        "postgres",
                        "--auth=trust",
                        "-E",
                        "UTF8",
                        "--locale=C.UTF-8",
                    ]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        say(f"starting the private PostgreSQL on 127.0.0.1:{PRIVATE_PG_PORT}")
        opts = f"-p {PRIVATE_PG_PORT} -k {self.sock} -c listen_addresses=127.0.0.1"
        subprocess.run(
            self.as_owner(
                [str(bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", opts, "-w", "start"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self.started = True
        atexit.register(self.stop)
        return {"host": "127.0.0.1", "port": str(PRIVATE_PG_PORT), "user": "postgres", "password": None}

    def stop(self):
        if self.started:
            say("stopping the private PostgreSQL")
            subprocess.run(
                self.as_owner([str(self.bindir() / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
                check=False,
                stdout=subprocess.DEVNULL,
            )
            self.started = False


def find_postgres(cluster):
    """Connection parameters for Odoo (host, port, user, password)."""
    env = os.environ
    if any(env.get(k) for k in ("PGHOST", "PGPORT", "PGUSER")):
        params = {
            "host": env.get("PGHOST"),
            "port": env.get("PGPORT"),
            "user": env.get("PGUSER"),
            "password": env.get("PGPASSWORD"),
        }
        if not pg_try(params):
            raise Abort(f"PostgreSQL given by the PG* variables is not reachable: {params}")
        return ensure_role(params)
    candidates = []
    for host in ("/var/run/postgresql", "127.0.0.1"):
        for user in (ODOO_ROLE, getpass.getuser(), "postgres"):
            candidates.append(
                {"host": host, "port": "5432", "user": user, "password": ODOO_ROLE if user == ODOO_ROLE else None}
            )
    for params in candidates:
        conn = pg_try(params)
        if conn:
            conn.close()
            say(f"using PostgreSQL at {params['host']}:{params['port']} as {params['user']}")
            return ensure_role(params)
    return ensure_role(cluster.start())


def odoo_db_args(params):
    args = []
    for key, opt in (
        ("host", "--db_host"),
        ("port", "--db_port"),
        ("user", "--db_user"),
        ("password", "--db_password"),
    ):
        if params.get(key):
            args.append(f"{opt}={params[key]}")
    return args


def db_exists(params, name):
    conn = pg_try(params)
    with conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        found = bool(cr.fetchone())
    conn.close()
    return found


def installed_modules(params, database, names):
    """Which of these modules are installed in the database."""
    conn = pg_try(params, dbname=database)
    with conn.cursor() as cr:
        cr.execute("SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)", [list(names)])
        found = {row[0] for row in cr.fetchall()}
    conn.close()
    return [name for name in names if name in found]


def drop_db(params, name):
    conn = pg_try(params)
    conn.autocommit = True
    with conn.cursor() as cr:
        cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()
    shutil.rmtree(LOCAL / "filestore" / "filestore" / name, ignore_errors=True)


# ---------------------------------------------------------------- Odoo logs

TEST_FAILURE = re.compile(r" (?:ERROR|CRITICAL) \S+ (\S+): ((?:FAIL|ERROR): .*?)\s*$", re.MULTILINE)
TEST_RESULT = re.compile(r" odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
LOG_LEVEL = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (WARNING|ERROR|CRITICAL) \S+ (\S+): (.*)")


def parse_test_log(text):
    """What Odoo's test run reports: (tests run, tests failed or in error, failure lines).

    Odoo ends a ``--test-enable --stop-after-init`` run with the line
    "F failed, E error(s) of N tests when loading database"; the lines
    "FAIL: ..." / "ERROR: ..." name each failure.
    """
    ran = failed = 0
    for match in TEST_RESULT.finditer(text):
        failed += int(match.group(1)) + int(match.group(2))
        ran += int(match.group(3))
    failures = sorted({f"{m.group(1)}: {m.group(2)}" for m in TEST_FAILURE.finditer(text)})
    return ran, max(failed, len(failures)), failures


def log_problems(text, ignore=()):
    """Warnings and errors of a log that are not test results (those are counted apart)."""
    problems = []
    for line in text.splitlines():
        m = LOG_LEVEL.match(line)
        if not m:
            continue
        message = m.group(3)
        if (
            re.match(r"(FAIL|ERROR): ", message)
            or m.group(2) == "odoo.tests.result"
            or any(re.search(p, line) for p in ignore)
        ):
            continue
        problems.append(line[:400])
    return problems


# Known noise of Odoo itself on a machine without a mail server or PDF tools.
LOG_NOISE = (
    r"odoo\.addons\.base\.models\.ir_mail_server",
    r"wkhtmltopdf",
    r"Running as user 'root'",
)


def run_odoo(odoo_cmd, args, logfile):
    say("odoo " + " ".join(a for a in args if not a.startswith("--db_password")))
    with open(logfile, "w", encoding="utf-8") as out:
        proc = subprocess.run([*odoo_cmd, *args], stdout=out, stderr=subprocess.STDOUT, cwd="/", check=False)
    return proc.returncode, Path(logfile).read_text(encoding="utf-8", errors="replace")


# ---------------------------------------------------------------- commands


def free_port():
    """A TCP port free on the loopback now (HttpCase tests need Odoo's HTTP server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def common_args(params, addons_path):
    return [
        *odoo_db_args(params),
        f"--addons-path={addons_path}",
        f"--data-dir={LOCAL / 'filestore'}",
        "--no-http",
    ]


def prepare():
    """What both commands need: Odoo, the pinned packages, a PostgreSQL (maybe our own cluster)."""
    odoo_cmd, addons_path = find_odoo()
    pip_install()
    (LOCAL / "logs").mkdir(parents=True, exist_ok=True)
    cluster = PrivateCluster()
    return odoo_cmd, addons_path, cluster, find_postgres(cluster)


def cmd_test(_args):
    odoo_cmd, addons_path, cluster, params = prepare()
    addons = our_addons()
    if not addons:
        raise Abort("No addon found under addons/.")
    deps = external_depends()
    tag = uuid.uuid4().hex[:8]
    test_db, nodemo_db = f"oe_test_{tag}", f"oe_nodemo_{tag}"
    base = common_args(params, addons_path)
    logs = LOCAL / "logs"
    logs.mkdir(exist_ok=True)
    ran = failed_count = 0
    install_ok = update_ok = False
    failures, problems = [], []
    try:
        # 1. dependencies first (with demo data and French), so that only our tests run.
        rc, log = run_odoo(
            odoo_cmd,
            [
                *base,
                "-d",
                test_db,
                "-i",
                ",".join(deps),
                f"--load-language={LANG}",
                "--stop-after-init",
                "--log-level=warn",
            ],
            logs / "1-dependencies.log",
        )
        problems += log_problems(log, LOG_NOISE)
        if rc:
            raise Abort(f"Installing the dependencies failed (log: {logs / '1-dependencies.log'}).")
        # 2. our addons, with their tests (at_install and post_install).
        rc, log = run_odoo(
            odoo_cmd,
            [
                *[arg for arg in base if arg != "--no-http"],
                "--http-interface=127.0.0.1",
                f"--http-port={free_port()}",
                "-d",
                test_db,
                "-i",
                ",".join(addons),
                "--test-enable",
                "--stop-after-init",
                "--log-level=test",
            ],
            logs / "2-tests.log",
        )
        ran, failed_count, failures = parse_test_log(log)
        problems += log_problems(log, LOG_NOISE)
        if rc and not failed_count:
            failures.append(f"odoo exited with {rc} (log: {logs / '2-tests.log'})")
            failed_count = 1
        if ran == 0:
            failures.append("Odoo ran no test of our addons")
            failed_count += 1
        # 2b. updating the installed addons works too (what `make run` does on an existing database).
        rc, log = run_odoo(
            odoo_cmd,
            [*base, "-d", test_db, "-u", ",".join(addons), "--stop-after-init", "--log-level=warn"],
            logs / "2b-update.log",
        )
        problems += log_problems(log, LOG_NOISE)
        update_ok = rc == 0
        # 3. our addons install without demo data too.
        rc, log = run_odoo(
            odoo_cmd,
            [
                *base,
                "-d",
                nodemo_db,
                "-i",
                ",".join(addons),
                "--without-demo=all",
                "--stop-after-init",
                "--log-level=warn",
            ],
            logs / "3-without-demo.log",
        )
        problems += log_problems(log, LOG_NOISE)
        install_ok = rc == 0
    finally:
        for name in (test_db, nodemo_db):
            drop_db(params, name)
        cluster.stop()
    # 4. plain pytest (tests/): the tools, packaging, and the pure-Python parts of the addons, loaded by path.
    pytest_report = LOCAL / "logs" / "pytest.txt"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:odoo",
            "tests",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    pytest_report.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    print(proc.stdout[-3000:])
    py_passed = sum(int(n) for n in re.findall(r"(\d+) passed", proc.stdout.splitlines()[-1] if proc.stdout else ""))
    py_failed = sum(
        int(n) for n in re.findall(r"(\d+) (?:failed|error)", proc.stdout.splitlines()[-1] if proc.stdout else "")
    )
    if proc.returncode not in (0,):
        py_failed = max(py_failed, 1)
    # 5. linters
    lint_ok = run_linters()

    passed = max(ran - failed_count, 0) + py_passed
    failed = failed_count + py_failed
    if failures:
        say("Odoo test failures:\n  " + "\n  ".join(failures))
    if problems:
        say("warnings/errors in the Odoo logs (each one fails the run):\n  " + "\n  ".join(problems[:40]))
    if not install_ok:
        say("installing without demo data failed (log: .local/logs/3-without-demo.log)")
    if not update_ok:
        say("updating the addons failed (log: .local/logs/2b-update.log)")
    say(
        f"Odoo tests: {ran} run, {len(failures)} failed; pytest: {py_passed} passed, {py_failed} failed; "
        f"update: {'ok' if update_ok else 'FAILED'}; "
        f"install without demo: {'ok' if install_ok else 'FAILED'}; linters: {'ok' if lint_ok else 'FAILED'}"
    )
    print(f"{max(passed, 0)} passed, {failed} failed")
    return 0 if (failed == 0 and not problems and install_ok and update_ok and lint_ok and ran > 0) else 1


def run_linters():
    ok = True
    steps = [
        [sys.executable, "-m", "ruff", "check", "addons", "tools", "tests"],
        [sys.executable, "-m", "ruff", "format", "--check", "addons", "tools", "tests"],
        [sys.executable, "-m", "pylint", "--rcfile=.pylintrc", *[f"addons/{a}" for a in our_addons()]],
    ]
    for cmd in steps:
        say("lint: " + " ".join(cmd[2:4]))
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            ok = False
            print(proc.stdout[-6000:], proc.stderr[-2000:])
    return ok


def cmd_run(args):
    odoo_cmd, addons_path, cluster, params = prepare()
    ensure_wkhtmltopdf()
    addons = our_addons()
    base = [*odoo_db_args(params), f"--addons-path={addons_path}", f"--data-dir={LOCAL / 'filestore'}"]
    log = LOCAL / "logs"
    log.mkdir(exist_ok=True)
    if not db_exists(params, args.database):
        say(f"creating the database {args.database} with every oe_* addon and demo data (a few minutes)")
        rc, _ = run_odoo(
            odoo_cmd,
            [
                *base,
                "-d",
                args.database,
                "-i",
                ",".join(addons),
                f"--load-language={LANG}",
                "--stop-after-init",
                "--no-http",
            ],
            log / "install.log",
        )
        if rc:
            raise Abort(f"Installation failed, see {log / 'install.log'}")
        set_french(odoo_cmd, base, args.database)
    else:
        # `-i` on an installed module reloads its data as at installation: only new addons get it.
        installed = installed_modules(params, args.database, addons)
        new = [name for name in addons if name not in installed]
        say(f"updating {', '.join(installed) or '-'} and installing {', '.join(new) or '-'} in {args.database}")
        rc, _ = run_odoo(
            odoo_cmd,
            [
                *base,
                "-d",
                args.database,
                *(["-u", ",".join(installed)] if installed else []),
                *(["-i", ",".join(new)] if new else []),
                "--stop-after-init",
                "--no-http",
            ],
            log / "update.log",
        )
        if rc:
            raise Abort(f"Update failed, see {log / 'update.log'}")
    say(f"Odoo on http://127.0.0.1:{args.port} (login admin / admin) — Ctrl-C stops it")
    proc = subprocess.Popen(
        [
            *odoo_cmd,
            *base,
            "-d",
            args.database,
            f"--db-filter=^{args.database}$",
            "--http-interface=127.0.0.1",
            f"--http-port={args.port}",
        ],
        cwd="/",
    )
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        return 0


def set_french(odoo_cmd, base, database):
    """French for the admin, for new partners and for visitors of the login page."""
    script = (
        "env['res.lang']._activate_lang('fr_FR')\n"
        "env['ir.default'].set('res.partner', 'lang', 'fr_FR')\n"
        "env.ref('base.user_admin').lang = 'fr_FR'\n"
        "env.ref('base.partner_admin').lang = 'fr_FR'\n"
        "env.cr.commit()\n"
    )
    subprocess.run(
        [*odoo_cmd, "shell", *base, "-d", database, "--no-http", "--log-level=warn"],
        input=script,
        text=True,
        cwd="/",
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run Odoo with the oe_* addons and demo data")
    run.add_argument("--database", default=APP_DB)
    run.add_argument("--port", default=8069, type=int)
    sub.add_parser("test", help="run every test against real Odoo and PostgreSQL")
    args = parser.parse_args(argv)
    started = time.time()
    try:
        rc = {"run": cmd_run, "test": cmd_test}[args.command](args)
    except Abort as error:
        print(f"[oe] ERROR: {error}", file=sys.stderr)
        print("0 passed, 1 failed" if args.command == "test" else "", flush=True)
        return 2
    say(f"done in {time.time() - started:.0f} s")
    return rc


if __name__ == "__main__":
    sys.exit(main())
