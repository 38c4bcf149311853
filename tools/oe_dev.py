#!/usr/bin/env python3
"""Run and test Oui Ensemble ERP on a real Odoo 18.0 and a real PostgreSQL.

    python3 tools/oe_dev.py run    # Odoo with every oe_* addon and demo data, on 127.0.0.1:8069
    python3 tools/oe_dev.py test   # the whole test suite, ends with "N passed, N failed"

PostgreSQL: the server named by the usual PG* variables (PGHOST, PGPORT, PGUSER,
PGPASSWORD), else the one reachable at the local defaults (socket, then
127.0.0.1:5432), else a private cluster started in .local/pgdata (Debian's
`postgresql` package, installed with apt-get when missing).

Odoo 18.0 Community: the one this Python imports; when there is none, its official
source archive is downloaded once into .local/odoo-src/ (or taken from OE_ODOO_SOURCE,
a source folder or archive, for offline mirrors), unpacked there and made importable
with a .pth file in this Python's site-packages; then its pinned requirements are
installed (see README.md, "Getting Odoo 18").
"""

import argparse
import ast
import atexit
import getpass
import os
import re
import shutil
import signal
import site
import socket
import subprocess
import sys
import sysconfig
import tarfile
import time
import urllib.request
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"
LOCAL = ROOT / ".local"
PRIVATE_PG_PORT = 54329
APP_DB = "oui_ensemble"
ODOO_ROLE = "odoo"
LANG = "fr_FR"
# The official source of Odoo 18.0 Community (its GitHub repository, branch 18.0), and where it is kept.
ODOO_SOURCE_URL = "https://github.com/odoo/odoo/archive/refs/heads/18.0.tar.gz"
ODOO_CACHE = LOCAL / "odoo-src"
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz", ".zip")


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
            "Check that the pinned requirements installed (pip, above) and that `python3 -c 'import odoo'` "
            "works; to take Odoo from another source, set OE_ODOO_SOURCE to an Odoo 18.0 source folder or "
            'archive, or run the project with Docker (see README.md, "Getting Odoo 18").'
        )
    version, package_dir, addons_paths = probe.stdout.strip().splitlines()
    if version != "18.0":
        raise Abort(f"Odoo {version} found in {package_dir}; this project needs Odoo 18.0.")
    paths = [str(ADDONS_DIR)]
    # In a source tree (git, GitHub archive) most addons are beside the package, in <tree>/addons:
    # Odoo's own default addons path names that folder too.
    for path in [*addons_paths.split(os.pathsep), os.path.join(os.path.dirname(package_dir), "addons")]:
        if path not in paths and os.path.isdir(path):
            paths.append(path)
    return [sys.executable, "-m", "odoo"], ",".join(paths)


# ---------------------------------------------------------------- getting Odoo (when this Python has none)

# Prints the folder of the `odoo` package this Python would import, or nothing. A folder `odoo` without
# __init__.py (the namespace the OCA addons installed from PyPI live in) is not Odoo.
ODOO_PROBE = (
    "import importlib.util as u; s = u.find_spec('odoo'); o = s and s.origin;"
    "print(o if o and o.endswith('__init__.py') else '')"
)


def odoo_package_dir():
    """The folder of the Odoo package this Python finds (imported or not), or None."""
    probe = subprocess.run([sys.executable, "-c", ODOO_PROBE], capture_output=True, text=True, cwd="/", check=False)
    origin = probe.stdout.strip() if probe.returncode == 0 else ""
    return Path(origin).parent if origin else None


def find_odoo_tree(folder):
    """The Odoo source tree in this folder (itself or its one subfolder holding `odoo/__init__.py`), or None."""
    folder = Path(folder)
    if (folder / "odoo" / "__init__.py").is_file():
        return folder
    found = [child for child in sorted(folder.iterdir()) if (child / "odoo" / "__init__.py").is_file()]
    return found[0] if len(found) == 1 else None


def is_archive(path):
    return Path(path).name.lower().endswith(ARCHIVE_SUFFIXES)


