from odoo import _, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    oe_retention_rate = fields.Float(
        string="Retention on cross-CAE hours (%)",
        digits=(5, 2),
        help="Share that this CAE keeps when an entrepreneur of another CAE works on its missions.",
    )

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
