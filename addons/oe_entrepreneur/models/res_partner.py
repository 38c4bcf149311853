from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Per person (the work contact of an Entrepreneur Social), whatever the company of the employee record.
    oe_analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Entrepreneur analytic account",
        copy=False,
        readonly=True,
        help="The entrepreneur's account in the analytic plan Entrepreneurs (no company: any CAE can use it).",
    )
