from odoo.tests import tagged

from .common import OeMissionCommon


@tagged("post_install", "-at_install")
class TestHomeAction(OeMissionCommon):
    """Each role lands where its work is (res.users._oe_home_action)."""

    def test_each_role_lands_on_its_work(self):
        ref = self.env.ref
        expected = {
            self.user_lead: "oe_mission.home_action_entrepreneur",
            self.manager35: "oe_mission.home_action_gerant",
            self.accountant35: "oe_mission.home_action_accountant",
            self.network_admin: "oe_mission.home_action_network_admin",
            # given the network administrators' group by oe_etd's data, before this addon was installed
            self.env.ref("base.user_admin"): "oe_mission.home_action_network_admin",
        }
        for user, xmlid in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(user.action_id.id, ref(xmlid).id)

    def test_the_gerant_opens_the_hours_to_validate_of_his_caes(self):
        """manager35 is Gérant of both CAEs of ETD 35: he lands on the hours to validate with both active."""
        both = self.samad35 | self.msg35
        self.assertEqual(self.manager35.company_ids, both)
        run = self.env["ir.actions.server"].browse(self.manager35.action_id.id)
        # One company active: the web client is reloaded on the action with both.
        action = run.with_user(self.manager35).with_context(allowed_company_ids=self.samad35.ids).run()
        self.assertEqual(action["type"], "ir.actions.act_url")
        url = action["url"]
        self.assertTrue(url.startswith("/odoo/action-oe_mission.account_analytic_line_action_to_validate?cids="), url)
        self.assertEqual(url.split("cids=")[1], f"{self.samad35.id}-{self.msg35.id}")
        # Both active: the action itself, filtered on the hours to validate.
        action = run.with_user(self.manager35).with_context(allowed_company_ids=both.ids).run()
        self.assertEqual(action["res_model"], "account.analytic.line")
        self.assertIn("search_default_to_validate", action["context"])
        hours = self._log(self.es_lead, self.mission, "2026-02-03", 2)
        Line = self.env["account.analytic.line"].with_user(self.manager35).with_context(allowed_company_ids=both.ids)
        self.assertIn(hours, Line.search([("project_id.oe_is_mission", "=", True), ("oe_validated", "=", False)]))

    def test_a_home_action_chosen_by_hand_is_kept(self):
        user = self._new_es_user("oe_es_home", self.samad35, name="Home ES")
        self.assertEqual(user.action_id.id, self.env.ref("oe_mission.home_action_entrepreneur").id)
        # Made a Gérant: the Gérant's landing replaces the entrepreneur's.
        user.groups_id = [(4, self.env.ref("oe_etd.group_cae_manager").id)]
        self.assertEqual(user.action_id.id, self.env.ref("oe_mission.home_action_gerant").id)
        chosen = self.env.ref("oe_mission.project_project_action_mission")
        user.action_id = chosen.id
        user.groups_id = [(4, self.env.ref("oe_etd.group_cae_accountant").id)]
        self.assertEqual(user.action_id.id, chosen.id, "chosen by hand: kept")

    def test_each_role_sees_its_hours_menu(self):
        Menu = self.env["ir.ui.menu"]
        menus = {
            name: self.env.ref(f"oe_mission.{name}").id
            for name in (
                "oe_mission_hours_menu",
                "oe_mission_hours_to_validate_menu",
                "oe_mission_hours_to_invoice_menu",
            )
        }
        expected = {
            self.user_lead: {"oe_mission_hours_menu"},
            self.manager35: {"oe_mission_hours_to_validate_menu"},
            self.accountant35: {"oe_mission_hours_to_invoice_menu"},
        }
        for user, names in expected.items():
            visible = Menu.with_user(user)._visible_menu_ids()
            with self.subTest(user=user.login):
                self.assertEqual({name for name, menu_id in menus.items() if menu_id in visible}, names)

    def test_hours_without_employee_are_the_users(self):
        """A line that names no employee (JSON-RPC) is the user's, on their accepted assignment."""
        line = (
            self.env["account.analytic.line"]
            .with_user(self.user_lead)
            .with_context(allowed_company_ids=self.samad35.ids)
            .create({"name": "Atelier", "project_id": self.mission.id, "date": "2026-02-03", "unit_amount": 1.5})
        )
        self.assertEqual((line.employee_id, line.oe_assignment_id), (self.es_lead, self.assignment_lead))
