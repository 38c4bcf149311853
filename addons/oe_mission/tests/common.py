import json
import threading
import time
from unittest.mock import patch

import psycopg2
import psycopg2.errors

from odoo import SUPERUSER_ID, Command, api
from odoo.tests import TransactionCase, new_test_user
from odoo.tools import mute_logger

from odoo.addons.oe_entrepreneur.tests.common import OeEntrepreneurCommon
from odoo.addons.oe_etd.tests.common import company_vals


class OeMissionCommon(OeEntrepreneurCommon):
    """ETD 35 opened with ``create_etd`` (charts, taxes), entrepreneurs of both CAEs, a client, a mission."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.etd35 = (
            cls.env["oe.etd"]
            .with_user(cls.network_admin)
            .create_etd("35", "Ille-et-Vilaine", samad=company_vals("samad"), msg=company_vals("msg"))
            .sudo(False)
        )
        cls.samad35, cls.msg35 = cls.etd35.company_ids.sorted(lambda c: c.oe_cae_kind != "samad")
        both = cls.samad35 | cls.msg35
        cls.manager35 = cls._new_manager("oe_manager_35", both)
        cls.accountant35 = cls._new_manager("oe_accountant_35", both, groups="oe_etd.group_cae_accountant")
        cls.user_lead = cls._new_es_user("oe_es_lead", cls.samad35, name="Lead Tutor")
        cls.user_b = cls._new_es_user("oe_es_b", cls.msg35, name="Builder B")
        cls.user_c = cls._new_es_user("oe_es_c", cls.samad35, name="Unassigned C")
        cls.es_lead = cls._new_es("Lead Tutor", cls.samad35, user=cls.user_lead, oe_hourly_rate=25.0)
        cls.es_b = cls._new_es(
            "Builder B",
            cls.msg35,
            user=cls.user_b,
            functions=cls.env.ref("oe_entrepreneur.function_developer"),
            skills=cls.env.ref("oe_entrepreneur.skill_business_development"),
            oe_hourly_rate=30.0,
        )
        cls.es_c = cls._new_es("Unassigned C", cls.samad35, user=cls.user_c, oe_hourly_rate=22.0)
        cls.client = cls.env["res.partner"].create(
            {
                "name": "Client Rennes",
                "oe_client_type": "individual",
                "lang": "fr_FR",
                "zip": "35000",
                "city": "Rennes",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.mission = cls.env["project.project"].create(
            {
                "name": "Mission Rennes",
                "oe_is_mission": True,
                "partner_id": cls.client.id,
                "oe_pole_id": cls.pole_samad.id,
                "oe_lead_employee_id": cls.es_lead.id,
                "oe_state": "in_progress",
            }
        )
        cls.assignment_lead = cls._assign(cls.mission, cls.es_lead, cls.f_tutor, accept=True)

    @classmethod
    def _assign(cls, mission, employee, function, accept=False):
        assignment = cls.env["oe.mission.assignment"].create(
            {"project_id": mission.id, "employee_id": employee.id, "function_id": function.id}
        )
        if accept:
            assignment.with_user(employee.user_id).action_accept()
        return assignment

    @classmethod
    def _log(cls, employee, mission, day, hours, user=None):
        companies = mission.company_id | employee.company_id
        Line = cls.env["account.analytic.line"]
        if user:
            Line = Line.with_user(user)
        return Line.with_context(allowed_company_ids=companies.ids, lang="fr_FR").create(
            {
                "name": "Work",
                "project_id": mission.id,
                "employee_id": employee.id,
                "date": day,
                "unit_amount": hours,
            }
        )

    @classmethod
    def _user(cls, login, companies, groups):
        return new_test_user(
            cls.env, login=login, groups=groups, company_id=companies[0].id, company_ids=[Command.set(companies.ids)]
        )


class OeConcurrencyCase(TransactionCase):
    """Work done by two transactions at the same time, on committed data (each test cleans up after itself).

    Both transactions must see the same rows, so a test commits its data first (``_in_new_cursor``), then
    runs the same work in two threads (``_run_at_once``) that wait for each other once both have taken
    their snapshot.
    """

    def _committed_env(self, cr):
        # The registry is locked by the test run: give the transaction its registry directly.
        cr.transaction = api.Transaction(self.registry)
        return api.Environment(cr, SUPERUSER_ID, {"lang": "fr_FR"})

    def _in_new_cursor(self, function):
        """``function(env)`` in a transaction of its own, committed."""
        with self.registry.cursor() as cr:
            return function(self._committed_env(cr))

    def _run_at_once(self, work, refusals=(psycopg2.errors.SerializationFailure,)):
        """Run ``work(env, ready)`` in two transactions at once (``ready()`` once the snapshot is taken);
        each commits when it ends well. Returns [("done", result) or ("refused", exception name)]."""
        barrier = threading.Barrier(2, timeout=30)
        outcomes = []

        def run():
            with self.registry.cursor() as cr:
                try:
                    result = work(self._committed_env(cr), barrier.wait)
                    cr.commit()  # pylint: disable=invalid-commit  # the other transaction must see it
                    outcomes.append(("done", result))
                except refusals as error:
                    cr.rollback()
                    outcomes.append(("refused", type(error).__name__))

        with mute_logger("odoo.sql_db"):
            threads = [threading.Thread(target=run) for _index in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertFalse(any(thread.is_alive() for thread in threads), "both transactions ended")
        return outcomes

    def _in_rolled_back_cursor(self, function):
        """``function(env)`` in a transaction of its own, rolled back: what it did is seen, never kept."""
        with self.registry.cursor() as cr:
            try:
                return function(self._committed_env(cr))
            finally:
                cr.rollback()

    def _wait_backend_gone(self, pid, timeout=15):
        """Wait until PostgreSQL has ended the backend ``pid`` (its transaction rolled back)."""
        deadline = time.monotonic() + timeout

        def gone(env):
            env.cr.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            return not env.cr.rowcount

        while time.monotonic() < deadline:
            if self._in_new_cursor(gone):
                return
            time.sleep(0.05)
        self.fail(f"the PostgreSQL backend {pid} did not end")

    def _kill_connection_midway(self, work, model, method, when=None):
        """Run ``work(env)`` in a transaction of its own and terminate its PostgreSQL connection in the middle
        (``pg_terminate_backend``, as a restart or a network cut would): the first time ``model.method`` is
        called in that transaction (and ``when(records, *args)`` holds), what the transaction wrote so far is
        flushed to the database, then the connection is killed before the method runs. Returns the name of
        the error the work ended with (None if it was committed)."""
        model_class = self.registry[model]
        original = getattr(model_class, method)
        reached, resume = threading.Event(), threading.Event()
        backend = {}

        def stop_here(records, *args, **kwargs):
            if (
                threading.current_thread() is worker
                and not reached.is_set()
                and (when is None or when(records, *args, **kwargs))
            ):
                records.env.flush_all()  # what was done so far is in the database, not committed
                records.env.cr.execute("SELECT pg_backend_pid()")
                backend["pid"] = records.env.cr.fetchone()[0]
                reached.set()
                resume.wait(timeout=60)
            return original(records, *args, **kwargs)

        outcome = []

        def run():
            try:
                with self.registry.cursor() as cr:
                    work(self._committed_env(cr))
                    cr.commit()  # pylint: disable=invalid-commit  # (never reached: the connection is killed)
                outcome.append(None)
            except (psycopg2.OperationalError, psycopg2.InterfaceError) as error:
                outcome.append(type(error).__name__)

        worker = threading.Thread(target=run)
        # The lost connection makes the worker's next query fail: Odoo logs it ("bad query").
        with patch.object(model_class, method, stop_here), mute_logger("odoo.sql_db"):
            worker.start()
            try:
                self.assertTrue(reached.wait(timeout=60), f"the work reached {model}.{method}")
                self._in_new_cursor(lambda env: env.cr.execute("SELECT pg_terminate_backend(%s)", [backend["pid"]]))
                self._wait_backend_gone(backend["pid"])
            finally:
                resume.set()
                worker.join(timeout=60)
        self.assertFalse(worker.is_alive(), "the killed transaction ended")
        return outcome[0] if outcome else "no outcome"


class OeJsonRpcMixin:
    """For HttpCase tests: call a model method by JSON-RPC as the authenticated user, as the web client does."""

    def _call_kw_error(self, model, method, args):
        """The error the server answers (its ``data``: name, message), or {} when the call succeeds; a refusal
        is an answer of the server, never an HTTP error."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": {"context": {"lang": "fr_FR"}}},
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw", data=json.dumps(payload), headers={"Content-Type": "application/json"}
            )
        self.assertEqual(response.status_code, 200, "a refusal, never an HTTP error")
        return response.json().get("error", {}).get("data", {})
