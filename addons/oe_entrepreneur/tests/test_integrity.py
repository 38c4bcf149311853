from datetime import date
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, HttpCase, tagged

from .common import OeEntrepreneurCommon

# Levies that leave no break-even (old data: rates in force are refused at creation since issue 9).
BROKEN_RATES = {"contribution": 0.96, "redevance": 0.05}


def broken_levy_rates(self, date):
    return {employee.id: dict(BROKEN_RATES) for employee in self}


@tagged("post_install", "-at_install")
class TestIntegrityEconomics(OeEntrepreneurCommon):
    """Hours, rates, costs and targets below 0 (or beyond a day or a week) are refused, in French."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_es = cls._new_es_user("oe_es_integrity", cls.samad)
        cls.es = cls._new_es("Integrity Economics", user=cls.user_es)
        cls.es.oe_profile_id = cls.env.ref("oe_entrepreneur.profile_tc_dep")
        cls.profile = cls.env["oe.entrepreneur.profile"].create(
            {
                "name": "Profil test",
                "code": "ES.TEST",
                "hours_per_day": 6,
                "hours_per_week": 30,
                "hourly_rate": 20,
                "net_hourly_pay": 10,
                "running_costs": 400,
                "months_to_target": 9,
                "jobs_per_etd": 3,
            }
        )

    def _economics(self, record, names):
        return {name: record[name] for name in names}

    def test_employee_economics_below_zero(self):
        es = self.es.with_user(self.manager).with_context(lang="fr_FR")
        names = [
            "oe_hours_per_day",
            "oe_hours_per_week",
            "oe_hourly_rate",
            "oe_net_hourly_pay",
            "oe_running_costs",
            "oe_months_to_target",
            "oe_target_turnover",
        ]
        before = self._economics(self.es, names)
        for name in names:
            with self.subTest(field=name), self.assertRaisesRegex(ValidationError, "ne peut pas être négatif"):
                es.write({name: -1})
        self.es.invalidate_recordset()
        self.assertEqual(self._economics(self.es, names), before)
        es.write({"oe_hours_per_week": 0, "oe_running_costs": 0})  # zero is a choice, not nonsense
        self.assertEqual(self.es.oe_hours_per_month, 0)

    def test_entrepreneur_cannot_type_her_own_economics(self):
        with self.assertRaises(AccessError):
            self.es.with_user(self.user_es).write({"oe_hourly_rate": -5})
        self.assertEqual(self.es.oe_hourly_rate, 20.85)

    def test_employee_hours_beyond_a_day_or_a_week(self):
        es = self.es.with_user(self.manager).with_context(lang="fr_FR")
        with self.assertRaisesRegex(
            ValidationError, "« Heures par jour » de Integrity Economics ne peut pas dépasser 24"
        ):
            es.oe_hours_per_day = 25
        with self.assertRaisesRegex(ValidationError, "ne peut pas dépasser 168"):
            es.oe_hours_per_week = 169
        self.assertEqual((self.es.oe_hours_per_day, self.es.oe_hours_per_week), (6, 30))

    def test_employee_created_with_negative_economics(self):
        Employee = self.env["hr.employee"].with_user(self.manager).with_context(lang="fr_FR")
        count = Employee.search_count([])
        with self.assertRaisesRegex(
            ValidationError, "« Tarif horaire facturé \\(HT\\) » de Negative Rate ne peut pas être négatif"
        ):
            Employee.create(
                {
                    "name": "Negative Rate",
                    "company_id": self.samad.id,
                    "oe_is_entrepreneur": True,
                    "oe_status": "operational",
                    "oe_hourly_rate": -20,
                }
            )
        self.assertEqual(Employee.search_count([]), count)

    def test_profile_economics_below_zero(self):
        profile = self.profile.with_user(self.network_admin).with_context(lang="fr_FR")
        names = [
            "hours_per_day",
            "hours_per_week",
            "hourly_rate",
            "net_hourly_pay",
            "running_costs",
            "months_to_target",
            "jobs_per_etd",
        ]
        before = self._economics(self.profile, names)
        for name in names:
            with self.subTest(field=name), self.assertRaisesRegex(ValidationError, "de Profil test ne peut pas"):
                profile.write({name: -1})
        with self.assertRaisesRegex(ValidationError, "ne peut pas dépasser 24"):
            profile.hours_per_day = 24.5
        self.profile.invalidate_recordset()
        self.assertEqual(self._economics(self.profile, names), before)

    def test_employer_cost_factor_above_zero(self):
        self.network_admin.company_ids = [Command.link(self.samad.id)]
        company = self.samad.with_user(self.network_admin).with_context(
            lang="fr_FR", allowed_company_ids=self.samad.ids
        )
        for factor in (0, -1.75):
            with self.subTest(factor=factor), self.assertRaisesRegex(ValidationError, "doit être supérieur à 0"):
                company.oe_employer_cost_factor = factor
        self.assertEqual(self.samad.oe_employer_cost_factor, 1.75)


@tagged("post_install", "-at_install")
class TestIntegrityNames(OeEntrepreneurCommon):
    """Functions and profiles need a real name and code (not only spaces)."""

    def test_blank_names_refused(self):
        Function = self.env["oe.function"].with_user(self.network_admin).with_context(lang="fr_FR")
        Profile = self.env["oe.entrepreneur.profile"].with_user(self.network_admin).with_context(lang="fr_FR")
        counts = (Function.search_count([]), Profile.search_count([]))
        for Model, vals, message in (
            (Function, {"name": "   ", "code": "TEST"}, "Fonction principale .*« Nom » ne peut pas être vide"),
            (Function, {"name": "Testeur", "code": " \t"}, "« Code » ne peut pas être vide"),
            (Profile, {"name": " ", "code": "ES.X"}, "Profil d'Entrepreneur Social .*« Nom » ne peut pas être vide"),
            (Profile, {"name": "Profil X", "code": "  "}, "« Code » ne peut pas être vide"),
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                Model.create(vals)
        self.assertEqual((Function.search_count([]), Profile.search_count([])), counts)
        tutor = self.f_tutor.with_user(self.network_admin).with_context(lang="fr_FR")
        name = self.f_tutor.name
        with self.assertRaisesRegex(ValidationError, "« Nom » ne peut pas être vide"):
            tutor.name = "  "
        self.assertEqual(self.f_tutor.name, name)
        accepted = Function.create({"name": "Testeur", "code": "TEST"})
        self.assertRecordValues(accepted, [{"name": "Testeur", "code": "TEST"}])  # a real name is accepted


@tagged("post_install", "-at_install")
class TestIntegrityKeyCompetences(OeEntrepreneurCommon):
    """Key competences stay one to five, each under one of the entrepreneur's functions, whatever changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.es = cls._new_es(
            "Key Holder",
            functions=cls.f_tutor | cls.f_coordinator | cls.f_trainer,
            skills=cls.env.ref("oe_entrepreneur.skill_home_support")
            | cls.env.ref("oe_entrepreneur.skill_tutoring")
            | cls.env.ref("oe_entrepreneur.skill_care_coordination"),
        )
        cls.languages = cls.env["hr.skill.type"].create(
            {
                "name": "Languages 29",
                "skill_ids": [Command.create({"name": f"Language {i}"}) for i in range(3)],
                "skill_level_ids": [Command.create({"name": "Fluent", "level_progress": 100, "default_level": True})],
            }
        )
        for skill in cls.languages.skill_ids:
            cls._add_key_skill(cls.es, skill)

    def test_skill_type_made_key_beyond_five(self):
        languages = self.languages.with_user(self.manager).with_context(lang="fr_FR")
        with self.assertRaisesRegex(ValidationError, "Key Holder aurait 6 compétences clés"):
            languages.oe_key_competence = True
        self.assertFalse(self.languages.oe_key_competence)
        self.assertEqual(self.es.oe_key_skill_count, 3)
        # Within five it is allowed.
        self.es.employee_skill_ids.filtered(lambda s: s.skill_type_id == self.languages)[:1].unlink()
        languages.oe_key_competence = True
        self.es.invalidate_recordset(["oe_key_skill_count"])
        self.assertEqual(self.es.oe_key_skill_count, 5)

    def test_archived_key_type_restored_beyond_five(self):
        self.languages.write({"oe_key_competence": False, "active": False})
        self.languages.with_context(active_test=False).write({"oe_key_competence": True})
        languages = self.languages.with_user(self.manager).with_context(lang="fr_FR")
        with self.assertRaisesRegex(ValidationError, "aurait 6 compétences clés"):
            languages.active = True
        self.assertFalse(self.languages.active)

    def test_function_removed_while_a_key_competence_depends_on_it(self):
        es = self.es.with_user(self.manager).with_context(lang="fr_FR")
        with self.assertRaisesRegex(
            ValidationError, "Coordination des soins relève de la fonction .*, qui n'est pas une fonction de Key Holder"
        ):
            es.oe_function_ids = [Command.unlink(self.f_coordinator.id)]
        self.assertEqual(self.es.oe_function_ids, self.f_tutor | self.f_coordinator | self.f_trainer)
        # A function no competence depends on can go; and a function goes with its competences in one save.
        es.oe_function_ids = [Command.unlink(self.f_trainer.id)]
        care = self.es.employee_skill_ids.filtered(lambda s: s.skill_id.oe_function_id == self.f_coordinator)
        es.write(
            {
                "oe_function_ids": [Command.unlink(self.f_coordinator.id)],
                "employee_skill_ids": [Command.delete(care.id)],
            }
        )
        self.assertEqual(self.es.oe_function_ids, self.f_tutor)

    def test_key_skill_moved_to_a_function_the_entrepreneur_lacks(self):
        skill = self.env.ref("oe_entrepreneur.skill_tutoring")
        with self.assertRaisesRegex(
            ValidationError, "Tutorat des nouveaux entrepreneurs relève de la fonction Développeur"
        ):
            skill.with_user(self.manager).with_context(lang="fr_FR").oe_function_id = self.env.ref(
                "oe_entrepreneur.function_developer"
            )
        self.assertEqual(skill.oe_function_id, self.f_tutor)


