#!/usr/bin/env python3
"""Load test: Odoo's own prefork server (``--workers N``) driven over HTTP / JSON-RPC on the loopback.

In a throwaway database (``--db``, dropped at the end unless ``--keep``) it installs ``oe_redevance``
without demo data and builds, with the ORM in this process, the SAS, one ETD with its two CAEs (charts of
accounts, taxes), a redevance rate, 50 Entrepreneurs Sociaux (users of the entrepreneur group, each the
lead of a mission of their CAE with an accepted assignment), 5 Gérants and 2 accountants of both CAEs
and one accountant of the SAS; every password is the login. Then it starts Odoo as a subprocess with
``--workers N`` (its cron workers and gevent process as Odoo runs them) on a free port and, once
``/web/health`` answers, runs one client thread per user for ``--seconds`` seconds (at most
``--max-requests`` requests), each logged in with ``/web/session/authenticate`` and calling the server as
the web client does (``/web/dataset/call_kw``, ``/web/dataset/call_button``):

- an entrepreneur logs an hour line on their mission (a unique label per line, every value sent kept)
  and, one time in three, opens *Mon tableau de bord* (``/oe/dashboard``);
- a Gérant reads the hours to validate (as the list *Heures à valider*) and validates them;
- an accountant runs *Facturer les heures* over the period of the hours, then posts the invoices made;
- the SAS accountant generates the redevance statements of the current month (the wizard).

Each user pauses between two actions (``--think``: a factor on the pauses; 0 for none). Then it kills the
server and prints, per kind of request: count, requests per second, p50 / p95 / p99 latency, refusals (a
French ``UserError`` / ``AccessError`` / ``ValidationError`` answered to the user: not an error) and errors
(an HTTP 500, a serialization failure that reached the user, a timeout, anything else). Then it checks the
database and prints ``lost: N, double-invoiced: N, unbalanced statements: N``:

- lost: hour lines acknowledged (an id was answered) that do not exist exactly once with the values sent,
  plus lines refused or failed that exist anyway (or twice);
- double-invoiced: invoice lines of mission invoices (not cancelled) whose quantity is not the hours
  linked to them (an invoicing that overwrote the link of another leaves one invoice line without hours);
- unbalanced statements: live redevance statements whose base is not the sum of the posted journal items
  they count, or that count an item another live statement counts too.

It exits non-zero on any error or any of these three counts above 0.

    python3 tools/load.py --workers 2 --seconds 120
    python3 tools/load.py --workers 2 --seconds 20 --keep

PostgreSQL and Odoo are found as ``make test`` finds them (tools/oe_dev.py).
"""

import argparse
import contextlib
import itertools
import json
import math
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oe_dev

DEPARTMENT = "35"
N_ENTREPRENEURS = 50
N_GERANTS = 5
N_ACCOUNTANTS = 2
HOUR_DAYS = 28  # hours are dated in the 28 days before today (never today: no time zone edge)
HOURS = (0.25, 0.5, 0.75, 1.0)
DASHBOARD_EVERY = 3  # an entrepreneur opens the dashboard once every three hour lines
# Pauses between two actions of a user, in seconds (uniform between the bounds), before --think.
PAUSES = {"entrepreneur": (0.5, 1.5), "gerant": (1.0, 3.0), "accountant": (2.0, 5.0), "sas": (5.0, 10.0)}
REQUEST_TIMEOUT = 180  # seconds; Odoo's own --limit-time-real is 120
LOGIN_TIMEOUT = 600  # seconds for every user to log in, before the work starts
# JSON-RPC errors that are answers to the user (a French message), not failures of the server.
REFUSALS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.MissingError",
    "odoo.exceptions.RedirectWarning",
}
SERIALIZATION = ("SerializationFailure", "TransactionRollbackError", "DeadlockDetected", "LockNotAvailable")


# ---------------------------------------------------------------- pure parts (tests/test_load.py)


