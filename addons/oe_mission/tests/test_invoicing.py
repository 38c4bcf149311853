from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import OeMissionCommon


@tagged("post_install", "-at_install")
class TestInvoicing(OeMissionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.assignment_c = cls._assign(cls.mission, cls.es_c, cls.f_coordinator, True)
        lines = cls._log(cls.es_lead, cls.mission, "2026-02-03", 3)
        lines |= cls._log(cls.es_lead, cls.mission, "2026-02-10", 2.5)
        lines |= cls._log(cls.es_c, cls.mission, "2026-02-11", 4)
        cls.not_validated = cls._log(cls.es_c, cls.mission, "2026-02-12", 1)
        cls.next_month = cls._log(cls.es_lead, cls.mission, "2026-03-02", 1)
        (lines | cls.next_month).with_user(cls.manager35).action_oe_validate()
        cls.lines = lines

    def _invoice(self):
        return (
            self.mission.with_user(self.accountant35)
            .with_context(allowed_company_ids=self.samad35.ids)
            .oe_invoice_timesheets(fields.Date.to_date("2026-02-01"), fields.Date.to_date("2026-02-28"))
        )

    def test_invoice_of_the_validated_hours(self):
        invoice = self._invoice()
        self.assertEqual(len(invoice), 1)
        self.assertRecordValues(
            invoice, [{"partner_id": self.client.id, "company_id": self.samad35.id, "state": "draft"}]
        )
        tax = self.pole_samad.product_id.taxes_id.filtered(lambda t: t.company_id == self.samad35)
        by_rate = {line.price_unit: line for line in invoice.invoice_line_ids}
        self.assertEqual(set(by_rate), {25.0, self.es_c.oe_hourly_rate})
        lead_line = by_rate[25.0]
        self.assertEqual(lead_line.quantity, 5.5)
        self.assertEqual(lead_line.tax_ids, tax)
        self.assertEqual(lead_line.product_id, self.pole_samad.product_id)
        self.assertIn(str(self.es_lead.oe_analytic_account_id.id), lead_line.analytic_distribution)
        self.assertIn(str(self.pole_samad.analytic_account_id.id), lead_line.analytic_distribution)
        self.assertEqual(self.lines.oe_invoice_line_id.move_id, invoice)
        self.assertFalse(self.not_validated.oe_invoice_line_id, "not validated: not invoiced")
        self.assertFalse(self.next_month.oe_invoice_line_id, "outside the period")
        self.assertEqual(invoice.amount_untaxed, 5.5 * 25.0 + 4 * self.es_c.oe_hourly_rate)
        with self.assertRaises(UserError):
            self._invoice()

    def test_to_invoice_filter(self):
        Project = self.env["project.project"]
        self.assertIn(self.mission, Project.search([("oe_to_invoice_hours", ">", 0)]))
        self._invoice()
        self.assertIn(self.mission, Project.search([("oe_to_invoice_hours", ">", 0)]), "March is left to invoice")
        self.assertEqual(self.mission.oe_to_invoice_hours, 1.0)

    def test_invoiced_hours_are_locked(self):
        self._invoice()
        with self.assertRaises(UserError):
            self.lines[0].with_user(self.manager35).unlink()

    def test_full_credit_note_releases_partial_does_not(self):
        invoice = self._invoice()
        invoice.action_post()
        links = [(line, line.oe_invoice_line_id) for line in self.lines]
        self.assertEqual(self.lines.oe_invoice_line_id.move_id, invoice)
        # Partial credit note: one hour of the lead.
        partial = invoice._reverse_moves([{"invoice_date": invoice.invoice_date}])
        partial.invoice_line_ids.filtered(lambda line: line.price_unit != 25.0).unlink()
        partial.invoice_line_ids.quantity = 1
        partial.action_post()
        self.assertEqual([(line, line.oe_invoice_line_id) for line in self.lines], links, "still invoiced")
        # The rest: the invoice is now fully refunded.
        rest = invoice._reverse_moves([{"invoice_date": invoice.invoice_date}])
        rest.invoice_line_ids.filtered(lambda line: line.price_unit == 25.0).quantity = 4.5
        rest.action_post()
        self.assertFalse(any(self.lines.mapped("oe_invoice_line_id")), "fully refunded: released")
        again = self._invoice()
        self.assertRecordValues(
            again, [{"state": "draft", "amount_untaxed": 5.5 * 25.0 + 4 * self.es_c.oe_hourly_rate}]
        )
        self.assertEqual(self.lines.oe_invoice_line_id.move_id, again, "the released hours, invoiced again")

    def test_cancel_and_delete_release(self):
        invoice = self._invoice()
        invoice.button_cancel()
        self.assertFalse(any(self.lines.mapped("oe_invoice_line_id")))
        invoice = self._invoice()
        invoice.unlink()
        self.assertFalse(any(self.lines.exists().mapped("oe_invoice_line_id")))

    def test_turnover_of_the_entrepreneur(self):
        invoice = self._invoice()
        invoice.invoice_date = "2026-02-28"
        invoice.action_post()
        self.env.flush_all()
        rows = self.env["oe.entrepreneur.report"].search(
            [("employee_id", "=", self.es_lead.id), ("date", "=", "2026-02-01")]
        )
        self.assertEqual(rows.turnover, 137.5)
        self.assertEqual(rows.hours, 5.5)
        # The entrepreneur reads it in their dashboard.
        data = (
            self.env["oe.entrepreneur.dashboard"]
            .with_user(self.user_lead)
            ._get_data(today=fields.Date.to_date("2026-02-28"))
        )
        self.assertEqual(data["month_turnover"], 137.5)

    def test_wizard(self):
        wizard_form = Form(
            self.env["oe.mission.invoice"]
            .with_user(self.accountant35)
            .with_context(
                active_model="project.project", active_ids=self.mission.ids, allowed_company_ids=self.samad35.ids
            )
        )
        wizard_form.date_from = "2026-02-01"
        wizard_form.date_to = "2026-02-28"
        action = wizard_form.save().action_invoice()
        invoices = self.env["account.move"].search(action["domain"])
        self.assertEqual(invoices.invoice_line_ids.oe_timesheet_ids, self.lines)
