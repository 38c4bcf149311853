from odoo import Command, _, api, models

# French chart: services are taxed on payment (architecture.md, "Timesheets and invoicing").
SERVICE_SALE_TAX = "tva_normale_encaissement"
SERVICE_PURCHASE_TAX = "tva_acq_encaissement"


class OeEtd(models.Model):
    _inherit = "oe.etd"

    def _setup_cae_company(self, company):
        # EXTEND 'oe_etd': the service products of the CAE's poles carry this company's sales tax.
        res = super()._setup_cae_company(company)
        self.env["oe.etd"]._oe_setup_pole_products(company)
        self.env["oe.etd"]._oe_setup_intercompany_user(company)
        return res

    @api.model
    def _oe_setup_pole_products(self, companies):
        """The service products of the poles carry, in each CAE, its service taxes (on payment).

        Sales: what the CAE invoices to clients. Purchases: what it is invoiced by another CAE of the
        network for the hours of its entrepreneurs (the mirrored vendor bill).
        """
        products = self.env["oe.pole"].sudo().search([]).product_id
        for company in companies.filtered(lambda c: c.oe_role == "cae" and c.chart_template):
            self._oe_set_product_tax(products, company, "taxes_id", SERVICE_SALE_TAX)
            self._oe_set_product_tax(products, company, "supplier_taxes_id", SERVICE_PURCHASE_TAX)

    @api.model
    def _oe_set_product_tax(self, products, company, field, xmlid):
        """Give these products, for this company, exactly its tax ``account.<company>_<xmlid>`` in
        ``field`` (loading a chart adds its default goods taxes); other companies' taxes stay."""
        tax = self.env.ref(f"account.{company.id}_{xmlid}", raise_if_not_found=False)
        if not tax:
            return
        for product in products:
            others = product[field].filtered(lambda t, c=company, t0=tax: t.company_id == c and t != t0)
            if others or tax not in product[field]:
                product[field] = [Command.unlink(t.id) for t in others] + [Command.link(tax.id)]

    @api.model
    def _oe_setup_intercompany_user(self, companies):
        """The user that OCA account_invoice_inter_company creates this CAE's mirrored documents with."""
        group = self.env.ref("account.group_account_invoice")
        for company in companies.filtered(lambda c: c.oe_role == "cae" and not c.intercompany_invoice_user_id):
            user = (
                self.env["res.users"]
                .sudo()
                .with_context(no_reset_password=True)
                .create(
                    {
                        "name": _("Inter-CAE invoicing — %(company)s", company=company.name),
                        "login": f"oe-intercompany-{company.id}",
                        "company_id": company.id,
                        "company_ids": [Command.set(company.ids)],
                        "groups_id": [Command.set(group.ids)],
                    }
                )
            )
            company.sudo().intercompany_invoice_user_id = user

    @api.model
    def _oe_setup_existing_caes(self):
        """At installation: the CAEs that existed before this addon get their pole products too."""
        caes = self.env["res.company"].sudo().search([("oe_role", "=", "cae")])
        self._oe_setup_pole_products(caes)
        self._oe_setup_intercompany_user(caes)
