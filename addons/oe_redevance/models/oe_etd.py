from odoo import fields, models


class OeEtd(models.Model):
    _inherit = "oe.etd"

    oe_redevance_rate_ids = fields.One2many("oe.redevance.rate", "etd_id", string="Redevance rates")

    def _oe_redevance_rate_at(self, date):
        """The redevance rate record of this ETD in force on ``date`` (empty before the first one)."""
        self.ensure_one()
        return (
            self.env["oe.redevance.rate"]
            .sudo()
            .search([("etd_id", "=", self.id), ("date_from", "<=", date)], order="date_from desc", limit=1)
        )
