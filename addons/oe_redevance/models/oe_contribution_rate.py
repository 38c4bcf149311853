from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class OeContributionRate(models.Model):
    """The cooperative contribution rate of a CAE from a date on, or of one entrepreneur (override)."""

    _name = "oe.contribution.rate"
    _description = "CAE contribution rate"
    _inherit = ["mail.thread"]
    _order = "company_id, employee_id, date_from desc"
    _rec_name = "date_from"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="CAE",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("oe_role", "=", "cae")],
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Entrepreneur",
        index=True,
        check_company=True,
        domain=[("oe_is_entrepreneur", "=", True)],
        help="Set for a rate that applies to this entrepreneur only, instead of the CAE's.",
    )
    date_from = fields.Date(string="From", required=True, tracking=True)
    rate = fields.Float(
        string="Rate (%)",
        digits=(5, 2),
        required=True,
        tracking=True,
        help="Share of the entrepreneur's turnover excluding VAT.",
    )
    note = fields.Text()

    _sql_constraints = [
        (
            "company_employee_date_uniq",
            "unique NULLS NOT DISTINCT (company_id, employee_id, date_from)",
            "There is one contribution rate per CAE (or entrepreneur) and start date.",
        ),
    ]

    @api.constrains("rate")
    def _check_rate(self):
        if any(not 0 <= rate.rate < 100 for rate in self):
            raise ValidationError(_("A contribution rate is at least 0 % and less than 100 %."))

    @api.model
    def _rate_at(self, employee, date):
        """The rate in force on ``date`` for this entrepreneur: their own, else their CAE's (in %)."""
        employee = employee._origin  # a record being edited (onchange) has its saved one as origin
        rates = self.sudo().search(
            [
                ("company_id", "=", employee.company_id.id),
                ("date_from", "<=", date),
                "|",
                ("employee_id", "in", employee.ids),
                ("employee_id", "=", False),
            ]
        )
        return self._pick(rates, employee, date)

    @api.model
    def _pick(self, rates, employee, date):
        """Among ``rates`` (already read), the one in force on ``date`` for this entrepreneur: the newest
        of their own, else the newest of their CAE's (in %, 0 when none)."""
        candidates = rates.filtered(
            lambda r: r.company_id == employee.company_id
            and r.date_from <= date
            and (not r.employee_id or r.employee_id == employee)
        ).sorted("date_from", reverse=True)
        own = candidates.filtered(lambda r: r.employee_id == employee)[:1]
        return (own or candidates.filtered(lambda r: not r.employee_id)[:1]).rate
