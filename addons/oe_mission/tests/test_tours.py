from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from .common import OeMissionCommon


@tagged("post_install", "-at_install")
class TestTours(HttpCase, OeMissionCommon):
    """The work of each role, in a browser, in French: the tours of ``static/tests/tours/``.

    Each tour asserts what the person sees; each test then checks what the tour left in the database.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fr = cls.env.ref("base.lang_fr")
        (cls.user_lead | cls.user_b | cls.user_c | cls.manager35 | cls.accountant35).write({"lang": "fr_FR"})
        # The network's website speaks French (the portal and the dashboard are website pages).
        cls.env["website"].search([]).write({"language_ids": [Command.link(cls.fr.id)], "default_lang_id": cls.fr.id})
        today = fields.Date.context_today(cls.env["res.users"])
        # Hours of last month: what *Facturer les heures* proposes by default.
        cls.last_month = today.replace(day=1) - relativedelta(months=1)

    def _team_hours(self):
        """Hours of last month of the lead and of a second entrepreneur who accepted the mission."""
        self._assign(self.mission, self.es_c, self.f_coordinator, accept=True)
        lead = self._log(self.es_lead, self.mission, self.last_month + relativedelta(days=2), 3.5)
        lead.name = "Visite à domicile"
        member = self._log(self.es_c, self.mission, self.last_month + relativedelta(days=9), 2)
        member.name = "Préparation des repas"
        return lead | member

    def _posted_invoice(self):
        lines = self._team_hours()
        lines.with_user(self.manager35).action_oe_validate()
        invoice = (
            self.mission.with_user(self.accountant35)
            .with_context(allowed_company_ids=self.samad35.ids)
            .oe_invoice_timesheets(self.last_month, self.last_month + relativedelta(months=1, days=-1))
        )
        invoice.action_post()
        return invoice

    def test_entrepreneur_accepts_logs_and_reads_dashboard(self):
        assignment = self._assign(self.mission, self.es_c, self.f_coordinator)
        self.start_tour(
            "/odoo/action-oe_mission.oe_mission_assignment_action_mine",
            "oe_mission_entrepreneur_tour",
            login="oe_es_c",
        )
        self.assertEqual(assignment.state, "accepted")
        line = self.env["account.analytic.line"].search(
            [("employee_id", "=", self.es_c.id), ("project_id", "=", self.mission.id)]
        )
        self.assertRecordValues(
            line,
            [{"name": "Atelier mémoire", "unit_amount": 2.5, "oe_validated": False, "company_id": self.samad35.id}],
        )

    def test_manager_validates_hours(self):
        lines = self._team_hours()
        self.start_tour(
            "/odoo/action-oe_mission.account_analytic_line_action_to_validate",
            "oe_mission_validate_tour",
            login="oe_manager_35",
        )
        self.assertRecordValues(lines, [{"oe_validated": True, "oe_validated_by_id": self.manager35.id}] * 2)

    def test_accountant_invoices_posts_and_prints(self):
        lines = self._team_hours()
        lines.with_user(self.manager35).action_oe_validate()
        self.start_tour(
            "/odoo/action-oe_mission.account_analytic_line_action_to_invoice",
            "oe_mission_invoice_tour",
            login="oe_accountant_35",
        )
        invoice = lines.oe_invoice_line_id.move_id
        self.assertEqual(len(invoice), 1, "both lines on one invoice")
        self.assertRecordValues(
            invoice,
            [
                {
                    "partner_id": self.client.id,
                    "company_id": self.samad35.id,
                    "state": "posted",
                    "amount_untaxed": 3.5 * 25.0 + 2 * self.es_c.oe_hourly_rate,
                }
            ],
        )

    def test_client_reads_missions_and_invoice(self):
        invoice = self._posted_invoice()
        self.env["res.users"].create(
            {
                "name": "Client Rennes",
                "login": "oe_client_portal",
                "password": "oe_client_portal",
                "partner_id": self.client.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
                # Given the portal by the mission's CAE, as the portal wizard of that CAE does.
                "company_id": self.samad35.id,
                "company_ids": [Command.set(self.samad35.ids)],
            }
        )
        self.start_tour("/my", "oe_mission_portal_tour", login="oe_client_portal")
        self.assertEqual(invoice.state, "posted", "the client only read it")