def percentile(values, q):
    """The q-th percentile (0 < q <= 100) of values by the nearest-rank method; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100.0 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def classify(status, payload):
    """What one answer of the server is: ("ok", None), ("refusal", name) or ("error", kind).

    ``status`` is the HTTP status, ``payload`` the decoded JSON-RPC answer (None for an HTTP page). A French
    refusal (UserError and its kin in the JSON-RPC error) is an answer, not an error; an HTTP error, a
    serialization failure that reached the user (Odoo retries them first) or any other exception is one.
    """
    if status != 200:
        return "error", f"HTTP {status}"
    error = (payload or {}).get("error")
    if not error:
        return "ok", None
    data = error.get("data") or {}
    name = data.get("name") or ""
    message = data.get("message") or error.get("message") or ""
    if name in REFUSALS:
        return "refusal", name.rsplit(".", 1)[-1]
    if any(marker in name for marker in SERIALIZATION) or "could not serialize" in message:
        return "error", "serialization failure"
    if error.get("code") == 100 or name.endswith("SessionExpiredException"):
        return "error", "session expired"
    return "error", name or message or "unknown"


class Stats:
    """Latencies and outcomes per kind of request, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.refusals = defaultdict(lambda: defaultdict(int))
        self.errors = defaultdict(lambda: defaultdict(int))
        self.samples = {}  # (kind, outcome kind) -> one message, for the report

    def add(self, kind, seconds, outcome, detail=None, message=None):
        with self.lock:
            self.latencies[kind].append(seconds)
            if outcome == "refusal":
                self.refusals[kind][detail] += 1
                self.samples.setdefault((kind, f"refused ({detail})"), (message or "")[:300])
            elif outcome == "error":
                self.errors[kind][detail] += 1
                self.samples.setdefault((kind, detail), (message or "")[:300])

    def total(self):
        with self.lock:
            return sum(len(values) for values in self.latencies.values())


