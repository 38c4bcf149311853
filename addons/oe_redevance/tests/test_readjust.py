from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import OeRedevanceCommon


@tagged("post_install", "-at_install")
class TestReadjust(OeRedevanceCommon):
    def test_yearly_review_and_new_rate(self):
        self._invoice(self.samad35, "2025-03-05", 1000.0, self.es_lead)
        self._invoice(self.msg35, "2025-06-05", 3000.0, self.es_b, product=self.product_bati)
        statements = self.Statement.sudo().generate("2025-03-01", "2025-03-31", self.samad35)
        statements.sudo().action_confirm()
        statements.sudo().action_post()
        admin = self._user("oe_network_admin_35", self.sas | self.samad35 | self.msg35, "oe_etd.group_network_admin")
        wizard_form = Form(self.env["oe.redevance.readjust"].with_user(admin).with_context(lang="fr_FR"))
        wizard_form.etd_id = self.etd35
        wizard_form.year = 2025
        self.assertEqual(wizard_form.currency_id, self.samad35.currency_id, "the figures are in the CAEs' currency")
        self.assertEqual(wizard_form.turnover, 4000.0)
        self.assertEqual(wizard_form.redevance, 60.0, "only posted statements")
        self.assertEqual(wizard_form.current_rate, 6.0)
        self.assertAlmostEqual(wizard_form.effective_rate, 1.5)
        self.assertEqual(wizard_form.result, 4000.0 - 60.0, "income minus the redevance expense")
        wizard_form.rate = 5.0
        self.assertEqual(wizard_form.preview_amount, 200.0)
        self.assertEqual(wizard_form.preview_difference, 140.0)
        wizard_form.date_from = date(2026, 1, 1)
        wizard_form.reason = "The ETD's first year"
        wizard = wizard_form.save()
        wizard.action_confirm()
        new_rate = self.etd35._oe_redevance_rate_at(date(2026, 1, 1))
        self.assertEqual((new_rate.rate, new_rate.reason), (5.0, "The ETD's first year"))
        self.assertEqual(self.rate_2025.date_to, date(2025, 12, 31))

    def test_only_network_admin_reviews_and_readjusts(self):
        for user in (self.sas_accountant, self.cae_accountant, self.manager35):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["oe.redevance.readjust"].with_user(user).create(
                    {"etd_id": self.etd35.id, "year": 2025, "date_from": "2027-01-01", "rate": 5.0, "reason": "x"}
                )
