from odoo.tests import tagged

from odoo.addons.oe_redevance.hooks import post_init_hook

from .common import OeRedevanceCommon


@tagged("post_install", "-at_install")
class TestCompanySetup(OeRedevanceCommon):
    """One idempotent path makes a network company ready (docs/architecture.md, "Company setup")."""

    def _state(self, company):
        """What the setup gives a company, as plain values."""
        products = self.pole_samad.product_id | self.env.ref("oe_redevance.product_redevance_conceptual")
        return {
            "user": company.intercompany_invoice_user_id.id,
            "shared": company.oe_shared_services_account_id.id,
            "taxes": sorted(products.sudo().taxes_id.filtered(lambda t: t.company_id == company).ids),
            "supplier_taxes": sorted(products.sudo().supplier_taxes_id.filtered(lambda t: t.company_id == company).ids),
            "users": self.env["res.users"].sudo().search_count([("login", "=", f"oe-intercompany-{company.id}")]),
        }

    def test_create_etd_sets_every_addon_up(self):
        cae = self.samad35
        self.assertEqual(cae.chart_template, "fr")
        self.assertEqual(cae.intercompany_invoice_user_id.login, f"oe-intercompany-{cae.id}")
        self.assertEqual(cae.oe_shared_services_account_id.company_id, cae)
        sale_tax = self.env.ref(f"account.{cae.id}_tva_normale_encaissement")
        self.assertEqual(self.pole_bati.product_id.sudo().taxes_id.filtered(lambda t: t.company_id == cae), sale_tax)
        conceptual = self.env.ref("oe_redevance.product_redevance_conceptual").sudo().with_company(cae)
        self.assertEqual(conceptual.property_account_expense_id.with_company(cae).code, "651100")
        sas_product = self.env.ref("oe_redevance.product_redevance_conceptual").sudo().with_company(self.sas)
        self.assertEqual(sas_product.property_account_income_id, self.sas.oe_redevance_conceptual_account_id)
        sas = self.sas.with_company(self.sas)
        self.assertEqual(sas.oe_redevance_conceptual_account_id.code, "751100")
        self.assertEqual(sas.oe_redevance_operational_account_id.code, "706000")

    def test_setup_is_idempotent(self):
        before = {c: self._state(c) for c in (self.samad35, self.msg35, self.sas)}
        (self.samad35 | self.msg35 | self.sas)._oe_setup_network_company()
        post_init_hook(self.env)
        for company, state in before.items():
            self.assertEqual(self._state(company), state, company.name)
        self.assertEqual(before[self.samad35]["users"], 1)

    def test_setup_repairs_a_company(self):
        """Run again, the setup puts back what a company lost (the install hook relies on it)."""
        cae = self.msg35
        product = self.pole_bati.product_id.sudo()
        product.taxes_id = product.taxes_id.filtered(lambda t: t.company_id != cae)
        self.assertFalse(product.taxes_id.filtered(lambda t: t.company_id == cae))
        post_init_hook(self.env)
        self.assertEqual(
            product.taxes_id.filtered(lambda t: t.company_id == cae),
            self.env.ref(f"account.{cae.id}_tva_normale_encaissement"),
        )

    def test_new_pole_gets_its_taxes_in_every_cae(self):
        """A pole created later gets its product's taxes by the same path, with no manual call."""
        product = self.env["product.product"].create({"name": "Jardinage", "type": "service"})
        self.env["oe.pole"].create({"name": "Jardin", "code": "JARDIN", "cae_kind": "samad", "product_id": product.id})
        for cae in self.samad35 | self.msg35:
            self.assertEqual(
                product.sudo().taxes_id.filtered(lambda t, c=cae: t.company_id == c),
                self.env.ref(f"account.{cae.id}_tva_normale_encaissement"),
            )
            self.assertEqual(
                product.sudo().supplier_taxes_id.filtered(lambda t, c=cae: t.company_id == c),
                self.env.ref(f"account.{cae.id}_tva_acq_encaissement"),
            )

    def test_company_outside_the_network_left_alone(self):
        other = self.env["res.company"].create({"name": "Hors réseau"})
        other._oe_setup_network_company()
        self.assertFalse(other.chart_template)
        self.assertFalse(other.intercompany_invoice_user_id)
