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
