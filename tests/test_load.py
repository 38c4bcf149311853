"""Plain tests of the load script's pure parts and of the run command's --workers (no Odoo, no database)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import load
import oe_dev


def _error(name, message="Message en français", code=200):
    return {
        "jsonrpc": "2.0",
        "id": 1,
        "error": {"code": code, "message": "Odoo Server Error", "data": {"name": name, "message": message}},
    }


def test_percentile_nearest_rank():
    values = [0.5, 0.1, 0.4, 0.2, 0.3]
    assert load.percentile(values, 50) == 0.3
    assert load.percentile(values, 95) == 0.5
    assert load.percentile(values, 99) == 0.5
    assert load.percentile(values, 1) == 0.1
    assert load.percentile(list(range(1, 101)), 95) == 95
    assert load.percentile([7.0], 50) == 7.0
    assert load.percentile([], 50) is None


def test_classify_success_and_refusals():
    assert load.classify(200, {"jsonrpc": "2.0", "id": 1, "result": [42]}) == ("ok", None)
    assert load.classify(200, None) == ("ok", None)  # an HTTP page
    for name in ("UserError", "AccessError", "ValidationError", "MissingError"):
        assert load.classify(200, _error(f"odoo.exceptions.{name}")) == ("refusal", name)


def test_classify_errors():
    assert load.classify(500, None) == ("error", "HTTP 500")
    assert load.classify(502, {"error": {}}) == ("error", "HTTP 502")
    serialization = _error(
        "psycopg2.errors.SerializationFailure", "could not serialize access due to concurrent update"
    )
    assert load.classify(200, serialization) == ("error", "serialization failure")
    assert load.classify(200, _error("psycopg2.extensions.TransactionRollbackError")) == (
        "error",
        "serialization failure",
    )
    assert load.classify(200, _error("builtins.RuntimeError", "could not serialize access")) == (
        "error",
        "serialization failure",
    )
    expired = _error("odoo.http.SessionExpiredException", "Session expired", code=100)
    assert load.classify(200, expired) == ("error", "session expired")
    assert load.classify(200, _error("builtins.KeyError", "'x'")) == ("error", "builtins.KeyError")


def test_table_and_consistency_line():
    stats = load.Stats()
    for ms in (100, 200, 300, 400):
        stats.add("ES: log an hour line", ms / 1000, "ok")
    stats.add("ES: log an hour line", 0.05, "refusal", "ValidationError")
    stats.add("Gérant: validate", 1.0, "error", "HTTP 500", "Internal Server Error")
    server = {"ES: log an hour line": [0.02, 0.03, 0.04]}
    text = load.table(stats, 10.0, ["ES: log an hour line", "Gérant: validate"], server)
    lines = text.splitlines()
    assert lines[0] == "| request | count | req/s | p50 ms | p95 ms | p99 ms | server p50 ms | refusals | errors |"
    assert lines[2] == "| ES: log an hour line | 5 | 0.5 | 200 | 400 | 400 | 30 | 1 | 0 |"
    assert lines[3] == "| Gérant: validate | 1 | 0.1 | 1000 | 1000 | 1000 |  | 0 | HTTP 500: 1 |"
    assert lines[4] == "| **all** | 6 | 0.6 | 200 | 1000 | 1000 | 30 | 1 | HTTP 500: 1 |"
    assert load.consistency_line(0, 1, 2) == "lost: 0, double-invoiced: 1, unbalanced statements: 2"


def test_server_times_from_odoo_request_lines():
    log = (
        "2026-11-30 02:22:33,525 31058 INFO wb_load werkzeug: 127.0.0.1 - - [30/Nov/2026 02:22:33] "
        '"POST /web/dataset/call_kw/account.analytic.line.create HTTP/1.1" 200 - 39 0.128 0.172\n'
        "2026-11-30 02:22:34,525 31058 INFO wb_load werkzeug: 127.0.0.1 - - [30/Nov/2026 02:22:34] "
        '"GET /oe/dashboard HTTP/1.1" 200 - 20 0.050 0.250\n'
        "2026-11-30 02:22:35,525 31058 INFO wb_load werkzeug: 127.0.0.1 - - [30/Nov/2026 02:22:35] "
        '"GET /web/health HTTP/1.1" 200 - 0 0.000 0.001\n'
        "2026-11-30 02:22:37,108 31058 ERROR wb_load werkzeug: 127.0.0.1 - - [30/Nov/2026 02:22:37] "
        "Request timed out: TimeoutError('timed out') - - -\n"
    )
    kinds = {
        "/web/dataset/call_kw/account.analytic.line.create": "ES: log an hour line",
        "/oe/dashboard": "ES: open the dashboard",
    }
    times = load.server_times(log, kinds)
    assert times["ES: log an hour line"] == [pytest.approx(0.3)]
    assert times["ES: open the dashboard"] == [pytest.approx(0.3)]
    assert set(times) == set(kinds.values())


def test_run_arguments():
    args = oe_dev.make_parser().parse_args(["run"])
    assert (args.database, args.port, args.workers) == (oe_dev.APP_DB, 8069, 0)
    args = oe_dev.make_parser().parse_args(["run", "--workers", "2", "--port", "8121"])
    assert (args.port, args.workers) == (8121, 2)


def test_run_rejects_negative_workers():
    with pytest.raises(SystemExit) as caught:
        oe_dev.main(["run", "--workers", "-1"])
    assert caught.value.code == 2


def test_serve_args_threaded_and_prefork():
    threaded = oe_dev.serve_args("oui_ensemble", 8069)
    assert threaded == [
        "-d",
        "oui_ensemble",
        "--db-filter=^oui_ensemble$",
        "--http-interface=127.0.0.1",
        "--http-port=8069",
    ]
    prefork = oe_dev.serve_args("oui_ensemble", 8069, workers=2, gevent_port=8072)
    assert prefork == [*threaded, "--workers=2", "--max-cron-threads=2", "--gevent-port=8072"]


def test_prefork_runs_odoo_as_a_script(tmp_path, monkeypatch):
    monkeypatch.setattr(oe_dev, "LOCAL", tmp_path)
    cmd = oe_dev.prefork_cmd(["/usr/bin/python3", "-m", "odoo"])
    assert cmd == ["/usr/bin/python3", str(tmp_path / "odoo-bin")]
    assert "odoo.cli.main()" in (tmp_path / "odoo-bin").read_text()
    assert oe_dev.prefork_cmd(["/opt/odoo/odoo-bin"]) == ["/opt/odoo/odoo-bin"]


def test_load_arguments_are_checked():
    with pytest.raises(SystemExit):
        load.main(["--seconds", "0"])
