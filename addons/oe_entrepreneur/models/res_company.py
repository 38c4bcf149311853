from odoo import fields, models

from .economics import DEFAULT_EMPLOYER_COST_FACTOR


class ResCompany(models.Model):
    _inherit = "res.company"

    oe_employer_cost_factor = fields.Float(
        string="Employer cost factor",
        default=float(DEFAULT_EMPLOYER_COST_FACTOR),
        digits=(4, 2),
        help="Turns an entrepreneur's net pay into the CAE's full cost of it (social charges included). "
        "Used for the break-even turnover.",
    )
