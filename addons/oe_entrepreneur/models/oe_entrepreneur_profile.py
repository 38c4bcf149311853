from odoo import api, fields, models

from . import economics


class OeEntrepreneurProfile(models.Model):
    """A reference profile of Entrepreneur Social with its economics (ES.TC.Dep, ES.Fo, ES.DR).

    Applying a profile to an ES copies these figures; they stay editable on the ES.
    """

    _name = "oe.entrepreneur.profile"
    _description = "Entrepreneur Social profile"
    _order = "sequence, code"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    function_ids = fields.Many2many("oe.function", string="Functions")
    currency_id = fields.Many2one("res.currency", default=lambda self: self.env.ref("base.EUR"), required=True)
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
                economics.round_half_up(economics.monthly_turnover(profile.hours_per_month, profile.hourly_rate))
            )

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
