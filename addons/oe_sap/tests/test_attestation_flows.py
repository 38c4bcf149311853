from collections import defaultdict
from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .common import OeSapCommon


@tagged("post_install", "-at_install")
class TestAttestationCrossCae(OeSapCommon):
    """A mission of SAMAD 35 for a private client, worked by its own entrepreneur and by one of MSG 35: the CAE
    that invoiced the client attests, naming both intervenants."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.es_b.sudo().oe_sap_identifier = "INT-MSG-0007"
        cls.es_lead.sudo().oe_sap_identifier = "INT-SAM-0001"
        cls._assign(cls.mission, cls.es_b, cls.env.ref("oe_entrepreneur.function_developer"), accept=True)
        lines = cls._log(cls.es_b, cls.mission, "2025-02-05", 2, user=cls.user_b)
        lines |= cls._log(cls.es_lead, cls.mission, "2025-02-06", 1)
        lines |= cls._log(cls.es_lead, cls.mission, "2025-02-20", 1.5)
        lines.with_user(cls.manager35).action_oe_validate()
        cls.invoice = cls.mission.oe_invoice_timesheets(date(2025, 2, 1), date(2025, 2, 28))
        cls.invoice.invoice_date = "2025-02-28"
        cls.invoice.action_post()
        cls._pay(cls.invoice, cls.invoice.amount_total, "2025-03-10", "transfer")

    def test_the_invoicing_cae_attests_and_names_every_intervenant(self):
        self.assertTrue(all(self.invoice.invoice_line_ids.mapped("oe_sap_eligible")), "the SAMAD pole is SAP")
        attestations = self.env["oe.sap.attestation"].with_user(self.accountant35).generate(2025)
        mine = attestations.filtered(lambda a: a.partner_id == self.client)
        self.assertEqual(mine.company_id, self.samad35, "the CAE that invoiced the client, not the home CAE")
        self.assertEqual(mine.amount_paid, self.invoice.amount_total)
        self.assertEqual(mine.gross_amount, self.invoice.amount_total)
        by_person = defaultdict(float)
        for line in mine.line_ids:
            by_person[line.intervenant_name, line.identifier] += line.hours
        self.assertEqual(dict(by_person), {("Builder B", "INT-MSG-0007"): 2.0, ("Lead Tutor", "INT-SAM-0001"): 2.5})
        self.assertEqual(mine.total_hours, 4.5)
        self.assertFalse(
            self.env["oe.sap.attestation"].search([("company_id", "=", self.msg35.id)]),
            "the home CAE of the intervenant attests nothing",
        )


@tagged("post_install", "-at_install")
class TestAttestationReminder(OeSapCommon):
    """On 1 February each accountant of a SAP CAE gets one activity to send last year's attestations."""

    def _reminders(self):
        activity_type = self.env.ref("oe_sap.mail_activity_type_oe_sap_attestation")
        return self.env["mail.activity"].search([("activity_type_id", "=", activity_type.id)])

    def test_reminder_once_per_accountant_and_cae(self):
        self._reminders().unlink()
        with freeze_time("2026-02-01"):
            self.env["oe.sap.attestation"]._cron_oe_sap_reminder()
            self.env["oe.sap.attestation"]._cron_oe_sap_reminder()  # a second run adds nothing
        reminders = self._reminders().filtered(lambda a: a.res_id == self.samad35.partner_id.id)
        self.assertEqual(reminders.user_id, self.accountant35)
        self.assertEqual(len(reminders), 1)
        self.assertEqual(reminders.date_deadline, date(2026, 3, 31))
        self.assertIn("2025", reminders.summary)
        self.assertFalse(
            self._reminders().filtered(lambda a: a.res_id == self.msg35.partner_id.id), "MSG 35 is no SAP CAE"
        )


@tagged("post_install", "-at_install")
class TestAttestationIntervenantWithoutHours(OeSapCommon):
    """An invoice typed without hours names, on the attestation, the entrepreneur of its analytic distribution."""

    def test_entrepreneur_of_the_line(self):
        self.es_lead.sudo().oe_sap_identifier = "INT-SAM-0001"
        invoice = self._sap_invoice(self.sap_client, [(self.product_housework, 3, 22.0)], "2025-05-02", post=False)
        invoice.invoice_line_ids.analytic_distribution = {str(self.es_lead.sudo().oe_analytic_account_id.id): 100}
        invoice.action_post()
        self._pay(invoice, invoice.amount_total, "2025-05-10", "transfer")
        attestation = (
            self.env["oe.sap.attestation"]
            .with_user(self.accountant35)
            .generate(2025, self.samad35)
            .filtered(lambda a: a.partner_id == self.sap_client)
        )
        self.assertEqual(
            [(line.intervenant_name, line.identifier, line.hours) for line in attestation.line_ids],
            [("Lead Tutor", "INT-SAM-0001", 3.0)],
        )
