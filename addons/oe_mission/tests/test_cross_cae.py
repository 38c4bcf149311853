from odoo import fields
from odoo.tests import tagged

from .common import OeMissionCommon


@tagged("post_install", "-at_install")
class TestCrossCae(OeMissionCommon):
    """An entrepreneur of CAE MSG 35 works on a mission of CAE SAMAD 35."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.samad35.oe_retention_rate = 10.0
        cls.assignment_b = cls._assign(
            cls.mission, cls.es_b, cls.env.ref("oe_entrepreneur.function_developer"), accept=True
        )
        lines = cls._log(cls.es_b, cls.mission, "2026-02-05", 2, user=cls.user_b)
        lines |= cls._log(cls.es_lead, cls.mission, "2026-02-06", 1)
        lines.with_user(cls.manager35).action_oe_validate()
        cls.invoice = cls.mission.oe_invoice_timesheets(
            fields.Date.to_date("2026-02-01"), fields.Date.to_date("2026-02-28")
        )
        cls.invoice.invoice_date = "2026-02-28"
        cls.invoice.action_post()

    def _home_documents(self, move_type):
        return self.env["account.move"].search(
            [
                ("company_id", "=", self.msg35.id),
                ("partner_id", "=", self.samad35.partner_id.id),
                ("move_type", "=", move_type),
            ]
        )

    def _mirrors(self, move_type):
        return self.env["account.move"].search(
            [
                ("company_id", "=", self.samad35.id),
                ("partner_id", "=", self.msg35.partner_id.id),
                ("move_type", "=", move_type),
            ]
        )

    def test_home_cae_invoices_the_mission_cae(self):
        home = self._home_documents("out_invoice")
        self.assertEqual(len(home), 1)
        self.assertEqual(home.state, "posted")
        self.assertEqual(home.oe_source_invoice_id, self.invoice)
        self.assertEqual(len(home.invoice_line_ids), 1, "only the hours of the entrepreneur of MSG 35")
        self.assertEqual(home.invoice_line_ids.quantity, 2)
        self.assertEqual(home.invoice_line_ids.price_unit, 27.0, "30 x (1 - 10 %)")
        self.assertFalse(home.invoice_line_ids.analytic_distribution, "no entrepreneur analytic account")
        tax = self.pole_samad.product_id.taxes_id.filtered(lambda t: t.company_id == self.msg35)
        self.assertEqual(home.invoice_line_ids.tax_ids, tax)

    def test_mirror_vendor_bill_in_the_mission_cae(self):
        home = self._home_documents("out_invoice")
        bill = self._mirrors("in_invoice")
        self.assertEqual(len(bill), 1)
        self.assertEqual(bill.auto_invoice_id, home)
        self.assertEqual(bill.state, "posted", "amounts match: the mirror is posted")
        self.assertAlmostEqual(bill.amount_total, home.amount_total)

    def test_client_credit_note_brings_the_inter_cae_credit_note(self):
        refund = self.invoice._reverse_moves([{"invoice_date": self.invoice.invoice_date}])
        refund.action_post()
        home_refund = self._home_documents("out_refund")
        self.assertEqual(len(home_refund), 1)
        self.assertEqual(home_refund.state, "posted")
        self.assertAlmostEqual(home_refund.amount_total, self._home_documents("out_invoice").amount_total)
        self.assertEqual(len(self._mirrors("in_refund")), 1)

    def test_turnover_counted_once(self):
        self.env.flush_all()
        Report = self.env["oe.entrepreneur.report"]
        row_b = Report.search([("employee_id", "=", self.es_b.id), ("date", "=", "2026-02-01")])
        self.assertEqual(row_b.turnover, 60.0, "the client invoice line, not the inter-CAE invoice")
        row_lead = Report.search([("employee_id", "=", self.es_lead.id), ("date", "=", "2026-02-01")])
        self.assertEqual(row_lead.turnover, 25.0)
