from unittest.mock import patch

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.oe_etd.models.res_company import ResCompany

from .common import OeEtdCommon, company_vals


@tagged("post_install", "-at_install")
class TestCreateEtd(OeEtdCommon):
    """``create_etd`` opens a département with CAE companies ready to invoice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_admin = cls._new_manager("oe_other_admin", cls.env.company, groups="oe_etd.group_network_admin")
        cls.etd = (
            cls.env["oe.etd"]
            .with_user(cls.network_admin)
            .create_etd("35", "Ille-et-Vilaine", samad=company_vals("samad"), msg=company_vals("msg"))
        ).sudo(False)
        cls.samad, cls.msg = cls.etd.company_ids.sorted(lambda c: c.oe_cae_kind != "samad")

    def test_companies_of_the_etd(self):
        self.assertRecordValues(
            self.etd,
            [{"code": "35", "name": "Ille-et-Vilaine", "state": "active", "company_count": 2}],
        )
        self.assertEqual(self.etd.department_id.name, "Ille-et-Vilaine")
        self.assertRecordValues(
            self.samad | self.msg,
            [
                {"name": "CAE SAMAD 35", "oe_role": "cae", "oe_cae_kind": "samad", "chart_template": "fr"},
                {"name": "CAE MSG 35", "oe_role": "cae", "oe_cae_kind": "msg", "chart_template": "fr"},
            ],
        )
        for company in self.samad | self.msg:
            self.assertEqual(company.country_id, self.env.ref("base.fr"))
            self.assertEqual(company.currency_id, self.env.ref("base.EUR"))
        self.assertEqual(self.samad.oe_pole_ids, self.pole_samad)
        self.assertEqual(self.msg.oe_pole_ids, self.pole_dom | self.pole_bati)
        self.assertEqual(self.etd.pole_ids, self.pole_samad | self.pole_dom | self.pole_bati)

    def test_every_network_admin_gets_the_companies(self):
        for admin in self.network_admin | self.other_admin:
            self.assertLessEqual(self.etd.company_ids, admin.company_ids, admin.login)
        # The ETD is readable by an admin whose allowed companies include its CAEs.
        etd = self.etd.with_user(self.other_admin).with_context(allowed_company_ids=self.other_admin.company_ids.ids)
        self.assertEqual(etd.name, "Ille-et-Vilaine")

    def test_ready_to_invoice(self):
        self.assertFalse(self.etd.invoicing_issues)
        self.assertTrue(self.etd.ready_to_invoice)
        self.assertEqual(self.samad.oe_sap_number, "SAP901350017")
        self.assertEqual(self.samad.partner_id.bank_ids.sanitized_acc_number, "FR7630004000010001000000102")

    def test_post_customer_invoice_with_vat(self):
        client = self.env["res.partner"].create({"name": "Client test", "country_id": self.env.ref("base.fr").id})
        for company in self.samad | self.msg:
            with self.subTest(company=company.name):
                tax = company.account_sale_tax_id
                self.assertEqual(tax.amount, 20.0, "the French chart gives a default sales tax of 20 %")
                move = (
                    self.env["account.move"]
                    .with_company(company)
                    .create(
                        {
                            "move_type": "out_invoice",
                            "partner_id": client.id,
                            "invoice_date": fields.Date.today(),
                            "invoice_line_ids": [
                                Command.create(
                                    {"name": "Heures", "quantity": 2, "price_unit": 50.0, "tax_ids": tax.ids}
                                )
                            ],
                        }
                    )
                )
                move.action_post()
                self.assertEqual(move.state, "posted")
                self.assertEqual(move.company_id, company)
                self.assertEqual(move.journal_id.company_id, company)
                self.assertEqual(move.amount_untaxed, 100.0)
                self.assertAlmostEqual(move.amount_tax, company.currency_id.round(100.0 * tax.amount / 100))
                self.assertGreater(move.amount_tax, 0)

    def test_duplicate_department_refused(self):
        with self.assertRaisesRegex(ValidationError, "Le département Ille-et-Vilaine .* a déjà une ETD"):
            self.env["oe.etd"].with_user(self.network_admin).with_context(lang="fr_FR").create_etd("35", "Bis")
        self.assertEqual(self.env["oe.etd"].search_count([("code", "=", "35")]), 1)

    def test_closed_etd_frees_the_department(self):
        self.etd.action_close()
        other = self.env["oe.etd"].create({"code": "35", "name": "Ille-et-Vilaine (2)"})
        self.assertEqual(other.department_id, self.etd.department_id)
        with self.assertRaises(ValidationError):
            self.etd.action_reset_draft()

    def test_invalid_codes_refused(self):
        Etd = self.env["oe.etd"].with_user(self.network_admin).with_context(lang="fr_FR")
        for code in ("20", "96", "975", "977", "00", "2C", "ABC"):
            with (
                self.subTest(code=code),
                self.assertRaisesRegex(ValidationError, f"{code} n'est pas le code d'un département français"),
            ):
                Etd.create_etd(code, "Nowhere")
        self.assertFalse(self.env["res.company"].search([("name", "in", ["CAE SAMAD 20", "CAE SAMAD 975"])]))

    def test_valid_codes(self):
        Etd = self.env["oe.etd"]
        for code, name in (("2A", "Corse-du-Sud"), ("2b", "Haute-Corse"), ("971", "Guadeloupe"), ("5", "Hautes-Alpes")):
            with self.subTest(code=code):
                etd = Etd.create({"code": Etd._normalize_code(code), "name": name})
                self.assertEqual(etd.department_id.name, name)

    def test_only_network_admin_creates_an_etd(self):
        manager = self._new_manager("oe_manager_35", self.samad | self.msg)
        with self.assertRaisesRegex(AccessError, "Seul un administrateur réseau"):
            self.env["oe.etd"].with_user(manager).with_context(lang="fr_FR").create_etd("22", "Côtes-d'Armor")
        with self.assertRaises(AccessError):
            self.env["oe.etd"].with_user(manager).create({"code": "22", "name": "Côtes-d'Armor"})
        self.assertFalse(self.env["oe.etd"].search([("code", "=", "22")]))

    def test_all_or_nothing(self):
        def broken_setup(companies):
            raise UserError("hook failed")  # pylint: disable=translation-required

        with (
            patch.object(ResCompany, "_oe_setup_network_company", broken_setup),
            self.assertRaisesRegex(UserError, "hook failed"),
        ):
            self.env["oe.etd"].with_user(self.network_admin).create_etd("36", "Indre")
        self.assertFalse(self.env["oe.etd"].with_context(active_test=False).search([("code", "=", "36")]))
        self.assertFalse(self.env["res.company"].search([("name", "like", "CAE % 36")]))

    def test_unknown_kind_refused(self):
        with self.assertRaisesRegex(UserError, "Type de CAE inconnu"):
            self.env["oe.etd"].with_user(self.network_admin).with_context(lang="fr_FR").create_etd(
                "37", "Indre-et-Loire", cae_kinds=("bakery",)
            )

    def test_one_kind_only(self):
        etd = self.env["oe.etd"].with_user(self.network_admin).create_etd("53", "Mayenne", cae_kinds=["msg"])
        self.assertEqual(etd.company_ids.mapped("name"), ["CAE MSG 53"])
        issues = etd.with_context(lang="fr_FR").company_ids._oe_get_invoicing_issues()
        self.assertIn("IBAN manquant", issues)
        self.assertFalse(etd.ready_to_invoice)
