from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import OeMissionCommon


@tagged("post_install", "-at_install")
class TestMissionPortal(HttpCase, OeMissionCommon):
    """Clients follow their own missions in the portal, and nobody else's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        line = cls._log(cls.es_lead, cls.mission, "2026-02-03", 3.5)
        line.with_user(cls.manager35).action_oe_validate()
        cls.other_client = cls.env["res.partner"].create(
            {
                "name": "Other Client",
                "oe_client_type": "individual",
                "zip": "35200",
                "city": "Rennes",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.other_mission = cls.env["project.project"].create(
            {
                "name": "Other Mission",
                "oe_is_mission": True,
                "partner_id": cls.other_client.id,
                "oe_pole_id": cls.pole_samad.id,
                "oe_state": "in_progress",
            }
        )
        portal = cls.env.ref("base.group_portal")
        cls.portal_user = cls.env["res.users"].create(
            {
                "name": "Client Rennes",
                "login": "oe_client_portal",
                "password": "oe_client_portal",
                "partner_id": cls.client.id,
                "groups_id": [Command.set(portal.ids)],
            }
        )
        cls.other_portal_user = cls.env["res.users"].create(
            {
                "name": "Other Client",
                "login": "oe_other_portal",
                "password": "oe_other_portal",
                "partner_id": cls.other_client.id,
                "groups_id": [Command.set(portal.ids)],
            }
        )

    def test_client_sees_own_mission_with_hours(self):
        self.authenticate("oe_client_portal", "oe_client_portal")
        listing = self.url_open("/my/missions")
        self.assertEqual(listing.status_code, 200)
        self.assertIn("Mission Rennes", listing.text)
        self.assertNotIn("Other Mission", listing.text)
        detail = self.url_open(f"/my/missions/{self.mission.id}")
        self.assertEqual(detail.status_code, 200)
        self.assertIn("Lead Tutor", detail.text)
        self.assertIn("02/2026", detail.text)
        self.assertRegex(detail.text, r"3[.,]50")

    def test_client_cannot_open_another_clients_mission(self):
        self.authenticate("oe_other_portal", "oe_other_portal")
        self.assertEqual(self.url_open(f"/my/missions/{self.mission.id}").status_code, 404)
        self.assertNotIn("Mission Rennes", self.url_open("/my/missions").text)

    def test_portal_home_counts_missions(self):
        partner = self.client
        self.assertEqual(self.env["project.project"]._oe_portal_missions(partner, count=True), 1)
        self.assertEqual(self.env["project.project"]._oe_portal_missions(self.other_client, count=True), 1)


@tagged("post_install", "-at_install")
class TestPortalCompanies(OeMissionCommon):
    """A client invoiced by two CAEs reads the invoices of both in the portal."""

    def test_portal_user_reaches_every_cae_that_invoices_the_client(self):
        user = self.env["res.users"].create(
            {
                "name": self.client.name,
                "login": "oe_portal_two_caes",
                "partner_id": self.client.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
                "company_id": self.samad35.id,
                "company_ids": [Command.set(self.samad35.ids)],
            }
        )
        invoice = (
            self.env["account.move"]
            .with_company(self.msg35)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.client.id,
                    "invoice_date": "2026-02-10",
                    "invoice_line_ids": [Command.create({"name": "Travaux", "quantity": 1, "price_unit": 100})],
                }
            )
        )
        self.assertNotIn(self.msg35, user.company_ids)
        invoice.action_post()
        self.assertIn(self.msg35, user.company_ids)
        invoice.with_context(tracking_disable=False).message_subscribe(self.client.ids)
        self.assertEqual(self.env["account.move"].with_user(user).search([("id", "=", invoice.id)]), invoice)
        # A portal user made later gets them at once.
        later = self.env["res.users"].create(
            {
                "name": "Contact du client",
                "login": "oe_portal_later",
                "partner_id": self.env["res.partner"].create({"name": "Contact", "parent_id": self.client.id}).id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        self.assertIn(self.msg35, later.company_ids)
