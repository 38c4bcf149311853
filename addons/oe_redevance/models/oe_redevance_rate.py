from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


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