class LevyRatesCommon(OeEntrepreneurCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_es = cls._new_es_user("oe_es_levies", cls.samad)
        cls.user_es.lang = "fr_FR"
        cls.es = cls._new_es("Levy Victim", user=cls.user_es)
        cls.es.oe_profile_id = cls.env.ref("oe_entrepreneur.profile_tc_dep")

    def _patch_rates(self):
        return patch.object(type(self.env["hr.employee"]), "_oe_levy_rates", broken_levy_rates)


@tagged("post_install", "-at_install")
class TestIntegrityLevyRates(LevyRatesCommon):
    """Levy rates of 100 % or more (old data) never crash the economics: the form and the dashboard say why."""

    def test_employee_form_says_what_is_wrong(self):
        with self._patch_rates():
            form = Form(self.es.with_user(self.manager).with_context(lang="fr_FR", date=date(2026, 3, 18)))
            self.assertEqual(form.oe_break_even_turnover, 0)
            self.assertEqual(form.oe_net_income_11, 1350, "the figures that do not use the levies stay")
            self.assertRegex(
                form.oe_economics_warning,
                r"contribution 96,00 %, redevance 5,00 %\) atteignent 101,00 %.*Gérant de la CAE doit corriger",
            )
        self.es.invalidate_recordset()
        self.assertEqual(self.es.oe_break_even_turnover, 2812.5)
        self.assertFalse(self.es.oe_economics_warning)

    def test_dashboard_data_carry_the_warning(self):
        Dashboard = self.env["oe.entrepreneur.dashboard"].with_user(self.user_es).with_context(lang="fr_FR")
        with self._patch_rates():
            data = Dashboard._get_data(today=date(2026, 3, 18))
        self.assertEqual(data["break_even"], 0)
        self.assertEqual(len(data["economics_warnings"]), 1)
        self.assertIn("le 18/03/2026", data["economics_warnings"][0])
        self.env.invalidate_all()
        self.assertEqual(Dashboard._get_data(today=date(2026, 3, 18))["economics_warnings"], [])


@tagged("post_install", "-at_install")
class TestIntegrityLevyRatesPage(HttpCase, LevyRatesCommon):
    def test_dashboard_page_in_french_with_the_levy_warning(self):
        self.user_es.password = "oe_es_levies_pw"
        with freeze_time("2026-03-18"), self._patch_rates():
            self.authenticate("oe_es_levies", "oe_es_levies_pw")
            response = self.url_open("/oe/dashboard")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Seuil de rentabilité indisponible", response.text)
        self.assertIn("atteignent 101,00 %", response.text)
        self.assertIn("ne peut donc être calculé", response.text)
        self.assertIn("ne peut être calculé (voir ci-dessus)", response.text)
