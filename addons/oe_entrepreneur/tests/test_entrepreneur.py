from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import float_round

from .common import OeEntrepreneurCommon


@tagged("post_install", "-at_install")
class TestEntrepreneur(OeEntrepreneurCommon):
    def test_status_follows_the_company(self):
        for company, status in ((self.samad, "operational"), (self.sas, "conceptual"), (self.association, "volunteer")):
            es = self._new_es(status.title(), company, status)
            self.assertRecordValues(es, [{"company_id": company.id, "oe_status": status, "oe_is_entrepreneur": True}])
        Employee = self.env["hr.employee"].with_context(lang="fr_FR")
        for company, status in ((self.sas, "operational"), (self.samad, "volunteer"), (self.association, "conceptual")):
            with self.subTest(status=status), self.assertRaisesRegex(ValidationError, "ne peut pas être"):
                Employee.create(
                    {"name": "Wrong", "company_id": company.id, "oe_is_entrepreneur": True, "oe_status": status}
                )
        with self.assertRaisesRegex(ValidationError, "Choisissez le statut"):
            Employee.create({"name": "No status", "company_id": self.samad.id, "oe_is_entrepreneur": True})

    def test_one_person_two_employee_records(self):
        user = self._new_es_user("oe_es_two", self.samad | self.sas)
        operational = self._new_es("Two Records", self.samad, "operational", user=user)
        conceptual = self._new_es("Two Records", self.sas, "conceptual", user=user)
        self.assertEqual(operational.work_contact_id, conceptual.work_contact_id)
        account = operational.oe_analytic_account_id
        self.assertEqual(account.name, operational.work_contact_id.name, "named after the person")
        self.assertEqual(conceptual.oe_analytic_account_id, account, "one analytic account per person")
        self.assertEqual(account.plan_id, self.env.ref("oe_entrepreneur.analytic_plan_entrepreneurs"))
        self.assertFalse(account.company_id, "usable on the lines of any CAE")

    def test_at_most_five_key_competences(self):
        functions = self.key_skills.oe_function_id
        es = self._new_es("Five", functions=functions, skills=self.key_skills[:5])
        self.assertEqual(es.oe_key_skill_count, 5)
        with self.assertRaisesRegex(ValidationError, "5 au plus"):
            self.env["hr.employee.skill"].with_context(lang="fr_FR").create(self._skill_vals(self.key_skills[5], es))
        self.assertEqual(es.oe_key_skill_count, 5)
        # Six at once, with the employee, are refused too.
        with self.assertRaises(ValidationError):
            self.env["hr.employee"].create(
                {
                    "name": "Six",
                    "company_id": self.samad.id,
                    "oe_is_entrepreneur": True,
                    "oe_status": "operational",
                    "oe_function_ids": [Command.set(functions.ids)],
                    "employee_skill_ids": [Command.create(self._skill_vals(skill)) for skill in self.key_skills[:6]],
                }
            )

    def test_other_skills_do_not_count(self):
        other_type = self.env["hr.skill.type"].create(
            {
                "name": "Languages",
                "skill_ids": [(0, 0, {"name": f"Language {i}"}) for i in range(7)],
                "skill_level_ids": [(0, 0, {"name": "Fluent", "level_progress": 100, "default_level": True})],
            }
        )
        es = self._new_es("Polyglot", skills=self.env["hr.skill"])
        for skill in other_type.skill_ids:
            self._add_key_skill(es, skill)
        self.assertEqual(es.oe_key_skill_count, 0)
        self.assertEqual(len(es.employee_skill_ids), 7)

    def test_key_competence_of_another_function_refused(self):
        es = self._new_es("Tutor only", functions=self.f_tutor, skills=self.env["hr.skill"])
        with self.assertRaisesRegex(ValidationError, "n'est pas une fonction de Tutor only"):
            self._add_key_skill(es.with_context(lang="fr_FR"), self.env.ref("oe_entrepreneur.skill_adult_training"))

    def test_profile_copies_economics_that_stay_editable(self):
        profile = self.env.ref("oe_entrepreneur.profile_tc_dep")
        with Form(self.env["hr.employee"].with_user(self.manager)) as form:
            form.name = "From profile"
            form.oe_is_entrepreneur = True
            form.oe_status = "operational"
            form.oe_profile_id = profile
            self.assertEqual(form.oe_hours_per_week, 30)
            self.assertEqual(form.oe_hours_per_month, 135)
            self.assertEqual(form.oe_hourly_rate, 20.85)
            self.assertEqual(form.oe_target_turnover, 2814.75)
            form.oe_hourly_rate = 22.0
        es = form.record
        self.assertEqual(es.oe_hourly_rate, 22.0)
        self.assertEqual(es.oe_target_turnover, 2970.0)
        self.assertEqual(profile.hourly_rate, 20.85, "the profile is not changed")
        self.assertEqual(es.oe_net_income_11, 1350.0)
        self.assertEqual(es.oe_net_income_12, 1237.5)
        # (450 + 1350 x 1.75) / (1 - 0)
        self.assertEqual(es.oe_break_even_turnover, 2812.5)

    def test_employer_cost_factor_and_levies(self):
        es = self._new_es("Factor")
        es.oe_profile_id = self.env.ref("oe_entrepreneur.profile_tc_dep")
        self.samad.oe_employer_cost_factor = 2.0
        es.invalidate_recordset(["oe_break_even_turnover"])
        self.assertEqual(es.oe_break_even_turnover, 450 + 1350 * 2.0)
        other = self._new_es("Factor Too")
        no_levy = {"contribution": 0.0, "redevance": 0.0}
        self.assertEqual((es | other)._oe_levy_rates("2026-01-01"), {es.id: no_levy, other.id: no_levy})

    def test_profiles_hold_the_seed_economics(self):
        expected = {
            "ES.TC.Dep": (36, 135.0, 2815.0),
            "ES.Fo": (24, 94.5, 4631.0),
            "ES.DR": (24, 126.0, 3255.0),
        }
        for code, (jobs, hours, turnover) in expected.items():
            profile = self.env["oe.entrepreneur.profile"].search([("code", "=", code)])
            with self.subTest(code=code):
                self.assertEqual(profile.jobs_per_etd, jobs)
                self.assertEqual(profile.hours_per_month, hours)
                self.assertEqual(float_round(profile.target_turnover, precision_digits=0), turnover)