def table(stats, seconds, kinds, server=None):
    """The markdown table of the run: one row per kind of request, then all of them. ``server``: {kind: the
    server's own seconds per request}, for a column of their median (the rest of the latency is waiting)."""
    server = server or {}

    def row(label, latencies, refusals, errors, spent):
        p50, p95, p99 = (percentile(latencies, q) for q in (50, 95, 99))

        def ms(value):
            return "" if value is None else f"{value * 1000:.0f}"

        rate = len(latencies) / seconds if seconds else 0.0
        by_kind = ", ".join(f"{name}: {count}" for name, count in sorted(errors.items())) or "0"
        refused = sum(refusals.values())
        return (
            f"| {label} | {len(latencies)} | {rate:.1f} | {ms(p50)} | {ms(p95)} | {ms(p99)} "
            f"| {ms(percentile(spent, 50))} | {refused} | {by_kind} |"
        )

    lines = [
        "| request | count | req/s | p50 ms | p95 ms | p99 ms | server p50 ms | refusals | errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    all_latencies, all_refusals, all_errors, all_spent = [], defaultdict(int), defaultdict(int), []
    for kind in [*kinds, *sorted(set(stats.latencies) - set(kinds))]:
        if kind not in stats.latencies:
            continue
        lines.append(row(kind, stats.latencies[kind], stats.refusals[kind], stats.errors[kind], server.get(kind, [])))
        all_latencies += stats.latencies[kind]
        all_spent += server.get(kind, [])
        for name, count in stats.refusals[kind].items():
            all_refusals[name] += count
        for name, count in stats.errors[kind].items():
            all_errors[name] += count
    lines.append(row("**all**", all_latencies, all_refusals, all_errors, all_spent))
    return "\n".join(lines)


REQUEST_LINE = re.compile(r'"(?:GET|POST) (\S+) HTTP/[\d.]+" (\d+) - (\d+) ([\d.]+) ([\d.]+)')


def server_times(log_text, kinds_by_path):
    """{kind: [seconds the server spent on each request]} from Odoo's request lines (werkzeug at INFO:
    "<method> <path> HTTP/1.x" status - queries SQL-seconds other-seconds); paths of no kind are left out."""
    times = defaultdict(list)
    for path, _status, _queries, sql, other in REQUEST_LINE.findall(log_text):
        kind = kinds_by_path.get(path)
        if kind:
            times[kind].append(float(sql) + float(other))
    return times


def consistency_line(lost, double_invoiced, unbalanced):
    return f"lost: {lost}, double-invoiced: {double_invoiced}, unbalanced statements: {unbalanced}"


# ---------------------------------------------------------------- the data


def build(env, n_entrepreneurs, n_gerants, n_accountants, say):
    """The network and its users. Returns {role: [(login, company ids, extra)]}; every password is the login."""
    from odoo import Command

    Company = env["res.company"]
    sas = Company.search([("oe_role", "=", "sas")], limit=1)
    if not sas:
        sas = Company.create({"name": "SAS Oui Ensemble", "oe_role": "sas", "country_id": env.ref("base.fr").id})
        sas._oe_setup_network_company()
    say(f"ETD {DEPARTMENT} (2 CAEs with their charts of accounts)...")
    etd = env["oe.etd"].create_etd(DEPARTMENT, f"ETD {DEPARTMENT}")
    env["oe.redevance.rate"].create(
        {"etd_id": etd.id, "date_from": "2020-01-01", "rate": 5.0, "conceptual_share": 40.0}
    )
    samad_pole, dom_pole = env.ref("oe_etd.pole_samad"), env.ref("oe_etd.pole_dom")
    samad = etd.company_ids.filtered(lambda c: samad_pole in c.oe_pole_ids)
    msg = etd.company_ids - samad
    caes = samad | msg
    env.cr.commit()
    groups = {
        "entrepreneur": env.ref("oe_etd.group_entrepreneur"),
        "gerant": env.ref("oe_etd.group_cae_manager"),
        "accountant": env.ref("oe_etd.group_cae_accountant"),
    }
    tutor = env.ref("oe_entrepreneur.function_tutor")

    def users(prefix, count, group, companies_of):
        say(f"{count} users {prefix}.*...")
        return env["res.users"].create(
            [
                {
                    "name": f"{prefix} {i:02d}",
                    "login": f"{prefix}.{i:02d}",
                    "password": f"{prefix}.{i:02d}",
                    "lang": "fr_FR",
                    "tz": "Europe/Paris",
                    "groups_id": [Command.set(group.ids)],
                    "company_id": companies_of(i)[0].id,
                    "company_ids": [Command.set(companies_of(i).ids)],
                }
                for i in range(count)
            ]
        )

    def es_company(i):
        return samad if i % 2 == 0 else msg

    es_users = users("es", n_entrepreneurs, groups["entrepreneur"], es_company)
    gerants = users("gerant", n_gerants, groups["gerant"], lambda i: caes)
    accountants = users("compta", n_accountants, groups["accountant"], lambda i: caes)
    sas_accountant = users("compta.sas", 1, groups["accountant"], lambda i: sas)
    say(f"{n_entrepreneurs} entrepreneurs and their missions...")
    employees = env["hr.employee"].create(
        [
            {
                "name": user.name,
                "company_id": es_company(i).id,
                "user_id": user.id,
                "oe_is_entrepreneur": True,
                "oe_status": "operational",
                "oe_function_ids": [Command.set(tutor.ids)],
                "oe_hourly_rate": 25.0 + 5 * (i % 4),
            }
            for i, user in enumerate(es_users)
        ]
    )
    clients = env["res.partner"].create(
        [
            {
                "name": f"Client {i:02d}",
                "zip": f"{DEPARTMENT}000",
                "city": "Rennes",
                "country_id": env.ref("base.fr").id,
            }
            for i in range(10)
        ]
    )
    missions = env["project.project"].create(
        [
            {
                "name": f"Mission {i:02d}",
                "oe_is_mission": True,
                "partner_id": clients[i % len(clients)].id,
                "oe_pole_id": (samad_pole if i % 2 == 0 else dom_pole).id,
                "oe_lead_employee_id": employee.id,
                "oe_state": "in_progress",
            }
            for i, employee in enumerate(employees)
        ]
    )
    env["oe.mission.assignment"].create(
        [
            {"project_id": mission.id, "employee_id": employee.id, "function_id": tutor.id, "state": "accepted"}
            for mission, employee in zip(missions, employees, strict=True)
        ]
    )
    wrong = missions.filtered(lambda m: m.company_id != m.oe_lead_employee_id.company_id)
    if wrong:
        raise oe_dev.Abort(f"missions outside their lead's CAE: {wrong.mapped('name')}")
    env.cr.commit()
    return {
        "entrepreneur": [
            (user.login, es_company(i).ids, {"mission": mission.id})
            for i, (user, mission) in enumerate(zip(es_users, missions, strict=True))
        ],
        "gerant": [(user.login, caes.ids, {}) for user in gerants],
        "accountant": [(user.login, caes.ids, {}) for user in accountants],
        "sas": [(user.login, sas.ids, {}) for user in sas_accountant],
    }


# ---------------------------------------------------------------- the server


def start_server(odoo_cmd, addons_path, params, database, workers, logfile):
    """Odoo on a free loopback port, in a process group of its own. Returns (process, base URL)."""
    port = oe_dev.free_port()
    args = [
        *[arg for arg in oe_dev.common_args(params, addons_path) if arg != "--no-http"],
        *oe_dev.serve_args(database, port, workers, oe_dev.free_port() if workers else None),
        "--log-level=warn",
        "--log-handler=werkzeug:INFO",  # one line per request: its queries, SQL time and other time
        f"--logfile={logfile}",
    ]
    oe_dev.say(f"odoo {' '.join(a for a in args if not a.startswith('--db_password'))}")
    server_cmd = oe_dev.prefork_cmd(odoo_cmd) if workers else odoo_cmd
    proc = subprocess.Popen([*server_cmd, *args], cwd="/", start_new_session=True)
    return proc, f"http://127.0.0.1:{port}"


def wait_health(proc, url, timeout=120):
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise oe_dev.Abort(f"Odoo stopped with {proc.returncode} before answering (see its log)")
        try:
            if requests.get(f"{url}/web/health", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise oe_dev.Abort(f"Odoo did not answer {url}/web/health within {timeout} s")


def stop_server(proc):
    """SIGTERM to the server's process group (its workers), SIGKILL if it lingers."""
    if proc.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


# ---------------------------------------------------------------- the clients


class Stop(Exception):
    """The run is over (time or number of requests)."""


class Client:
    """One user of the web client: a session, and requests timed and classified into ``stats``."""

    def __init__(self, url, database, login, company_ids, run):
        import requests

        self.url, self.database, self.login, self.company_ids, self.run = url, database, login, company_ids, run
        self.http = requests.Session()
        # One connection per request, as a reverse proxy (nginx: HTTP/1.0 to its upstream) talks to Odoo: a
        # prefork worker otherwise waits on an idle kept-alive connection (2 s) and then drops it.
        self.http.headers["Connection"] = "close"
        self.context = {"lang": "fr_FR", "tz": "Europe/Paris", "allowed_company_ids": company_ids}
        self.ids = itertools.count(1)

    def request(self, kind, path, params=None):
        """One request; returns the JSON-RPC result (or the HTTP text), or raises Refused / Failed."""
        import requests

        self.run.check()
        self.run.paths[path] = kind
        start = time.perf_counter()
        status, payload, message = None, None, ""
        # Bounded in time: a request still unanswered a minute after the end of the run is a timeout.
        timeout = min(REQUEST_TIMEOUT, max(0.0, self.run.deadline - time.monotonic()) + 60)
        try:
            with self.run.slot():
                response = self._send(path, params, timeout)
            status = response.status_code
            if params is not None and status == 200:
                payload = response.json()
            outcome, detail = classify(status, payload)
            if outcome != "ok":
                data = ((payload or {}).get("error") or {}).get("data") or {}
                message = data.get("message") or response.text[:300]
        except requests.Timeout:
            outcome, detail, message = "error", "timeout", f"no answer in {timeout:.0f} s"
        except (requests.RequestException, ValueError) as error:
            outcome, detail, message = "error", type(error).__name__, str(error)
        if kind == "login":
            self.run.login_stats.add(kind, time.perf_counter() - start, outcome, detail, message)
        else:
            self.run.stats.add(kind, time.perf_counter() - start, outcome, detail, message)
            self.run.count()
        if outcome == "refusal":
            raise Refused(detail)
        if outcome == "error":
            raise Failed(detail)
        return payload["result"] if payload is not None else response.text

    def _send(self, path, params, timeout):
        if params is None:
            return self.http.get(self.url + path, timeout=timeout)
        body = {"jsonrpc": "2.0", "method": "call", "id": next(self.ids), "params": params}
        return self.http.post(
            self.url + path, data=json.dumps(body), headers={"Content-Type": "application/json"}, timeout=timeout
        )

    def authenticate(self, password):
        result = self.request(
            "login", "/web/session/authenticate", {"db": self.database, "login": self.login, "password": password}
        )
        if not result or not result.get("uid"):
            raise Failed("authentication")
        return result

    def call(self, kind, model, method, args, kwargs=None, button=False):
        route = "/web/dataset/call_button" if button else "/web/dataset/call_kw"
        kwargs = dict(kwargs or {}, context=dict(self.context, **(kwargs or {}).get("context", {})))
        return self.request(
            kind, f"{route}/{model}.{method}", {"model": model, "method": method, "args": args, "kwargs": kwargs}
        )


class Refused(Exception):
    pass


class Failed(Exception):
    pass


class Run:
    """What the client threads share: the deadline, the request budget, the statistics, the hours sent."""

    def __init__(self, seconds, max_requests, think, connections=0):
        self.seconds = seconds
        self.connections = threading.BoundedSemaphore(connections) if connections else None
        self.deadline = time.monotonic() + seconds
        self.max_requests = max_requests
        self.think = think
        self.stats = Stats()
        self.login_stats = Stats()
        self.paths = {}  # path of each request -> its kind (the server logs the path)
        self.sent = []  # (label, values, outcome: an id, "refused" or "failed")
        self.lock = threading.Lock()
        self.requests = 0
        self.stopped = threading.Event()

    @contextlib.contextmanager
    def slot(self):
        """At most ``connections`` requests at the server at once, the others waiting their turn (as behind
        a reverse proxy); the wait is part of the latency the user sees."""
        if self.connections is None:
            yield
            return
        with self.connections:
            yield

    def check(self):
        if self.stopped.is_set() or time.monotonic() >= self.deadline:
            self.stopped.set()
            raise Stop

    def count(self):
        with self.lock:
            self.requests += 1
            if self.requests >= self.max_requests:
                self.stopped.set()

    def pause(self, role, rng):
        low, high = PAUSES[role]
        end = time.monotonic() + rng.uniform(low, high) * self.think
        while time.monotonic() < min(end, self.deadline):
            if self.stopped.wait(min(0.2, max(0.0, end - time.monotonic()))):
                return

    def record(self, label, values, outcome):
        with self.lock:
            self.sent.append((label, values, outcome))


def entrepreneur(client, run, rng, extra, today):
    for n in itertools.count():
        label = f"load {uuid.uuid4().hex}"
        values = {
            "name": label,
            "project_id": extra["mission"],
            "date": (today - timedelta(days=rng.randint(1, HOUR_DAYS))).isoformat(),
            "unit_amount": rng.choice(HOURS),
        }
        try:
            ids = client.call("ES: log an hour line", "account.analytic.line", "create", [[values]])
            run.record(label, values, ids[0] if isinstance(ids, list) else ids)
        except Refused:
            run.record(label, values, "refused")
        except Failed:
            run.record(label, values, "failed")
        except Stop:
            run.record(label, values, "not sent")
            raise
        if n % DASHBOARD_EVERY == 0:
            run.pause("entrepreneur", rng)
            try:
                client.request("ES: open the dashboard", "/oe/dashboard")
            except (Refused, Failed):
                pass
        run.pause("entrepreneur", rng)


def gerant(client, run, rng, extra, today):
    while True:
        try:
            lines = client.call(
                "Gérant: read the hours to validate",
                "account.analytic.line",
                "web_search_read",
                [],
                {
                    "domain": [["project_id.oe_is_mission", "=", True], ["oe_validated", "=", False]],
                    "specification": {"date": {}, "employee_id": {"fields": {"display_name": {}}}, "unit_amount": {}},
                    "limit": 80,
                    "order": "date desc",
                },
            )
            ids = [record["id"] for record in lines["records"]]
            if ids:
                run.pause("gerant", rng)
                client.call("Gérant: validate", "account.analytic.line", "action_oe_validate", [ids], button=True)
        except (Refused, Failed):
            pass
        run.pause("gerant", rng)


def accountant(client, run, rng, extra, today):
    while True:
        try:
            [wizard] = client.call(
                "Accountant: open Facturer les heures",
                "oe.mission.invoice",
                "web_save",
                [[], {"date_from": (today - timedelta(days=HOUR_DAYS)).isoformat(), "date_to": today.isoformat()}],
                {"specification": {}},
            )
            action = client.call(
                "Accountant: invoice the hours", "oe.mission.invoice", "action_invoice", [[wizard["id"]]], button=True
            )
            invoice_ids = action["domain"][0][2]
            run.pause("accountant", rng)
            client.call("Accountant: post the invoices", "account.move", "action_post", [invoice_ids], button=True)
        except (Refused, Failed):
            pass
        run.pause("accountant", rng)


def sas_accountant(client, run, rng, extra, today):
    while True:
        try:
            [wizard] = client.call(
                "SAS: open the redevance wizard",
                "oe.redevance.generate",
                "web_save",
                [[], {"month": today.isoformat()}],
                {"specification": {}},
            )
            client.call(
                "SAS: generate the redevance",
                "oe.redevance.generate",
                "action_generate",
                [[wizard["id"]]],
                button=True,
            )
        except (Refused, Failed):
            pass
        run.pause("sas", rng)


ROLES = {"entrepreneur": entrepreneur, "gerant": gerant, "accountant": accountant, "sas": sas_accountant}
KINDS = [
    "ES: log an hour line",
    "ES: open the dashboard",
    "Gérant: read the hours to validate",
    "Gérant: validate",
    "Accountant: open Facturer les heures",
    "Accountant: invoice the hours",
    "Accountant: post the invoices",
    "SAS: open the redevance wizard",
    "SAS: generate the redevance",
]


def drive(url, database, users, run, seed=0):
    """One thread per user: all log in at once (timed apart), then work until the run stops.

    Returns (seconds of the logins, seconds of the work, client threads still waiting for an answer)."""
    today = date.today()
    logged_in = threading.Semaphore(0)
    go = threading.Event()

    def user_thread(role, index, login, company_ids, extra):
        rng = random.Random(f"{seed}-{role}-{index}")
        client = Client(url, database, login, company_ids, run)
        try:
            client.authenticate(login)
        except (Stop, Refused, Failed):
            return
        finally:
            logged_in.release()
        go.wait()
        try:
            ROLES[role](client, run, rng, extra, today)
        except (Stop, Refused, Failed):
            pass

    threads = [
        threading.Thread(target=user_thread, args=(role, index, *user), daemon=True)
        for role, role_users in users.items()
        for index, user in enumerate(role_users)
    ]
    run.deadline = time.monotonic() + LOGIN_TIMEOUT
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for _thread in threads:
        logged_in.acquire(timeout=LOGIN_TIMEOUT)
    login_seconds = time.monotonic() - start
    start = time.monotonic()
    run.deadline = start + run.seconds
    go.set()
    for thread in threads:
        thread.join(timeout=max(0.0, run.deadline - time.monotonic()) + REQUEST_TIMEOUT + 10)
    return login_seconds, time.monotonic() - start, sum(thread.is_alive() for thread in threads)


# ---------------------------------------------------------------- the checks


def check_database(params, database, sent):
    """(lost, double-invoiced, unbalanced statements, details) from the database itself."""
    conn = oe_dev.pg_try(params, dbname=database)
    details = []
    with conn.cursor() as cr:
        labels = [label for label, _values, _outcome in sent]
        cr.execute(
            "SELECT name, id, project_id, date::text, unit_amount FROM account_analytic_line WHERE name = ANY(%s)",
            [labels],
        )
        found = defaultdict(list)
        for name, line_id, project_id, day, hours in cr.fetchall():
            found[name].append((line_id, project_id, day, float(hours)))
        lost = 0
        for label, values, outcome in sent:
            rows = found.get(label, [])
            if isinstance(outcome, int):
                expected = (outcome, values["project_id"], values["date"], float(values["unit_amount"]))
                if rows != [expected]:
                    lost += 1
                    details.append(f"hour line {label} (id {outcome}): found {rows}")
            elif (outcome in ("refused", "not sent") and rows) or len(rows) > 1:
                lost += 1
                details.append(f"hour line {label} ({outcome}): found {rows}")
        # Every invoice line of a mission invoice carries exactly the hours linked to it.
        cr.execute(
            """
            SELECT l.id, m.name, m.state, l.quantity, COALESCE(SUM(t.unit_amount), 0)
              FROM account_move_line l
              JOIN account_move m ON m.id = l.move_id
         LEFT JOIN account_analytic_line t ON t.oe_invoice_line_id = l.id
             WHERE m.oe_mission_id IS NOT NULL AND m.move_type = 'out_invoice' AND m.state != 'cancel'
               AND l.oe_assignment_id IS NOT NULL
          GROUP BY l.id, m.name, m.state, l.quantity
            HAVING ABS(l.quantity - COALESCE(SUM(t.unit_amount), 0)) > 0.005
            """
        )
        mismatched = cr.fetchall()
        details += [
            f"invoice line {row[0]} of {row[1]} ({row[2]}): {row[3]} invoiced, {row[4]} linked" for row in mismatched
        ]
        # Each live statement's base is the sum of the posted journal items it counts, counted by it alone.
        cr.execute(
            """
            WITH counted AS (
                SELECT s.id AS statement_id, rel.move_line_id
                  FROM oe_redevance_statement s
                  JOIN oe_redevance_statement_line sl ON sl.statement_id = s.id
                  JOIN oe_redevance_statement_line_aml_rel rel ON rel.statement_line_id = sl.id
                 WHERE s.state != 'cancel'
            ), twice AS (
                SELECT move_line_id FROM counted GROUP BY move_line_id HAVING COUNT(*) > 1
            )
            SELECT s.id, s.name, s.base_amount,
                   (SELECT COALESCE(SUM(-aml.balance), 0) FROM counted c
                      JOIN account_move_line aml ON aml.id = c.move_line_id
                     WHERE c.statement_id = s.id AND aml.parent_state = 'posted') AS ledger,
                   (SELECT COALESCE(SUM(sl.base_amount), 0) FROM oe_redevance_statement_line sl
                     WHERE sl.statement_id = s.id) AS lines,
                   (SELECT COUNT(*) FROM counted c JOIN twice t USING (move_line_id) WHERE c.statement_id = s.id)
              FROM oe_redevance_statement s
             WHERE s.state != 'cancel'
            """
        )
        statements = cr.fetchall()
        unbalanced = 0
        for statement_id, name, base, ledger, lines, shared in statements:
            if abs(float(base) - float(ledger)) > 0.005 or abs(float(base) - float(lines)) > 0.005 or shared:
                unbalanced += 1
                details.append(
                    f"statement {statement_id} {name}: base {base}, ledger {ledger}, lines {lines}, "
                    f"{shared} items counted twice"
                )
        cr.execute(
            "SELECT (SELECT COUNT(*) FROM account_analytic_line WHERE name LIKE 'load %%'),"
            " (SELECT COUNT(*) FROM account_analytic_line WHERE name LIKE 'load %%' AND oe_validated),"
            " (SELECT COUNT(*) FROM account_analytic_line"
            "   WHERE name LIKE 'load %%' AND oe_invoice_line_id IS NOT NULL),"
            " (SELECT COUNT(*) FROM account_move WHERE oe_mission_id IS NOT NULL AND state = 'posted'),"
            " (SELECT COUNT(*) FROM account_move WHERE oe_mission_id IS NOT NULL AND state = 'draft'),"
            " (SELECT COUNT(*) FROM oe_redevance_statement WHERE state != 'cancel')"
        )
        totals = dict(
            zip(
                ("hours", "validated", "invoiced", "posted invoices", "draft invoices", "statements"),
                cr.fetchone(),
                strict=True,
            )
        )
    conn.close()
    return lost, len(mismatched), unbalanced, details, totals


# ---------------------------------------------------------------- main


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=2, help="Odoo's HTTP workers (0: the threaded server)")
    parser.add_argument("--seconds", type=float, default=120, help="how long the users work (default 120)")
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop after this many requests")
    parser.add_argument(
        "--connections",
        type=int,
        help="requests at the server at once, the others wait their turn as behind a reverse proxy "
        "(default: 8 per worker, the backlog of Odoo's prefork server; 0: no limit)",
    )
    parser.add_argument("--think", type=float, default=1.0, help="factor on the users' pauses (0: none)")
    parser.add_argument("--db", default="oe_load", help="the throwaway database (dropped first, and at the end)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    if args.workers < 0 or args.seconds <= 0 or args.max_requests < 1 or args.think < 0:
        parser.error("--workers, --seconds, --max-requests and --think take positive numbers")

    odoo_cmd, addons_path, cluster, params = oe_dev.prepare()
    proc = None
    try:
        if args.workers and (problem := oe_dev.gevent_problem()):
            raise oe_dev.Abort(
                f"gevent cannot monkey-patch in this Python ({problem}): Odoo's prefork server would start its "
                'gevent process again and again. See README.md, "Load".'
            )
        registry = oe_dev.bench_registry(odoo_cmd, addons_path, params, args.db, "oe_redevance")

        import odoo
        from odoo import SUPERUSER_ID, api

        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            # French, as the users' language (the refusals they read).
            env["res.lang"]._activate_lang("fr_FR")
            users = build(env, N_ENTREPRENEURS, N_GERANTS, N_ACCOUNTANTS, oe_dev.say)
            cr.execute("ANALYZE")
            cr.commit()
        odoo.sql_db.close_db(args.db)

        logfile = oe_dev.LOCAL / "logs" / "load_server.log"
        logfile.unlink(missing_ok=True)
        proc, url = start_server(odoo_cmd, addons_path, params, args.db, args.workers, logfile)
        wait_health(proc, url)
        n_users = sum(len(role_users) for role_users in users.values())
        oe_dev.say(f"{n_users} users for {args.seconds:.0f} s on {url} ({args.workers} workers)...")
        connections = args.connections if args.connections is not None else 8 * args.workers
        run = Run(args.seconds, args.max_requests, args.think, connections)
        login_seconds, elapsed, alive = drive(url, args.db, users, run)
        stop_server(proc)
        lost, double, unbalanced, details, totals = check_database(params, args.db, run.sent)

        log_text = logfile.read_text(errors="replace")
        server_errors = sum(1 for line in log_text.splitlines() if " ERROR " in line)
        spent = server_times(log_text, run.paths)
        errors = sum(sum(kinds.values()) for stats in (run.stats, run.login_stats) for kinds in stats.errors.values())
        print()
        print(
            f"{args.workers} workers, {n_users} users ({N_ENTREPRENEURS} entrepreneurs, {N_GERANTS} Gérants, "
            f"{N_ACCOUNTANTS} accountants, 1 SAS accountant), {elapsed:.0f} s of work, {run.requests} requests, "
            f"at most {connections or 'any number of'} at the server at once, {os.cpu_count()} CPUs."
        )
        print()
        print(table(run.stats, elapsed, KINDS, spent))
        print()
        print("Before the work, every user logged in at once (`/web/session/authenticate`, a password hash each):")
        print()
        print(table(run.login_stats, login_seconds, ["login"], spent).rsplit("\n", 1)[0])
        print()
        outcomes = defaultdict(int)
        for _label, _values, outcome in run.sent:
            outcomes["acknowledged" if isinstance(outcome, int) else outcome] += 1
        print(
            "Made: "
            + ", ".join(f"{value} {name}" for name, value in totals.items())
            + f"; hour lines sent: {outcomes['acknowledged']} acknowledged, {outcomes['refused']} refused, "
            f"{outcomes['failed']} failed; {server_errors} ERROR lines in the server's log ({logfile})."
        )
        for (kind, detail), message in sorted({**run.login_stats.samples, **run.stats.samples}.items()):
            print(f"  {kind}, {detail if detail.startswith('refused') else 'error ' + detail}: {message}")
        for detail in details[:20]:
            print(f"  {detail}")
        if alive:
            print(f"  {alive} client threads still waiting for an answer at the end")
        print(consistency_line(lost, double, unbalanced))
        return 1 if (errors or lost or double or unbalanced) else 0
    except oe_dev.Abort as error:
        print(f"load: {error}", file=sys.stderr)
        return 2
    finally:
        if proc is not None:
            stop_server(proc)
        if not args.keep:
            oe_dev.drop_db(params, args.db)
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
