"""Plain tests of the run/test driver (no Odoo, no database)."""

import sys
import textwrap
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))

import oe_dev

LOG = textwrap.dedent(
    """\
    2026-11-22 05:00:00,001 42 INFO oe_test_x odoo.modules.loading: loading 1 modules...
    2026-11-22 05:00:01,001 42 ERROR oe_test_x odoo.addons.oe_etd.tests.test_etd: FAIL: TestCreateEtd.test_x
    Traceback (most recent call last):
    AssertionError: 1 != 2
    2026-11-22 05:00:02,001 42 ERROR oe_test_x odoo.addons.oe_etd.tests.test_etd: ERROR: TestCreateEtd.test_y
    2026-11-22 05:00:03,001 42 WARNING oe_test_x odoo.addons.oe_etd.models.oe_etd: something odd
    2026-11-22 05:00:03,101 42 WARNING oe_test_x odoo.addons.base.models.ir_mail_server: no mail server
    2026-11-22 05:00:03,201 42 ERROR ? werkzeug: 127.0.0.1 - - [x] Request timed out: TimeoutError('timed out') - - -
    2026-11-22 05:00:03,301 42 ERROR oe_test_x werkzeug: 127.0.0.1 - - "POST /web/dataset/call_kw HTTP/1.1" 500 -
    2026-11-22 05:00:04,001 42 INFO oe_test_x odoo.tests.stats: oe_etd: 12 tests 3.20s 4012 queries
    2026-11-22 05:00:04,002 42 INFO oe_test_x odoo.tests.stats: account: 3 tests 1.00s 10 queries
    2026-11-22 05:00:04,003 42 ERROR db odoo.tests.result: 1 failed, 1 error(s) of 11 tests when loading database 'db'
    """
)


def test_parse_test_log_counts_our_tests_and_failures():
    ran, failed, failures = oe_dev.parse_test_log(LOG)
    assert (ran, failed) == (11, 2)
    assert failures == [
        "odoo.addons.oe_etd.tests.test_etd: ERROR: TestCreateEtd.test_y",
        "odoo.addons.oe_etd.tests.test_etd: FAIL: TestCreateEtd.test_x",
    ]


def test_parse_test_log_without_tests():
    assert oe_dev.parse_test_log("nothing here\n") == (0, 0, [])


def test_log_problems_skips_test_results_and_known_noise():
    problems = oe_dev.log_problems(LOG, oe_dev.LOG_NOISE)
    assert len(problems) == 2
    assert "something odd" in problems[0]
    assert '" 500 -' in problems[1], "a request that failed is a problem"


def _addon(root, name, depends):
    path = root / name
    path.mkdir()
    (path / "__manifest__.py").write_text(repr({"name": name, "depends": depends}))


def test_our_addons_in_dependency_order(tmp_path):
    _addon(tmp_path, "oe_mission", ["oe_entrepreneur", "project"])
    _addon(tmp_path, "oe_entrepreneur", ["oe_etd", "hr_skills"])
    _addon(tmp_path, "oe_etd", ["l10n_fr_account"])
    assert oe_dev.our_addons(tmp_path) == ["oe_etd", "oe_entrepreneur", "oe_mission"]
    assert oe_dev.external_depends(tmp_path) == ["hr_skills", "l10n_fr_account", "project"]


def test_odoo_db_args_leave_out_what_is_not_set():
    assert oe_dev.odoo_db_args({"host": "127.0.0.1", "port": None, "user": "odoo", "password": None}) == [
        "--db_host=127.0.0.1",
        "--db_user=odoo",
    ]


@pytest.mark.parametrize("command", ["run", "test"])
def test_cli_knows_both_commands(command):
    with pytest.raises(SystemExit) as caught:
        oe_dev.main([command, "--help"])
    assert caught.value.code == 0
