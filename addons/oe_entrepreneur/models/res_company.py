from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

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

    @api.constrains("oe_employer_cost_factor")
    def _check_oe_employer_cost_factor(self):
        for company in self:
            if company.oe_employer_cost_factor <= 0:
                raise ValidationError(
                    _(
                        "The employer cost factor of %(company)s must be above 0 (it is %(factor)s): it turns "
                        "the net pay into its full cost, 1.75 for instance.",
                        company=company.name,
                        factor=company.oe_employer_cost_factor,
                    )
                )
