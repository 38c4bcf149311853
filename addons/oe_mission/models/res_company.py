from odoo import _, fields, models


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
