from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.oe_etd.tools.rounding import round_half_up

from . import economics

# The economics of a profile, each at least 0 and at most the bound given (None: no bound).
ECONOMICS_FIELDS = {
    "hours_per_day": 24,
    "hours_per_week": 7 * 24,
    "hourly_rate": None,
    "net_hourly_pay": None,
    "running_costs": None,
    "months_to_target": None,
    "jobs_per_etd": None,
}


def check_economics(records, bounds):
    """Refuse economics (hours, rates, costs, targets) below 0 or beyond their bound, in the user's language.

    :param bounds: ``{field name: upper bound or None}``.
    """
    env = records.env
    for record in records:
        for field_name, upper in bounds.items():
            value = record[field_name]
            if value >= 0 and (upper is None or value <= upper):
                continue
            label = record._fields[field_name].get_description(env)["string"]
            if value < 0:
                message = env._(
                    "%(field)s of %(name)s cannot be negative (%(value)s).",
                    field=label,
                    name=record.display_name,
                    value=value,
                )
            else:
                message = env._(
                    "%(field)s of %(name)s cannot be more than %(max)s (%(value)s).",
                    field=label,
                    name=record.display_name,
                    max=upper,
                    value=value,
                )
            raise ValidationError(message)


class OeEntrepreneurProfile(models.Model):
    """A reference profile of Entrepreneur Social with its economics (ES.TC.Dep, ES.Fo, ES.DR).

    Applying a profile to an ES copies these figures; they stay editable on the ES.
    """

    _name = "oe.entrepreneur.profile"
    _inherit = ["oe.name.mixin"]
    _description = "Entrepreneur Social profile"
    _oe_name_fields = ("name", "code")
    _order = "sequence, code"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    function_ids = fields.Many2many("oe.function", string="Functions")
    # A profile serves the whole network: its amounts are in the currency of the company it is made in.
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.company.currency_id, required=True)
    jobs_per_etd = fields.Integer(string="Jobs per ETD", help="Jobs of this profile planned in one ETD.")
    months_to_target = fields.Integer(string="Months to reach the target turnover")
    hours_per_day = fields.Float()
    hours_per_week = fields.Float()
    hours_per_month = fields.Float(compute="_compute_hours_per_month", help="Hours per week x 4.5.")
    hourly_rate = fields.Monetary(string="Hourly rate billed (excl. VAT)")
    net_hourly_pay = fields.Monetary(string="Net hourly pay", help="Paid leave (10 %) included.")
    running_costs = fields.Monetary(string="Monthly running costs")
    target_turnover = fields.Monetary(
        string="Monthly turnover target (excl. VAT)",
        compute="_compute_target_turnover",
        help="Hours per month x hourly rate.",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a profile must be unique."),
    ]

    @api.depends("hours_per_week")
    def _compute_hours_per_month(self):
        for profile in self:
            profile.hours_per_month = float(economics.hours_per_month(profile.hours_per_week))

    @api.depends("hours_per_month", "hourly_rate")
    def _compute_target_turnover(self):
        for profile in self:
            profile.target_turnover = float(
                round_half_up(economics.monthly_turnover(profile.hours_per_month, profile.hourly_rate))
            )

    @api.constrains(*ECONOMICS_FIELDS)
    def _check_economics(self):
        check_economics(self, ECONOMICS_FIELDS)

    def _prepare_employee_economics(self):
        """The values an ES takes from this profile."""
        self.ensure_one()
        return {
            "oe_hours_per_day": self.hours_per_day,
            "oe_hours_per_week": self.hours_per_week,
            "oe_hourly_rate": self.hourly_rate,
            "oe_net_hourly_pay": self.net_hourly_pay,
            "oe_running_costs": self.running_costs,
            "oe_months_to_target": self.months_to_target,
        }
