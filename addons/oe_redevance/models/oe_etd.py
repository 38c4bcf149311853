from odoo import fields, models


class OeEtd(models.Model):
    _inherit = "oe.etd"

    oe_redevance_rate_ids = fields.One2many("oe.redevance.rate", "etd_id", string="Redevance rates")

    def _oe_redevance_rate_at(self, date):
        """The redevance rate record of this ETD in force on ``date`` (empty before the first one)."""
        self.ensure_one()
        return self._oe_redevance_rates_at(date)[self]

    def _oe_redevance_rates_at(self, date):
        """The redevance rate record of each of these ETDs in force on ``date``, in one query:
        ``{etd: oe.redevance.rate}`` (an empty record before an ETD's first rate)."""
        Rate = self.env["oe.redevance.rate"].sudo()
        rates = Rate.search_fetch(
            [("etd_id", "in", self.ids), ("date_from", "<=", date)], ["etd_id", "rate"], order="date_from desc"
        )
        in_force = {etd: Rate for etd in self}
        for rate in rates:
            etd = rate.etd_id.with_env(self.env)
            if not in_force.get(etd):
                in_force[etd] = rate
        return in_force
