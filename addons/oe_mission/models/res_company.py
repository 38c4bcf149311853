from odoo import Command, _, api, fields, models
from odoo.exceptions import ValidationError

# French chart: services are taxed on payment (docs/architecture.md, "Timesheets and invoicing").
SERVICE_SALE_TAX = "tva_normale_encaissement"
SERVICE_PURCHASE_TAX = "tva_acq_encaissement"


class ResCompany(models.Model):
    _inherit = "res.company"

    oe_retention_rate = fields.Float(
        string="Retention on cross-CAE hours (%)",
        digits=(5, 2),
        help="Share that this CAE keeps when an entrepreneur of another CAE works on its missions.",
    )
    oe_late_penalty_rate = fields.Float(
        string="Late payment penalty rate (%)",
        digits=(5, 2),
        default=10.0,
        help="Annual rate of the late-payment penalties printed on invoices to professional clients "
        "(at least three times the legal interest rate).",
    )
    oe_legal_form = fields.Char(string="Legal form", help="Printed on invoices, e.g. SCOP SA à capital variable.")
    oe_share_capital = fields.Monetary(string="Share capital", currency_field="currency_id")

    @api.constrains("oe_retention_rate", "oe_late_penalty_rate", "oe_share_capital")
    def _check_oe_invoicing_numbers(self):
        for company in self:
            if not 0 <= company.oe_retention_rate <= 100:
                raise ValidationError(_("The retention on cross-CAE hours is between 0 % and 100 %."))
            if company.oe_late_penalty_rate < 0:
                raise ValidationError(_("The late payment penalty rate cannot be negative."))
            if company.currency_id.compare_amounts(company.oe_share_capital, 0) < 0:
                raise ValidationError(_("The share capital cannot be negative."))

    def _oe_get_invoicing_issues(self):
        # EXTEND 'oe_etd': every pole the CAE serves needs its service product with a tax of this company.
        issues = super()._oe_get_invoicing_issues()
        for pole in self.sudo().oe_pole_ids:
            product = pole.product_id
            if not product:
                issues.append(_("no service product for the pole %(pole)s", pole=pole.name))
            elif not product.taxes_id.filtered(lambda t, c=self: t.company_id == c):
                issues.append(_("no sales tax on the service of the pole %(pole)s", pole=pole.name))
        return issues

    # ------------------------------------------------------------------ setup

    def _oe_setup_network_company(self):
        # EXTEND 'oe_etd': in each CAE, the pole service products carry its service taxes and the
        # inter-CAE invoicing user exists.
        res = super()._oe_setup_network_company()
        caes = self.sudo().filtered(lambda c: c.oe_role == "cae" and c.chart_template)
        products = self.env["oe.pole"].sudo().search([]).product_id
        for company in caes:
            # Sales: what the CAE invoices to clients. Purchases: what another CAE of the network
            # invoices it for the hours of its entrepreneurs (the mirrored vendor bill).
            company._oe_set_product_tax(products, "taxes_id", SERVICE_SALE_TAX)
            company._oe_set_product_tax(products, "supplier_taxes_id", SERVICE_PURCHASE_TAX)
        caes._oe_setup_intercompany_user()
        return res

    def _oe_set_product_tax(self, products, field, xmlid):
        """Give these products, for this company, exactly its tax ``account.<company>_<xmlid>`` in
        ``field`` (loading a chart adds its default goods taxes); other companies' taxes stay."""
        self.ensure_one()
        tax = self.env.ref(f"account.{self.id}_{xmlid}", raise_if_not_found=False)
        if not tax:
            return
        for product in products:
            others = product[field].filtered(lambda t, c=self, t0=tax: t.company_id == c and t != t0)
            if others or tax not in product[field]:
                product[field] = [Command.unlink(t.id) for t in others] + [Command.link(tax.id)]

    def _oe_setup_intercompany_user(self):
        """The user that OCA account_invoice_inter_company creates this CAE's mirrored documents with."""
        group = self.env.ref("account.group_account_invoice")
        for company in self.filtered(lambda c: not c.intercompany_invoice_user_id):
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
