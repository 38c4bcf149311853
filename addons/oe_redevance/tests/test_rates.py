from datetime import date

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from odoo.addons.oe_entrepreneur.tests.common import OeEntrepreneurCommon


@tagged("post_install", "-at_install")
class TestRates(OeEntrepreneurCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Rate = cls.env["oe.redevance.rate"].with_context(lang="fr_FR")
        cls.first = cls.Rate.create(
            {"etd_id": cls.etd.id, "date_from": "2025-01-01", "rate": 6, "conceptual_share": 40}
        )
        cls.es = cls._new_es("Levied", cls.samad)
        cls.es.oe_profile_id = cls.env.ref("oe_entrepreneur.profile_tc_dep")

    def _levies(self, day):
        """The levy rates of the entrepreneur on ``day``."""
        return self.es._oe_levy_rates(day)[self.es.id]

    def test_rate_bounds(self):
        for value in (0, 100, -1):
            with self.subTest(rate=value), self.assertRaisesRegex(ValidationError, "plus de 0 % et moins de 100 %"):
                self.Rate.create({"etd_id": self.etd.id, "date_from": "2030-01-01", "rate": value, "reason": "x"})
        with self.assertRaises(ValidationError):
            self.Rate.create(
                {"etd_id": self.etd.id, "date_from": "2030-01-01", "rate": 5, "conceptual_share": 120, "reason": "x"}
            )

    def test_readjustment_needs_a_reason(self):
        with self.assertRaisesRegex(ValidationError, "raison du réajustement"):
            self.Rate.create({"etd_id": self.etd.id, "date_from": "2026-01-01", "rate": 5})
        second = self.Rate.create({"etd_id": self.etd.id, "date_from": "2026-01-01", "rate": 5, "reason": "Results"})
        self.assertEqual(self.first.date_to, date(2025, 12, 31))
        self.assertFalse(second.date_to)
        self.assertEqual(second.operational_share, 50.0)

    def test_rate_in_force_by_date(self):
        self.Rate.create({"etd_id": self.etd.id, "date_from": "2026-04-01", "rate": 4, "reason": "Results"})
        self.assertFalse(self.etd._oe_redevance_rate_at(date(2024, 12, 31)), "before the first rate: not subject")
        self.assertEqual(self.etd._oe_redevance_rate_at(date(2026, 3, 31)).rate, 6)
        self.assertEqual(self.etd._oe_redevance_rate_at(date(2026, 4, 1)).rate, 4)

    def test_levies_in_the_break_even(self):
        Contribution = self.env["oe.contribution.rate"]
        Contribution.create({"company_id": self.samad.id, "date_from": "2025-01-01", "rate": 10})
        self.assertEqual(self._levies(date(2026, 1, 15)), {"contribution": 0.10, "redevance": 0.06})
        # (450 + 1350 x 1.75) / (1 - 0.16)
        self.assertAlmostEqual(
            self.es.with_context(date=date(2026, 1, 15)).oe_break_even_turnover, 2812.5 / 0.84, places=2
        )
        Contribution.create(
            {"company_id": self.samad.id, "employee_id": self.es.id, "date_from": "2026-01-01", "rate": 8}
        )
        self.assertEqual(self._levies(date(2026, 1, 15))["contribution"], 0.08, "the entrepreneur's override")
        self.assertEqual(self._levies(date(2025, 6, 1))["contribution"], 0.10)
        self.assertEqual(self._levies(date(2024, 6, 1)), {"contribution": 0.0, "redevance": 0.0})

    def test_levy_rates_of_a_batch(self):
        """One call for many entrepreneurs: each gets their own rates, in queries that do not grow with them."""
        etd56, samad56 = self._create_etd_without_chart("56", "Morbihan", kinds=("samad",))
        self.Rate.create({"etd_id": etd56.id, "date_from": "2025-01-01", "rate": 4})
        self.env["oe.contribution.rate"].create(
            [
                {"company_id": self.samad.id, "date_from": "2025-01-01", "rate": 10},
                {"company_id": self.msg.id, "date_from": "2025-01-01", "rate": 12},
                {"company_id": self.samad.id, "employee_id": self.es.id, "date_from": "2026-01-01", "rate": 8},
                {"company_id": samad56.id, "date_from": "2026-02-01", "rate": 11},  # not in force yet
            ]
        )
        same_cae = self._new_es("Levied Too", self.samad)
        other_cae = self._new_es("Other CAE", self.msg)
        other_etd = self._new_es("Other ETD", samad56)
        conceptual = self._new_es("Concept", self.sas, "conceptual")
        employees = self.es | same_cae | other_cae | other_etd | conceptual
        day = date(2026, 1, 15)
        employees._oe_levy_rates(day)  # the records themselves read
        # One query for the contribution rates of all of them, one for the redevance rates of their ETDs.
        with self.assertQueryCount(1 + 1):
            rates = employees._oe_levy_rates(day)
        self.assertEqual(
            rates,
            {
                self.es.id: {"contribution": 0.08, "redevance": 0.06},
                same_cae.id: {"contribution": 0.10, "redevance": 0.06},
                other_cae.id: {"contribution": 0.12, "redevance": 0.06},
                other_etd.id: {"contribution": 0.0, "redevance": 0.04},
                conceptual.id: {"contribution": 0.0, "redevance": 0.0},
            },
        )

    def test_only_network_admin_sets_redevance_rates(self):
        with self.assertRaises(AccessError):
            self.env["oe.redevance.rate"].with_user(self.manager).create(
                {"etd_id": self.etd.id, "date_from": "2031-01-01", "rate": 5, "reason": "x"}
            )
        self.assertEqual(self.first.with_user(self.manager).rate, 6)