def download(url, dest):
    """Fetch url into dest, through a .part file: an interrupted download is never taken for a whole one."""
    part = Path(dest).with_name(Path(dest).name + ".part")
    say(f"downloading Odoo 18.0 Community from {url} (once; kept in {Path(dest).parent})...")
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(part, "wb") as out:
            done, step = 0, 50 << 20
            while chunk := response.read(1 << 20):
                out.write(chunk)
                done += len(chunk)
                if done // step != (done - len(chunk)) // step:
                    say(f"  {done >> 20} MB")
    except OSError as error:  # urllib's URLError and HTTPError are OSErrors
        part.unlink(missing_ok=True)
        raise Abort(
            f"Odoo 18.0 could not be downloaded from {url}: {error}\n"
            "Without network, set OE_ODOO_SOURCE to an Odoo 18.0 source folder or archive (.tar.gz, .tgz, .zip)."
        ) from None
    part.replace(dest)


def odoo_source_archive(source, cache_dir, url=ODOO_SOURCE_URL):
    """The archive of Odoo's source to unpack: OE_ODOO_SOURCE's, else the official one, downloaded once."""
    if source:
        path = Path(source).expanduser()
        if not path.is_file():
            raise Abort(f"OE_ODOO_SOURCE={source}: no such folder or archive.")
        if not is_archive(path):
            raise Abort(f"OE_ODOO_SOURCE={source}: not an archive (.tar.gz, .tgz, .zip) nor a folder.")
        return path.resolve()
    cache_dir = Path(cache_dir)
    archive = cache_dir / url.rsplit("/", 1)[-1]
    if not archive.is_file():
        cache_dir.mkdir(parents=True, exist_ok=True)
        download(url, archive)
    return archive


