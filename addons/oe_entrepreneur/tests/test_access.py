from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import OeEntrepreneurCommon


@tagged("post_install", "-at_install")
class TestEntrepreneurAccess(OeEntrepreneurCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_a = cls._new_es_user("oe_es_a", cls.samad)
        cls.user_b = cls._new_es_user("oe_es_b", cls.samad)
        cls.es_a = cls._new_es("ES A", user=cls.user_a, oe_social_situation="Private A")
        cls.es_b = cls._new_es("ES B", user=cls.user_b, oe_social_situation="Private B")
        phase = cls.env["oe.entrepreneur.phase"]
        cls.phase_a = phase.create({"employee_id": cls.es_a.id, "phase": "cesa", "date_start": "2025-01-01"})
        cls.phase_b = phase.create({"employee_id": cls.es_b.id, "phase": "cesa", "date_start": "2025-01-01"})
        cls.other_etd, other_companies = cls._create_etd_without_chart("56", "Morbihan")
        cls.other_manager = cls._new_manager("oe_manager_56", other_companies)

    def test_entrepreneur_reads_own_phases_only(self):
        Phase = self.env["oe.entrepreneur.phase"].with_user(self.user_a)
        self.assertEqual(Phase.search([]), self.phase_a)
        with self.assertRaises(AccessError):
            self.phase_b.with_user(self.user_a).read(["phase"])
        with self.assertRaises(AccessError):
            self.phase_a.with_user(self.user_a).write({"notes": "mine"})

    def test_entrepreneur_cannot_read_private_data(self):
        with self.assertRaises(AccessError):
            self.es_b.with_user(self.user_a).read(["oe_social_situation"])
        with self.assertRaises(AccessError):
            self.es_a.with_user(self.user_a).read(["oe_hourly_rate"])
        # The public data of a colleague are readable through hr.employee.public.
        self.assertEqual(self.env["hr.employee.public"].with_user(self.user_a).browse(self.es_b.id).name, "ES B")

    def test_manager_of_the_cae_manages_its_entrepreneurs(self):
        self.assertTrue(self.manager.has_group("hr.group_hr_user"))
        es = self.es_a.with_user(self.manager)
        self.assertEqual(es.oe_social_situation, "Private A")
        es.write({"oe_hourly_rate": 30.0})
        self.assertEqual(self.es_a.oe_hourly_rate, 30.0)
        self.env["oe.entrepreneur.phase"].with_user(self.manager).browse(self.phase_a.id).notes = "Follow-up"

    def test_manager_of_another_etd_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.es_a.with_user(self.other_manager).read(["name"])
        with self.assertRaises(AccessError):
            self.phase_a.with_user(self.other_manager).read(["phase"])
        self.assertFalse(self.env["oe.entrepreneur.phase"].with_user(self.other_manager).search([]) & self.phase_a)
