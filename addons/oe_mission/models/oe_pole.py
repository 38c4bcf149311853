from odoo import fields, models


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