def extract_archive(archive, dest):
    """Unpack a .tar.gz/.tgz/.zip archive into dest (members may not leave it)."""
    try:
        if archive.name.lower().endswith(".zip"):
            with zipfile.ZipFile(archive) as zipped:
                zipped.extractall(dest)  # zipfile drops absolute paths and ".." itself
        else:
            with tarfile.open(archive) as tarred:
                if hasattr(tarfile, "data_filter"):
                    tarred.extractall(dest, filter="data")
                else:  # Python < 3.11.4: refuse members that would leave dest
                    root = Path(dest).resolve()
                    for member in tarred.getmembers():
                        if not (root / member.name).resolve().is_relative_to(root):
                            raise tarfile.TarError(f"{member.name} leaves the archive")
                    tarred.extractall(dest)
    except (tarfile.TarError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise Abort(f"{archive} cannot be unpacked: {error}") from None


def unpack_odoo_source(archive, cache_dir):
    """The Odoo tree of the archive, unpacked in cache_dir/tree; kept while the archive is the same one."""
    archive, cache_dir = Path(archive), Path(cache_dir)
    target, stamp_file = cache_dir / "tree", cache_dir / "tree.source"
    stat = archive.stat()
    stamp = f"{archive.resolve()}\n{stat.st_size}\n{stat.st_mtime_ns}\n"
    if target.is_dir() and stamp_file.is_file() and stamp_file.read_text(encoding="utf-8") == stamp:
        tree = find_odoo_tree(target)
        if tree:
            return tree
    say(f"unpacking {archive.name} into {target}...")
    cache_dir.mkdir(parents=True, exist_ok=True)
    work = cache_dir / "tree.unpacking"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        extract_archive(archive, work)
        if not find_odoo_tree(work):
            raise Abort(f"{archive} holds no Odoo source tree (a folder with odoo/__init__.py).")
    except BaseException:  # a failed or interrupted unpacking leaves nothing behind
        shutil.rmtree(work, ignore_errors=True)
        raise
    stamp_file.unlink(missing_ok=True)
    shutil.rmtree(target, ignore_errors=True)
    work.rename(target)
    stamp_file.write_text(stamp, encoding="utf-8")
    return find_odoo_tree(target)


def odoo_source_tree(source, cache_dir, url=ODOO_SOURCE_URL):
    """The Odoo source tree to use: OE_ODOO_SOURCE's folder as it is, else an archive unpacked in cache_dir."""
    if source and Path(source).expanduser().is_dir():
        tree = find_odoo_tree(Path(source).expanduser())
        if not tree:
            raise Abort(f"OE_ODOO_SOURCE={source}: no Odoo source tree there (odoo/__init__.py, odoo-bin).")
        return tree.resolve()
    return unpack_odoo_source(odoo_source_archive(source, cache_dir, url), cache_dir)


def make_importable(tree, site_dir):
    """Write <site_dir>/odoo.pth naming the tree: the Python reading that site dir then imports its odoo."""
    site_dir = Path(site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    pth = site_dir / "odoo.pth"
    pth.write_text(f"{Path(tree).resolve()}\n", encoding="utf-8")
    return pth


def python_site_dir():
    """The site-packages of this Python where we may write, else the user's (outside a virtualenv)."""
    purelib = Path(sysconfig.get_paths()["purelib"])
    if os.access(purelib, os.W_OK):
        return purelib
    if site.ENABLE_USER_SITE:
        return Path(site.getusersitepackages())
    raise Abort(
        f"Cannot write in {purelib} to make Odoo importable: run as its owner, or use a virtualenv "
        "(python3 -m venv .venv && make PYTHON=.venv/bin/python run)."
    )


def bootstrap_odoo(env, cache_dir=None, site_dir=None, url=ODOO_SOURCE_URL):
    """Get Odoo 18.0 Community for this Python: (its source tree, the .pth file that makes it importable).

    From OE_ODOO_SOURCE in env (a source folder, used in place, or an archive) or else the official
    source archive, downloaded once; archives are unpacked once into cache_dir (.local/odoo-src).
    """
    source = (env.get("OE_ODOO_SOURCE") or "").strip()
    tree = odoo_source_tree(source, cache_dir or ODOO_CACHE, url)
    pth = make_importable(tree, site_dir or python_site_dir())
    say(f"Odoo 18.0 Community from {tree}, importable through {pth}")
    return tree, pth


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


def apt_install(packages, why):
    """Install Debian packages with apt-get when we can (root, apt-get there); True when installed."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    say(f"installing {' '.join(packages)} (Debian) {why}...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    done = subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
    if done.returncode == 0:
        done = subprocess.run(["apt-get", "install", "-y", "-qq", *packages], env=env, check=False)
    return done.returncode == 0


def ensure_wkhtmltopdf():
    """PDF invoices need Debian's wkhtmltopdf: install it when missing and possible, else say so."""
    if shutil.which("wkhtmltopdf") or apt_install(["wkhtmltopdf"], "for the PDF reports"):
        return
    say("wkhtmltopdf is missing: Odoo will not print PDF reports (install the wkhtmltopdf package).")


def ensure_chromium():
    """The browser tours (HttpCase.start_tour) need Debian's chromium: install it when missing and possible, else
    say so."""
    if any(shutil.which(name) for name in ("chromium", "chromium-browser", "google-chrome")) or apt_install(
        ["chromium"], "for the browser tours"
    ):
        return
    say("chromium is missing: the browser tours will not run (install the chromium package).")


def missing_build_packages(which=shutil.which, exists=os.path.exists):
    """The Debian packages of headers that Odoo's requirements build against (psycopg2, python-ldap), missing here."""
    wanted = {
        "libpq-dev": which("pg_config"),
        "libldap2-dev": exists("/usr/include/ldap.h"),
        "libsasl2-dev": exists("/usr/include/sasl/sasl.h"),
    }
    return [package for package, present in wanted.items() if not present]


def ensure_build_packages():
    """Before Odoo's requirements are pip-installed: their build headers, with apt-get when missing, else say so."""
    missing = missing_build_packages()
    if missing and not apt_install(missing, "to build Odoo's requirements"):
        say(
            f"the headers Odoo's requirements build against are missing: install the packages {' '.join(missing)} "
            f"(as root: apt-get install {' '.join(missing)}) if pip fails to build below."
        )


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
    # A connection the test browser opens ahead (preconnect) and never uses: Odoo gives it 5 s in tests
    # (odoo/service/server.py, RequestHandler.setup) and werkzeug logs its end as an error. The tours assert
    # what the user sees; a request that really failed is logged otherwise.
    r"werkzeug: .*Request timed out: TimeoutError\('timed out'\)",
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


def bench_registry(odoo_cmd, addons_path, params, database, addon, install=True):
    """A throwaway database for a benchmark or a load script: ``addon`` installed without demo data
    (unless ``install`` is false: the database is reused as it is), then Odoo's configuration parsed
    and the database's registry opened in this process. Returns the registry."""
    if install:
        drop_db(params, database)
        say(f"installing {addon} without demo data in {database}...")
        code, log = run_odoo(
            odoo_cmd,
            [
                *common_args(params, addons_path),
                "-d",
                database,
                "-i",
                addon,
                "--without-demo=all",
                "--stop-after-init",
                "--log-level=warn",
            ],
            LOCAL / "logs" / "bench_install.log",
        )
        if code:
            raise Abort(f"installation failed (see .local/logs/bench_install.log):\n{log[-2000:]}")
    elif not db_exists(params, database):
        raise Abort(f"no database {database} (build it once with --keep)")

    import odoo  # found or bootstrapped by prepare()
    from odoo.tools import config

    config.parse_config([*common_args(params, addons_path), "-d", database, "--log-level=warn"])
    return odoo.modules.registry.Registry(database)


def prepare():
    """What both commands need: Odoo, the pinned packages, a PostgreSQL (maybe our own cluster)."""
    if odoo_package_dir() is None:
        tree, _pth = bootstrap_odoo(os.environ)
        if str(tree) not in sys.path:
            sys.path.append(str(tree))  # this process too (tools/bench_redevance.py imports odoo)
        ensure_build_packages()
    pip_install()
    odoo_cmd, addons_path = find_odoo()
    (LOCAL / "logs").mkdir(parents=True, exist_ok=True)
    cluster = PrivateCluster()
    return odoo_cmd, addons_path, cluster, find_postgres(cluster)


def cmd_test(_args):
    odoo_cmd, addons_path, cluster, params = prepare()
    # The PDF reports are read back from real PDFs, and the tours drive a real browser.
    ensure_wkhtmltopdf()
    ensure_chromium()
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
    workers = f", {args.workers} workers" if args.workers else ""
    say(f"Odoo on http://127.0.0.1:{args.port}{workers} (login admin / admin) — Ctrl-C stops it")
    gevent_port = free_port() if args.workers else None
    if args.workers and (problem := gevent_problem()):
        say(f"the gevent process of the workers (live notifications) cannot start here: {problem}")
    server_cmd = prefork_cmd(odoo_cmd) if args.workers else odoo_cmd
    proc = subprocess.Popen(
        [*server_cmd, *base, *serve_args(args.database, args.port, args.workers, gevent_port)], cwd="/"
    )
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
        return 0


# Odoo's prefork server starts its gevent process as `python <argv[0]> gevent ...`: argv[0] must be a script
# (under `python -m odoo` it is odoo/__main__.py, which cannot run as a script). This is Odoo's odoo-bin.
ODOO_BIN = """\
__import__("os").environ["TZ"] = "UTC"
import odoo

if __name__ == "__main__":
    odoo.cli.main()
"""


def prefork_cmd(odoo_cmd):
    """The command that runs Odoo as a script (.local/odoo-bin), for the prefork server; else odoo_cmd."""
    if odoo_cmd[1:] != ["-m", "odoo"]:
        return odoo_cmd
    script = LOCAL / "odoo-bin"
    LOCAL.mkdir(exist_ok=True)
    if not script.is_file() or script.read_text(encoding="utf-8") != ODOO_BIN:
        script.write_text(ODOO_BIN, encoding="utf-8")
    return [odoo_cmd[0], str(script)]


def gevent_problem():
    """Why the gevent process of Odoo's prefork server cannot start with this Python (its last error line),
    or None: Odoo would start it again and again, eating a core."""
    probe = subprocess.run(
        [sys.executable, "-c", "import gevent.monkey; gevent.monkey.patch_all()"],
        capture_output=True,
        text=True,
        cwd="/",
        check=False,
    )
    return (probe.stderr.strip().splitlines() or ["gevent failed"])[-1] if probe.returncode else None


def serve_args(database, port, workers=0, gevent_port=None, cron_threads=2):
    """Odoo's server options for one database on the loopback: the threaded server, or with ``workers``
    Odoo's prefork server (that many HTTP workers, ``cron_threads`` cron workers and the gevent process of
    the live notifications on ``gevent_port``)."""
    args = ["-d", database, f"--db-filter=^{database}$", "--http-interface=127.0.0.1", f"--http-port={port}"]
    if workers:
        args += [f"--workers={workers}", f"--max-cron-threads={cron_threads}", f"--gevent-port={gevent_port}"]
    return args


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


def make_parser():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run Odoo with the oe_* addons and demo data")
    run.add_argument("--database", default=APP_DB)
    run.add_argument("--port", default=8069, type=int)
    run.add_argument(
        "--workers",
        default=0,
        type=int,
        help="Odoo's prefork server with N HTTP workers (and its cron workers and gevent process); "
        "0, the default, is the threaded server",
    )
    sub.add_parser("test", help="run every test against real Odoo and PostgreSQL")
    return parser


def main(argv=None):
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command == "run" and args.workers < 0:
        parser.error("--workers takes 0 (the threaded server) or a positive number")
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
