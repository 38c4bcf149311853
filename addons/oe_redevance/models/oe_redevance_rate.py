from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date


class OeRedevanceRate(models.Model):
    """The redevance rate of an ETD from a date on: a share of the turnover (excl. VAT) of its CAEs.

    A rate runs until the next rate of the ETD starts; the redevance is split between conceptual
    resources (the SAS) and operational ones. Replacing a rate is a readjustment: its reason is kept.
    """

    _name = "oe.redevance.rate"
    _description = "Redevance rate of an ETD"
    _inherit = ["mail.thread"]
    _order = "etd_id, date_from desc"
    _rec_name = "date_from"

    etd_id = fields.Many2one("oe.etd", string="ETD", required=True, index=True, ondelete="cascade", tracking=True)
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", compute="_compute_date_to", help="The day before the next rate starts.")
    rate = fields.Float(
        string="Rate (%)",
        digits=(5, 2),
        required=True,
        tracking=True,
        help="Share of the CAEs' turnover excluding VAT.",
    )
    conceptual_share = fields.Float(
        string="Conceptual share (%)",
        digits=(5, 2),
        required=True,
        default=50.0,
        tracking=True,
        help="Share of the redevance for the conceptual resources (the SAS); the rest is operational.",
    )
    operational_share = fields.Float(
        string="Operational share (%)", digits=(5, 2), compute="_compute_operational_share"
    )
    reason = fields.Text(tracking=True, help="Why the rate changes (readjustment according to the ETD's results).")

    _sql_constraints = [
        ("etd_date_uniq", "unique(etd_id, date_from)", "An ETD has one redevance rate per start date."),
    ]

    @api.depends("etd_id", "date_from")
    def _compute_date_to(self):
        groups = self.search([("etd_id", "in", self.etd_id.ids)]).grouped("etd_id")
        for rate in self:
            later = groups.get(rate.etd_id, self.browse()).filtered(lambda r, d=rate.date_from: d and r.date_from > d)
            rate.date_to = min(later.mapped("date_from")) - timedelta(days=1) if later else False

    @api.depends("conceptual_share")
    def _compute_operational_share(self):
        for rate in self:
            rate.operational_share = 100.0 - rate.conceptual_share

    @api.constrains("rate", "conceptual_share")
    def _check_values(self):
        for rate in self:
            if not 0 < rate.rate < 100:
                raise ValidationError(_("A redevance rate is more than 0 % and less than 100 %."))
            if not 0 <= rate.conceptual_share <= 100:
                raise ValidationError(_("The conceptual share is between 0 % and 100 % of the redevance."))

    @api.constrains("etd_id", "date_from", "rate")
    def _check_levy_total(self):
        self._check_values()  # each rate alone first
        self.env["oe.contribution.rate"]._oe_check_levy_total(self.sudo().etd_id.company_ids)

    @api.constrains("etd_id", "date_from", "reason")
    def _check_reason(self):
        for rate in self:
            earlier = self.search_count(
                [("etd_id", "=", rate.etd_id.id), ("date_from", "<", rate.date_from), ("id", "!=", rate.id)]
            )
            if earlier and not (rate.reason or "").strip():
                raise ValidationError(
                    _("Give the reason of the readjustment: the ETD %(etd)s already had a rate.", etd=rate.etd_id.name)
                )

    # A rate counted by a posted statement is history: the statement keeps it.
    _LOCKED_FIELDS = ("etd_id", "date_from", "rate", "conceptual_share")

    def _check_not_used_by_posted_statement(self):
        used = (
            self.env["oe.redevance.statement.line"]
            .sudo()
            .search([("rate_id", "in", self.ids), ("statement_id.state", "in", ("confirmed", "posted"))], limit=1)
        )
        if used:
            raise UserError(
                _(
                    "The redevance rate of %(etd)s from %(date)s is used by the confirmed or posted statement "
                    "%(statement)s: it cannot be changed or deleted. Add a new rate instead.",
                    etd=used.rate_id.etd_id.name,
                    date=format_date(self.env, used.rate_id.date_from),
                    statement=used.statement_id.name,
                )
            )

    def _check_after_frozen_statements(self):
        """A rate never starts inside a period whose statement is confirmed or posted: it would
        change, after the fact, the rate of lines that statement counted."""
        for rate in self:
            frozen = (
                self.env["oe.redevance.statement"]
                .sudo()
                .search(
                    [
                        ("etd_id", "=", rate.etd_id.id),
                        ("state", "in", ("confirmed", "posted")),
                        ("date_to", ">=", rate.date_from),
                    ],
                    order="date_to desc",
                    limit=1,
                )
            )
            if frozen:
                raise UserError(
                    _(
                        "The statement %(statement)s is confirmed or posted: a new rate of %(etd)s starts "
                        "after %(date)s.",
                        statement=frozen.name,
                        etd=rate.etd_id.name,
                        date=format_date(self.env, frozen.date_to),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        rates = super().create(vals_list)
        rates._check_after_frozen_statements()
        return rates

    def write(self, vals):
        if any(field in vals for field in self._LOCKED_FIELDS):
            self._check_not_used_by_posted_statement()
        res = super().write(vals)
        if "date_from" in vals or "etd_id" in vals:
            self._check_after_frozen_statements()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        self._check_not_used_by_posted_statement()

    def unlink(self):
        # Removing a rate brings back the earlier one: the levies stay below 100 % together.
        companies = self.sudo().etd_id.company_ids
        res = super().unlink()
        self.env["oe.contribution.rate"]._oe_check_levy_total(companies)
        return res
