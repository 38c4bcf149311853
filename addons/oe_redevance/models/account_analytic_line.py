from odoo import fields, models


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    oe_contribution_line_id = fields.Many2one(
        "oe.contribution.line",
        string="Cooperative contribution",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
    )
