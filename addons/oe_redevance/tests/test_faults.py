from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged

from odoo.addons.oe_mission.tests.common import OeConcurrencyCase

from ..models.oe_redevance_statement_line import STATEMENT_LINE_MOVE_LINE_REL

KILLED = ("OperationalError", "InterfaceError")


@tagged("post_install", "-at_install")
class TestFaults(OeConcurrencyCase):
    """``generate()`` under faults (docs/architecture.md, "Integrity under faults"), on the committed demo
    data of ETD 44: its PostgreSQL connection killed in the middle leaves no partial statement, line or
    counted item, and the same call then succeeds; two generations of every CAE at once give one set of
    statements. Each test removes what it committed."""

    def _month(self, months_ago=0):
        Statement = self.env["oe.redevance.statement"]
        day = fields.Date.context_today(Statement) - relativedelta(months=months_ago)
        return Statement._period_of(day, "month")

    @staticmethod
    def _generate(date_from, date_to):
        """generate() of every monthly CAE, as the SAS accountant's button does (superuser here)."""
        return lambda env: env["oe.redevance.statement"].generate(date_from, date_to).ids

    @staticmethod
    def _snapshot(env, date_from):
        """The live statements of the period as the database holds them: figures, lines, counted items."""
        env.cr.execute(
            f"""
            SELECT s.id, s.company_id, s.state, s.base_amount, s.amount, s.conceptual_amount,
                   s.operational_amount, s.regularisation_amount, s.rate, s.generated_on,
                   ARRAY(SELECT l.id FROM oe_redevance_statement_line l WHERE l.statement_id = s.id ORDER BY l.id),
                   ARRAY(SELECT (l.pole_id, l.employee_id, l.rate, l.base_amount, l.amount, l.origin_date)::text
                           FROM oe_redevance_statement_line l WHERE l.statement_id = s.id ORDER BY 1),
                   ARRAY(SELECT r.move_line_id FROM oe_redevance_statement_line l
                           JOIN {STATEMENT_LINE_MOVE_LINE_REL} r ON r.statement_line_id = l.id
                          WHERE l.statement_id = s.id ORDER BY 1)
              FROM oe_redevance_statement s
             WHERE s.date_from = %s AND s.state != 'cancel'
             ORDER BY s.company_id
            """,
            [date_from],
        )
        return env.cr.fetchall()

    @staticmethod
    def _cae_count(env):
        return env["res.company"].search_count([("oe_role", "=", "cae"), ("oe_redevance_period", "=", "month")])

    def _clean(self, date_from):
        def clean(env):
            env["oe.redevance.statement"].search([("date_from", "=", date_from), ("state", "=", "draft")]).unlink()

        self._in_new_cursor(clean)

    def test_connection_killed_while_creating_the_statements(self):
        """This month's statements of every CAE: killed once the statements are written and before their
        lines are, nothing of them is left; run again, one statement per CAE."""
        date_from, date_to = self._month()
        try:
            self.assertFalse(self._in_new_cursor(lambda env: self._snapshot(env, date_from)), "no statement yet")
            error = self._kill_connection_midway(
                self._generate(date_from, date_to), "oe.redevance.statement", "_create_lines"
            )
            self.assertIn(error, KILLED)
            self.assertFalse(self._in_new_cursor(lambda env: self._snapshot(env, date_from)), "no partial statement")
            ids = self._in_new_cursor(self._generate(date_from, date_to))
            rows = self._in_new_cursor(lambda env: self._snapshot(env, date_from))
            self.assertEqual(sorted(row[0] for row in rows), sorted(ids))
            companies = [row[1] for row in rows]
            self.assertEqual(len(companies), len(set(companies)), "one statement per CAE")
            self.assertEqual(len(companies), self._in_new_cursor(self._cae_count), "every monthly CAE")
        finally:
            self._clean(date_from)

    def test_connection_killed_while_refreshing_the_statements(self):
        """Last month's draft statements of the demo (a regularisation line counting a late invoice):
        killed while they are refreshed (old lines deleted, figures written, new lines not yet), they are
        found as they were; run again, the refresh succeeds and gives what it gives without the fault.

        The refreshes that succeed are rolled back: the demo's statements are left as they are."""
        date_from, date_to = self._month(months_ago=1)

        def refreshed(env):
            self._generate(date_from, date_to)(env)
            # all but the generation time and the line ids, which a refresh renews
            return [row[:9] + row[11:] for row in self._snapshot(env, date_from)]

        before = self._in_new_cursor(lambda env: self._snapshot(env, date_from))
        self.assertTrue(before and all(row[2] == "draft" for row in before), "the demo's draft statements")
        self.assertTrue(any(row[12] for row in before), "which count journal items")
        expected = self._in_rolled_back_cursor(refreshed)
        error = self._kill_connection_midway(
            self._generate(date_from, date_to), "oe.redevance.statement", "_create_lines"
        )
        self.assertIn(error, KILLED)
        self.assertEqual(self._in_new_cursor(lambda env: self._snapshot(env, date_from)), before, "nothing changed")
        self.assertEqual(self._in_rolled_back_cursor(refreshed), expected, "the same refresh as without the fault")

    def test_two_generations_of_every_cae_at_once(self):
        """Two generations of this month's statements of every CAE at once: one set of statements (one per
        CAE), which the retried one finds."""
        date_from, date_to = self._month()

        def generate(env, ready):
            env["oe.redevance.statement"].search_count([])  # the snapshot
            ready()
            return self._generate(date_from, date_to)(env)

        try:
            outcomes = self._run_at_once(generate)
            self.assertEqual(sorted(kind for kind, _ids in outcomes), ["done", "refused"], outcomes)
            [won] = [ids for kind, ids in outcomes if kind == "done"]
            again = self._in_new_cursor(self._generate(date_from, date_to))
            self.assertEqual(sorted(again), sorted(won), "the retry finds the same statements")
            rows = self._in_new_cursor(lambda env: self._snapshot(env, date_from))
            companies = [row[1] for row in rows]
            self.assertEqual(len(companies), len(set(companies)), "one statement per CAE")
            self.assertEqual(len(companies), self._in_new_cursor(self._cae_count), "every monthly CAE")
            self.assertGreater(len(companies), 1, "several CAEs")
        finally:
            self._clean(date_from)
