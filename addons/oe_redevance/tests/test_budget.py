from datetime import date

from odoo.tests import tagged

from .common import OeRedevanceCommon

# Queries of generate() for one CAE and its statement, whatever the number of invoices.
GENERATE_BUDGET = 28


@tagged("post_install", "-at_install")
class TestStatementQueryBudget(OeRedevanceCommon):
    """The base comes from grouped queries: the same number of queries for 10 and for 200 invoices."""

    def _generate_queries(self, invoices, month, budget=GENERATE_BUDGET):
        self._invoices(self.samad35, date(2026, month, 3), [100.0] * invoices, self.es_lead)
        Statement = self.Statement.with_user(self.sas_accountant).with_context(
            allowed_company_ids=(self.sas | self.samad35).ids
        )
        date_from, date_to = Statement._period_of(date(2026, month, 1), "month")
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with self.assertQueryCount(budget):
            statement = Statement.generate(date_from, date_to, self.samad35)
            self.env.flush_all()
        queries = self.cr.sql_log_count - before
        self.assertEqual(statement.base_amount, 100.0 * invoices)
        self.assertEqual(len(statement.line_ids.move_line_ids), invoices)
        return queries

    def test_same_budget_for_10_and_200_invoices(self):
        self._generate_queries(1, 4, budget=60)  # warm the caches (rules, fields) that the first call fills
        small = self._generate_queries(10, 5)
        large = self._generate_queries(200, 6)
        self.assertEqual(small, large, "the number of queries does not depend on the number of invoices")
