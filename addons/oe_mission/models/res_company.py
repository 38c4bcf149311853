from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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
