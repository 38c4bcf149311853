from odoo import api, fields, models


class OePole(models.Model):
    _inherit = "oe.pole"

    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic account",
        help="The pole's account in the analytic plan Pôles (no company: shared by the CAEs).",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Service product",
        help="Invoiced for the hours of this pole's missions; its taxes are set in each CAE.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        poles = super().create(vals_list)
        if poles.product_id:
            poles._oe_setup_caes()
        return poles

    def write(self, vals):
        res = super().write(vals)
        if vals.get("product_id") or vals.get("active"):
            self._oe_setup_caes()
        return res

    def _oe_setup_caes(self):
        """A pole that gets a service product: every CAE sets it up, by the company setup path."""
        self.env["res.company"].sudo().search([("oe_role", "=", "cae")])._oe_setup_network_company()
