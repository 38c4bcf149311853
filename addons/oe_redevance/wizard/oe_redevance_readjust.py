from datetime import date

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.oe_etd.tools.rounding import from_cents, levy_cents


class OeRedevanceReadjust(models.TransientModel):
    """The yearly review of an ETD, and "Réajuster le taux": a new dated rate, previewed on last year."""

    _name = "oe.redevance.readjust"
    _description = "Yearly review and readjustment of an ETD's redevance rate"

    @api.model
    def _default_year(self):
        return fields.Date.context_today(self).year - 1

    etd_id = fields.Many2one("oe.etd", string="ETD", required=True)
    year = fields.Integer(required=True, default=_default_year)
    # The currency of the ETD's CAEs, whose figures these are.
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    turnover = fields.Monetary(string="Turnover (excl. VAT)", compute="_compute_review")
    redevance = fields.Monetary(compute="_compute_review", help="Posted redevance statements of the year.")
    contribution = fields.Monetary(compute="_compute_review", help="Booked cooperative contributions of the year.")
    result = fields.Monetary(
        string="Result of the CAEs",
        compute="_compute_review",
        help="Income minus expenses of the year, from the accounts.",
    )
    effective_rate = fields.Float(string="Effective rate (%)", digits=(5, 2), compute="_compute_review")
    current_rate = fields.Float(string="Rate in force (%)", digits=(5, 2), compute="_compute_review")
    # The proposal
    date_from = fields.Date(
        string="New rate from", required=True, default=lambda self: date(fields.Date.context_today(self).year + 1, 1, 1)
    )
    rate = fields.Float(string="New rate (%)", digits=(5, 2), required=True)
    conceptual_share = fields.Float(string="Conceptual share (%)", digits=(5, 2), required=True, default=50.0)
    reason = fields.Text(required=True)
    preview_amount = fields.Monetary(string="Redevance of the year at the new rate", compute="_compute_preview")
    preview_difference = fields.Monetary(string="Difference", compute="_compute_preview")

    @api.depends("etd_id")
    def _compute_currency_id(self):
        for wizard in self:
            wizard.currency_id = wizard._cae_companies()[:1].currency_id or self.env.company.currency_id

    @api.onchange("etd_id")
    def _onchange_etd_id(self):
        current = self.etd_id._oe_redevance_rate_at(fields.Date.context_today(self)) if self.etd_id else False
        if current:
            self.rate = current.rate
            self.conceptual_share = current.conceptual_share

    @api.model
    def _year_range(self):
        """The years that a review can cover: from 2000 to next year."""
        return 2000, fields.Date.context_today(self).year + 1

    def _has_sane_year(self):
        self.ensure_one()
        first, last = self._year_range()
        return first <= self.year <= last

    @api.constrains("year")
    def _check_year(self):
        first, last = self._year_range()
        for wizard in self:
            if not wizard._has_sane_year():
                raise ValidationError(
                    _(
                        "The yearly review is of a year from %(first)s to %(last)s, not %(year)s.",
                        first=first,
                        last=last,
                        year=wizard.year,
                    )
                )

    @api.depends("etd_id", "year")
    def _compute_review(self):
        for wizard in self:
            sane = wizard.etd_id and wizard._has_sane_year()
            figures = wizard._review_figures() if sane else {}
            wizard.turnover = figures.get("turnover", 0.0)
            wizard.redevance = figures.get("redevance", 0.0)
            wizard.contribution = figures.get("contribution", 0.0)
            wizard.result = figures.get("result", 0.0)
            wizard.effective_rate = 100.0 * wizard.redevance / wizard.turnover if wizard.turnover else 0.0
            current = wizard.etd_id._oe_redevance_rate_at(date(wizard.year, 12, 31)) if sane else False
            wizard.current_rate = current.rate if current else 0.0

    @api.depends("turnover", "redevance", "rate")
    def _compute_preview(self):
        for wizard in self:
            wizard.preview_amount = from_cents(levy_cents(wizard.turnover, wizard.rate or 0.0))
            wizard.preview_difference = wizard.preview_amount - wizard.redevance

    def _cae_companies(self):
        """The CAEs of the ETD reviewed: the figures and the currency are theirs."""
        self.ensure_one()
        return self.etd_id.sudo().company_ids.filtered(lambda company: company.oe_role == "cae")

    def _review_figures(self):
        """The year's figures of the ETD's CAEs: grouped queries on the accounts and the statements."""
        self.ensure_one()
        companies = self._cae_companies()
        if not companies:
            return {}
        start, end = date(self.year, 1, 1), date(self.year, 12, 31)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT
                COALESCE(SUM(-aml.balance) FILTER (
                    WHERE %(revenue)s
                ), 0) AS turnover,
                COALESCE(SUM(-aml.balance) FILTER (
                    WHERE acc.account_type IN ('income', 'income_other', 'expense',
                                               'expense_depreciation', 'expense_direct_cost')
                ), 0) AS result
              FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
              JOIN account_account acc ON acc.id = aml.account_id
             WHERE aml.company_id IN %(companies)s AND aml.parent_state = 'posted'
               AND aml.date BETWEEN %(start)s AND %(end)s
                """,
                companies=tuple(companies.ids),
                revenue=self.env["oe.revenue"]._item_conditions(),
                start=start,
                end=end,
            )
        )
        turnover, result = self.env.cr.fetchone()
        [[redevance]] = (
            self.env["oe.redevance.statement"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "in", companies.ids),
                    ("state", "=", "posted"),
                    ("date_from", ">=", start),
                    ("date_from", "<=", end),
                ],
                [],
                ["amount:sum"],
            )
        )
        [[contribution]] = (
            self.env["oe.contribution.line"]
            .sudo()
            ._read_group(
                [("company_id", "in", companies.ids), ("date", ">=", start), ("date", "<=", end)],
                [],
                ["booked_amount:sum"],
            )
        )
        return {"turnover": turnover, "result": result, "redevance": redevance, "contribution": contribution}

    def action_confirm(self):
        self.ensure_one()
        if self.env["oe.redevance.rate"].search_count(
            [("etd_id", "=", self.etd_id.id), ("date_from", ">=", self.date_from)]
        ):
            raise UserError(_("The ETD already has a rate from this date or later: choose a later date."))
        rate = self.env["oe.redevance.rate"].create(
            {
                "etd_id": self.etd_id.id,
                "date_from": self.date_from,
                "rate": self.rate,
                "conceptual_share": self.conceptual_share,
                "reason": self.reason,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "oe.redevance.rate",
            "res_id": rate.id,
            "view_mode": "form",
        }
