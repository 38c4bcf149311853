from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, format_date, formatLang


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

    @api.constrains("rate", "date_from", "company_id", "employee_id")
    def _check_levy_total(self):
        self._check_rate()  # each rate alone first
        self._oe_check_levy_total(self.company_id)

    def unlink(self):
        companies = self.sudo().company_id
        res = super().unlink()
        self._oe_check_levy_total(companies)
        return res

    @api.model
    def _oe_check_levy_total(self, companies):
        """The contribution rate (the CAE's or an entrepreneur's own) and the redevance rate of the ETD in
        force for any entrepreneur of these CAEs add up to less than 100 % at any date: checked at every
        date where either of them changes."""
        companies = companies.sudo().filtered(lambda c: c.oe_role == "cae" and c.oe_etd_id)
        if not companies:
            return
        contributions = self.sudo().search([("company_id", "in", companies.ids)])
        redevances = self.env["oe.redevance.rate"].sudo().search([("etd_id", "in", companies.oe_etd_id.ids)])

        def in_force(rates, day):
            current = rates.filtered(lambda r: r.date_from <= day)
            return max(current, key=lambda r: r.date_from) if current else rates.browse()

        def percent(value):
            return f"{formatLang(self.env, value, digits=2)} %"

        for company in companies:
            etd_rates = redevances.filtered(lambda r, c=company: r.etd_id == c.oe_etd_id)
            rates = contributions.filtered(lambda r, c=company: r.company_id == c)
            cae_rates = rates.filtered(lambda r: not r.employee_id)
            for employee in [rates.employee_id.browse(), *rates.employee_id]:
                own = rates.filtered(lambda r, e=employee: e and r.employee_id == e)
                days = sorted(set((cae_rates | own).mapped("date_from")) | set(etd_rates.mapped("date_from")))
                for day in days:
                    contribution = in_force(own, day) or in_force(cae_rates, day)
                    redevance = in_force(etd_rates, day)
                    total = contribution.rate + redevance.rate
                    if float_compare(total, 100.0, precision_digits=2) >= 0:
                        raise ValidationError(
                            _(
                                "From %(date)s, the contribution rate of %(who)s (%(contribution)s) and the "
                                "redevance rate of %(etd)s (%(redevance)s) add up to %(total)s: together they "
                                "must stay below %(limit)s.",
                                date=format_date(self.env, day),
                                who=employee.name or company.name,
                                contribution=percent(contribution.rate),
                                etd=company.oe_etd_id.display_name,
                                redevance=percent(redevance.rate),
                                total=percent(total),
                                limit=percent(100),
                            )
                        )

    @api.model
    def _rates_in_force(self, employees, date):
        """The contribution rate in force on ``date`` for each of these entrepreneurs (in %, 0 when none).

        One query for the whole batch. Records being edited (onchange) count as their saved origin.

        :return: ``{employee id: rate}``, keyed by the ids of ``employees`` as given.
        """
        date = fields.Date.to_date(date)
        origins = employees._origin
        rates = self.sudo().search_fetch(
            [
                ("company_id", "in", origins.company_id.ids),
                ("date_from", "<=", date),
                "|",
                ("employee_id", "in", origins.ids),
                ("employee_id", "=", False),
            ],
            ["company_id", "employee_id", "date_from", "rate"],
        )
        return {employee.id: self._pick_rate_in_force(rates, employee._origin, date) for employee in employees}

    @api.model
    def _pick_rate_in_force(self, rates, employee, date):
        """Among ``rates`` (already read), the rate in force on ``date`` for this entrepreneur: the newest
        of their own, else the newest of their CAE's (in %, 0 when none)."""
        candidates = rates.filtered(
            lambda r: r.company_id == employee.company_id
            and r.date_from <= date
            and (not r.employee_id or r.employee_id == employee)
        ).sorted("date_from", reverse=True)
        own = candidates.filtered(lambda r: r.employee_id == employee)[:1]
        return (own or candidates.filtered(lambda r: not r.employee_id)[:1]).rate
