from odoo import Command, api, models

# French chart: services are taxed on payment (architecture.md, "Timesheets and invoicing").
SERVICE_SALE_TAX = "tva_normale_encaissement"


class OeEtd(models.Model):
    _inherit = "oe.etd"

    def _setup_cae_company(self, company):
        # EXTEND 'oe_etd': the service products of the CAE's poles carry this company's sales tax.
        res = super()._setup_cae_company(company)
        self.env["oe.etd"]._oe_setup_pole_products(company)
        return res

    @api.model
    def _oe_setup_pole_products(self, companies):
        """Give the service product of every pole served by these CAEs the company's service tax."""
        for company in companies.filtered(lambda c: c.oe_role == "cae" and c.chart_template):
            tax = self.env.ref(f"account.{company.id}_{SERVICE_SALE_TAX}", raise_if_not_found=False)
            if not tax:
                continue
            # Exactly the service tax for this company (loading a chart adds its default goods tax).
            for product in company.oe_pole_ids.product_id.sudo():
                others = product.taxes_id.filtered(lambda t, c=company, t0=tax: t.company_id == c and t != t0)
                if others or tax not in product.taxes_id:
                    product.taxes_id = [Command.unlink(t.id) for t in others] + [Command.link(tax.id)]

    @api.model
    def _oe_setup_existing_caes(self):
        """At installation: the CAEs that existed before this addon get their pole products too."""
        self._oe_setup_pole_products(self.env["res.company"].sudo().search([("oe_role", "=", "cae")]))
