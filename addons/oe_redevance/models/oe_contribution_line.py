from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_is_zero, format_date

from odoo.addons.oe_etd.tools.rounding import from_cents, levy_cents, to_cents


class OeContributionLine(models.Model):
    """The cooperative contribution of one entrepreneur for one month, booked in their home CAE.

    Base: the entrepreneur's turnover of the month (docs/architecture.md, "Money rules": their posted client
    invoice lines, net of credit notes, in every CAE of the network); rate: the one in force at the
    month's end (their own, else their home CAE's). Inside one legal entity, so analytic entries: once
    posted, the line has two analytic lines in the home CAE (the entrepreneur's account is debited, the
    CAE's "Services mutualisés" account credited). A later change of the base is booked by two opposite
    lines for the difference; analytic lines are never edited.
    """

    _name = "oe.contribution.line"
    _description = "Cooperative contribution of an entrepreneur for a month"
    _order = "date desc, company_id, employee_id"
    _rec_name = "employee_id"
    _check_company_auto = True

    employee_id = fields.Many2one("hr.employee", string="Entrepreneur", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", string="Home CAE", required=True, readonly=True, index=True)
    etd_id = fields.Many2one(related="company_id.oe_etd_id", store=True, string="ETD")
    user_id = fields.Many2one(related="employee_id.user_id", store=True, string="User")
    date = fields.Date(string="Month", required=True, readonly=True, help="First day of the month.")
    currency_id = fields.Many2one(related="company_id.currency_id")
    base_amount = fields.Monetary(string="Turnover (excl. VAT)", readonly=True)
    rate = fields.Float(string="Rate (%)", digits=(5, 2), readonly=True)
    amount = fields.Monetary(string="Contribution", readonly=True)
    booked_amount = fields.Monetary(string="Booked", readonly=True, help="What the analytic lines already book.")
    state = fields.Selection(
        [("draft", "To book"), ("posted", "Booked")],
        default="draft",
        required=True,
        readonly=True,
        help="Booked: the analytic lines book the contribution. To book: new, or its base changed since.",
    )
    analytic_line_ids = fields.One2many("account.analytic.line", "oe_contribution_line_id", readonly=True)

    _sql_constraints = [
        ("employee_month_uniq", "unique(employee_id, date)", "One contribution line per entrepreneur and month."),
    ]

    # ------------------------------------------------------------------ computation

    @api.model
    def _months(self, date_from, date_to):
        month = date_from.replace(day=1)
        while month <= date_to:
            yield month
            month += relativedelta(months=1)

    @api.model
    def compute_period(self, date_from, date_to, companies=None):
        """Create or update the lines of every entrepreneur of these CAEs for the months of the period.

        Idempotent. Draft lines are refreshed; a booked line whose contribution changed goes back to
        "to book" (the difference is booked by :meth:`action_post`). Returns the lines of the period.
        """
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        if not date_from or not date_to or date_from > date_to:
            raise UserError(_("Give a period whose start is before its end."))
        date_from = date_from.replace(day=1)
        if companies is None:
            companies = self.env.companies.filtered(lambda c: c.oe_role == "cae")
        companies = companies.filtered(lambda c: c.oe_role == "cae")
        self._check_staff()
        if not self.env.su:
            companies &= self.env.companies  # the CAEs this user works in

        Line = self.sudo()
        # One grouped read of the turnover of every entrepreneur and month. The report's month is a Date:
        # grouped by month, it comes back as the month's first day, a datetime.date like the lines' date.
        groups = (
            self.env["oe.entrepreneur.report"]
            .sudo()
            ._read_group(
                [("company_id", "in", companies.ids), ("date", ">=", date_from), ("date", "<=", date_to)],
                ["employee_id", "date:month"],
                ["turnover:sum"],
            )
        )
        turnover = {(employee.id, month): total for employee, month, total in groups}
        existing = {
            (line.employee_id.id, line.date): line
            for line in Line.search(
                [("company_id", "in", companies.ids), ("date", ">=", date_from), ("date", "<=", date_to)]
            )
        }
        keys = set(turnover) | set(existing)
        employees = self.env["hr.employee"].sudo().browse({employee_id for employee_id, _month in keys})
        Rate = self.env["oe.contribution.rate"].sudo()
        rates = Rate.search([("company_id", "in", companies.ids), ("date_from", "<=", date_to)]).grouped("company_id")
        to_create = []
        for employee_id, month in sorted(keys):
            employee = employees.browse(employee_id)
            base = to_cents(turnover.get((employee_id, month), 0.0) or 0.0)
            month_end = month + relativedelta(months=1, days=-1)
            rate = Rate._pick_rate_in_force(rates.get(employee.company_id, Rate), employee, month_end)
            amount = levy_cents(from_cents(base), rate)
            line = existing.get((employee_id, month))
            values = {"base_amount": from_cents(base), "rate": rate, "amount": from_cents(amount)}
            if line:
                changed = (
                    any(line.currency_id.compare_amounts(line[f], values[f]) for f in ("base_amount", "amount"))
                    or line.rate != rate
                )
                if changed:
                    if line.state == "posted" and line.currency_id.compare_amounts(
                        line.booked_amount, values["amount"]
                    ):
                        values["state"] = "draft"
                    line.write(values)
            elif base:
                to_create.append(dict(values, employee_id=employee_id, company_id=employee.company_id.id, date=month))
        Line.create(to_create)
        return self.search([("company_id", "in", companies.ids), ("date", ">=", date_from), ("date", "<=", date_to)])

    @api.model
    def _cron_compute_last_month(self):
        """Monthly: compute and book the contributions of last month in every CAE."""
        last_month = fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)
        companies = self.env["res.company"].sudo().search([("oe_role", "=", "cae")])
        lines = self.sudo().compute_period(last_month, last_month + relativedelta(months=1, days=-1), companies)
        lines.filtered(lambda line: line.state == "draft").action_post()

    # ------------------------------------------------------------------ booking

    @api.model
    def _check_staff(self):
        """Contributions are computed and booked by the staff of the CAE (lines are read-only otherwise)."""
        user = self.env.user
        if not self.env.su and not (
            user.has_group("oe_etd.group_cae_manager") or user.has_group("oe_etd.group_cae_accountant")
        ):
            raise AccessError(_("Only the staff of a CAE computes and books the cooperative contributions."))

    def action_post(self):
        """Book what is not booked yet: two analytic lines in the home CAE per line (never edited)."""
        self._check_staff()
        self.check_access("read")  # the record rules: lines of the user's CAEs
        AnalyticLine = self.env["account.analytic.line"].sudo()
        plan = self.env.ref("oe_entrepreneur.analytic_plan_entrepreneurs")
        column = plan._column_name()
        vals_list = []
        for line in self.sudo().filtered(lambda line: line.state == "draft"):
            delta = line.amount - line.booked_amount
            if not float_is_zero(delta, precision_rounding=line.currency_id.rounding):
                es_account = line.employee_id.oe_analytic_account_id
                shared = line.company_id.oe_shared_services_account_id
                if not es_account or not shared:
                    raise UserError(
                        _(
                            "%(employee)s needs an analytic account and %(company)s a shared services account "
                            "before the contribution is booked.",
                            employee=line.employee_id.name,
                            company=line.company_id.name,
                        )
                    )
                name = _(
                    "Cooperative contribution %(month)s — %(employee)s",
                    month=format_date(self.env, line.date, date_format="MMMM y"),
                    employee=line.employee_id.name,
                )
                if line.booked_amount:
                    name = _("%(name)s (correction)", name=name)
                day = line.date + relativedelta(months=1, days=-1)
                common = {
                    "name": name,
                    "date": day,
                    "company_id": line.company_id.id,
                    "oe_contribution_line_id": line.id,
                }
                vals_list += [
                    dict(common, amount=-delta, **{column: es_account.id}),
                    dict(common, amount=delta, **{column: shared.id}),
                ]
            line.write({"state": "posted", "booked_amount": line.amount})
        AnalyticLine.create(vals_list)
        return True
