from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import OeMissionCommon


@tagged("post_install", "-at_install")
class TestMission(OeMissionCommon):
    def test_mission_goes_to_the_cae_serving_the_pole_in_the_clients_etd(self):
        self.assertEqual(self.mission.company_id, self.samad35)
        self.assertEqual(self.mission.privacy_visibility, "followers")
        bati = self.env["project.project"].create(
            {"name": "Works", "oe_is_mission": True, "partner_id": self.client.id, "oe_pole_id": self.pole_bati.id}
        )
        self.assertEqual(bati.company_id, self.msg35)
        self.assertEqual(bati.oe_etd_id, self.etd35)

    def test_no_cae_for_the_clients_departement(self):
        elsewhere = self.env["res.partner"].create(
            {"name": "Client Lyon", "zip": "69001", "city": "Lyon", "country_id": self.env.ref("base.fr").id}
        )
        with self.assertRaisesRegex(ValidationError, "Aucune CAE ne sert le pôle"):
            self.env["project.project"].with_context(lang="fr_FR").with_user(self.manager35).create(
                {
                    "name": "Far",
                    "oe_is_mission": True,
                    "partner_id": elsewhere.id,
                    "oe_pole_id": self.pole_samad.id,
                    "company_id": self.samad35.id,
                }
            )
        # A network administrator may place it anyway, by saying so on the mission.
        mission = (
            self.env["project.project"]
            .with_user(self.network_admin)
            .with_context(allowed_company_ids=self.samad35.ids)
            .create(
                {
                    "name": "Far",
                    "oe_is_mission": True,
                    "partner_id": elsewhere.id,
                    "oe_pole_id": self.pole_samad.id,
                    "company_id": self.samad35.id,
                    "oe_company_forced": True,
                }
            )
        )
        self.assertEqual(mission.company_id, self.samad35)

    def test_network_admin_places_a_mission_in_another_cae(self):
        """The network's choice of company is data of the mission: it holds whoever saves the mission later,
        and only a network administrator makes it."""
        gerant_msg = self._user("oe_gerant_msg35_placed", self.msg35, "oe_etd.group_cae_manager")
        gerant_samad = self._user("oe_gerant_samad35_placed", self.samad35, "oe_etd.group_cae_manager")
        Project = self.env["project.project"].with_context(lang="fr_FR")

        def vals(**extra):
            # A new dict each time: create() completes the values it is given.
            return {
                "name": "Placed by the network",
                "oe_is_mission": True,
                "partner_id": self.client.id,
                "oe_pole_id": self.pole_samad.id,  # served by SAMAD 35 in the client's département
                "company_id": self.msg35.id,
                **extra,
            }

        count = Project.search_count([("oe_is_mission", "=", True)])
        # Nobody places it there without saying so, not even a network administrator.
        with self.assertRaisesRegex(ValidationError, "relève de .*seul un administrateur réseau"):
            Project.with_user(self.network_admin).with_context(allowed_company_ids=self.msg35.ids).create(vals())
        # A Gérant cannot say so himself.
        with self.assertRaisesRegex(AccessError, "Seul un administrateur réseau choisit la société"):
            Project.with_user(gerant_msg).create(vals(oe_company_forced=True))
        with self.assertRaisesRegex(AccessError, "Seul un administrateur réseau choisit la société"):
            Project.with_user(gerant_msg).with_context(default_oe_company_forced=True).create(vals())
        self.assertEqual(Project.search_count([("oe_is_mission", "=", True)]), count)
        mission = (
            Project.with_user(self.network_admin)
            .with_context(allowed_company_ids=self.msg35.ids)
            .create(vals(oe_company_forced=True))
        )
        self.assertRecordValues(mission, [{"company_id": self.msg35.id, "oe_company_forced": True}])
        # Later, a Gérant of that CAE corrects the mission, its client included: not refused.
        client_bis = self.env["res.partner"].create(
            {"name": "Client Rennes bis", "zip": "35700", "city": "Rennes", "country_id": self.env.ref("base.fr").id}
        )
        mission.with_user(gerant_msg).write(
            {"name": "Corrected by the Gérant", "description": "<p>Second floor</p>", "partner_id": client_bis.id}
        )
        self.assertRecordValues(
            mission,
            [
                {
                    "name": "Corrected by the Gérant",
                    "partner_id": client_bis.id,
                    "company_id": self.msg35.id,
                    "oe_company_forced": True,
                }
            ],
        )
        # Nor does a Gérant clear the choice, or make it on a mission of his own CAE.
        with self.assertRaisesRegex(AccessError, "Seul un administrateur réseau choisit la société"):
            mission.with_user(gerant_msg).with_context(lang="fr_FR").write({"oe_company_forced": False})
        with self.assertRaisesRegex(AccessError, "Seul un administrateur réseau choisit la société"):
            self.mission.with_user(gerant_samad).with_context(lang="fr_FR").write({"oe_company_forced": True})
        self.assertEqual((mission.oe_company_forced, self.mission.oe_company_forced), (True, False))
        # Writing the value the mission already has changes nothing, and is not refused.
        mission.with_user(gerant_msg).write({"oe_company_forced": True})
        # Once a network administrator clears it, the rule applies again, to everybody.
        with self.assertRaisesRegex(ValidationError, "relève de"):
            mission.with_user(self.network_admin).with_context(lang="fr_FR").write({"oe_company_forced": False})
        self.assertEqual(mission.oe_company_forced, True)

    def test_pole_products_ready_in_the_new_caes(self):
        self.assertFalse(self.etd35.invoicing_issues)
        tax = self.pole_samad.product_id.taxes_id.filtered(lambda t: t.company_id == self.samad35)
        self.assertEqual(tax.tax_exigibility, "on_payment", "services are taxed on payment")

    def test_accept_and_decline(self):
        assignment = self._assign(self.mission, self.es_b, self.env.ref("oe_entrepreneur.function_developer"))
        self.assertRecordValues(
            assignment,
            [{"is_cross_company": True, "company_id": self.samad35.id, "employee_company_id": self.msg35.id}],
        )
        self.assertEqual(assignment.hourly_rate, 30.0)
        with self.assertRaises(AccessError):
            assignment.with_user(self.user_c).action_accept()
        assignment.with_user(self.user_b).action_accept()
        self.assertEqual(assignment.state, "accepted")
        self.assertIn(self.samad35, self.user_b.company_ids, "the ES may now work in the mission's CAE")
        self.assertIn(self.user_b.partner_id, self.mission.message_partner_ids)
        with self.assertRaises(UserError):
            assignment.with_user(self.user_b).action_decline()

    def test_manager_answers_on_behalf(self):
        assignment = self._assign(self.mission, self.es_c, self.f_coordinator)
        assignment.with_user(self.manager35).action_decline()
        self.assertEqual(assignment.state, "declined")
        messages = self.env["mail.message"].search(
            [("model", "=", "oe.mission.assignment"), ("res_id", "=", assignment.id)]
        )
        on_behalf = messages.filtered(lambda m: "on behalf" in m.body or "au nom de" in m.body)
        self.assertEqual(len(on_behalf), 1)
        self.assertIn(self.manager35.name, html2plaintext(on_behalf.body), "the manager who answered is named")

    def test_function_must_be_the_entrepreneurs(self):
        with self.assertRaises(ValidationError):
            self._assign(self.mission, self.es_c, self.env.ref("oe_entrepreneur.function_trainer"))

    def test_unassigned_entrepreneur_sees_neither_mission_nor_client(self):
        self.assertEqual(self.mission.with_user(self.user_lead).name, "Mission Rennes")
        self.assertEqual(self.client.with_user(self.user_lead).name, "Client Rennes")
        with self.assertRaises(AccessError):
            self.mission.with_user(self.user_c).read(["name"])
        with self.assertRaises(AccessError):
            self.client.with_user(self.user_c).read(["name"])
        self.assertNotIn(self.client, self.env["res.partner"].with_user(self.user_c).search([]))

    def test_logging_rules(self):
        with self.assertRaisesRegex(ValidationError, "n'a pas d'affectation acceptée"):
            self._log(self.es_c, self.mission, "2026-03-02", 2)
        with self.assertRaisesRegex(ValidationError, "nombre d'heures positif"):
            self._log(self.es_lead, self.mission, "2026-03-02", 0)
        self._log(self.es_lead, self.mission, "2026-03-02", 20)
        with self.assertRaisesRegex(ValidationError, "24"):
            self._log(self.es_lead, self.mission, "2026-03-02", 5)
        self.mission.action_oe_done()
        with self.assertRaisesRegex(ValidationError, "pas en cours"):
            self._log(self.es_lead, self.mission, "2026-03-03", 1)

    def test_entrepreneur_logs_own_hours_with_home_company_only(self):
        line = self._log(self.es_lead, self.mission, "2026-03-04", 3, user=self.user_lead)
        self.assertEqual(line.oe_assignment_id, self.assignment_lead)
        self.assertEqual(line.company_id, self.samad35)

    def test_cross_cae_line_carries_the_home_employee(self):
        assignment = self._assign(self.mission, self.es_b, self.env.ref("oe_entrepreneur.function_developer"), True)
        line = self._log(self.es_b, self.mission, "2026-03-04", 2, user=self.user_b)
        self.assertEqual(line.employee_id, self.es_b, "the home employee (CAE MSG 35)")
        self.assertEqual(line.company_id, self.samad35, "the mission's company")
        self.assertEqual(line.oe_assignment_id, assignment)

    def test_validation_by_the_lead_only(self):
        assignment = self._assign(self.mission, self.es_c, self.f_coordinator, True)
        line = self._log(self.es_c, self.mission, "2026-03-05", 2, user=self.user_c)
        self.assertEqual(assignment.state, "accepted")
        with self.assertRaises(AccessError):
            line.with_user(self.user_c).action_oe_validate()
        self.assertIn(line, self.env["account.analytic.line"].with_user(self.user_lead).search([]))
        line.with_user(self.user_lead).action_oe_validate()
        self.assertRecordValues(line, [{"oe_validated": True, "oe_validated_by_id": self.user_lead.id}])
        with self.assertRaisesRegex(UserError, "validées ne peuvent plus"):
            line.with_user(self.user_c).with_context(lang="fr_FR").write({"unit_amount": 5})
        self.assertEqual(line.unit_amount, 2)

    def test_cross_cae_entrepreneur_logs_with_only_the_home_company_active(self):
        self._assign(self.mission, self.es_b, self.env.ref("oe_entrepreneur.function_developer"), True)
        line = (
            self.env["account.analytic.line"]
            .with_user(self.user_b)
            .with_context(allowed_company_ids=self.msg35.ids)
            .create(
                {
                    "name": "Work",
                    "project_id": self.mission.id,
                    "employee_id": self.es_b.id,
                    "date": "2026-03-09",
                    "unit_amount": 2,
                }
            )
        )
        self.assertEqual(line.company_id, self.samad35)
        self.assertEqual(line.employee_id, self.es_b)
