from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import OeEntrepreneurCommon


@tagged("post_install", "-at_install")
class TestPhases(OeEntrepreneurCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.es = cls._new_es("Career")
        cls.Phase = cls.env["oe.entrepreneur.phase"].with_context(lang="fr_FR")

    def _phase(self, phase, start, end=None, employee=None):
        return self.Phase.create(
            {"employee_id": (employee or self.es).id, "phase": phase, "date_start": start, "date_end": end}
        )

    def test_cape_term_of_twelve_months_at_most(self):
        self._phase("cape", "2025-01-01", "2025-12-31")
        with self.assertRaisesRegex(ValidationError, "12 mois au plus"):
            self._phase("cape", "2026-01-01", "2027-01-01")
        with self.assertRaisesRegex(ValidationError, "a une date de fin"):
            self._phase("cape", "2026-01-01")

    def test_three_cape_terms_in_a_row_at_most(self):
        self._phase("cape", "2023-01-01", "2023-12-31")
        self._phase("cape", "2024-01-01", "2024-12-31")
        self._phase("cape", "2025-01-01", "2025-12-31")
        with self.assertRaisesRegex(ValidationError, "plus de 3 contrats CAPE"):
            self._phase("cape", "2026-01-01", "2026-06-30")
        self.assertEqual(self.es.oe_current_phase, "cape")

    def test_cesa_may_come_first_and_phases_keep_their_order(self):
        self._phase("cesa", "2024-01-01", "2025-12-31")
        self.assertEqual(self.es.oe_current_phase, "cesa")
        with self.assertRaisesRegex(ValidationError, "dans le désordre"):
            self._phase("cape", "2026-01-01", "2026-06-30")
        with self.assertRaisesRegex(ValidationError, "avant la fin de la précédente"):
            self._phase("associate", "2025-06-01")
        self._phase("associate", "2026-01-01")
        self.assertEqual(self.es.oe_current_phase, "associate")

    def test_no_phase_before_a_function_and_a_competence(self):
        incomplete = self._new_es("Incomplete", skills=self.env["hr.skill"])
        # A newly registered ES may be incomplete: no key competence yet, so no career path.
        self.assertRecordValues(incomplete, [{"oe_is_entrepreneur": True, "oe_key_skill_count": 0}])
        self.assertFalse(incomplete.oe_phase_ids)
        with self.assertRaisesRegex(ValidationError, "au moins une fonction et une compétence clé"):
            self._phase("cesa", "2025-01-01", employee=incomplete)
        incomplete.oe_function_ids = [Command.clear()]
        with self.assertRaises(ValidationError):
            self._phase("cesa", "2025-01-01", employee=incomplete)

    def test_only_operational_entrepreneurs_have_a_career_path(self):
        conceptual = self._new_es("Concept", self.sas, "conceptual")
        with self.assertRaisesRegex(ValidationError, "n'a pas de parcours|Seul un entrepreneur-salarié"):
            self._phase("cesa", "2025-01-01", employee=conceptual)

    def test_associate_deadline(self):
        self._phase("cape", "2023-01-01", "2023-06-30")  # 181 days
        self._phase("cesa", "2023-07-01")
        self.assertEqual(self.es.oe_associate_deadline, date(2026, 7, 1) - (date(2023, 7, 1) - date(2023, 1, 1)))
        self.assertEqual(self.es.oe_associate_deadline, date(2026, 1, 1))

    def test_associate_deadline_without_cape(self):
        self._phase("cesa", "2024-03-01")
        self.assertEqual(self.es.oe_associate_deadline, date(2027, 3, 1))

    def test_deadline_activity_for_the_etd_manager(self):
        self._phase("cesa", "2023-05-01")  # deadline 2026-05-01
        later = self._new_es("Later", self.samad)
        self._phase("cesa", "2025-01-01", employee=later)  # deadline 2028-01-01
        Employee = self.env["hr.employee"]
        activity_type = self.env.ref("oe_entrepreneur.mail_activity_associate_deadline")
        with freeze_time("2026-03-01"):
            self.assertIn(
                self.es,
                Employee.search([("id", "in", (self.es | later).ids)]).filtered(
                    lambda e: e.oe_associate_deadline <= date(2026, 5, 30)
                ),
            )
            Employee._cron_oe_associate_deadline_activities()
            Employee._cron_oe_associate_deadline_activities()  # twice: still one activity
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "hr.employee"),
                ("activity_type_id", "=", activity_type.id),
                ("res_id", "in", (self.es | later).ids),
            ]
        )
        self.assertEqual(len(activities), 1)
        self.assertEqual(activities.res_id, self.es.id)
        self.assertEqual(activities.user_id, self.network_admin)
        self.assertEqual(activities.date_deadline, date(2026, 5, 1))
