from odoo import models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    def _oe_levy_rates(self, date):
        # EXTEND 'oe_entrepreneur': the contribution and redevance rates in force for this entrepreneur.
        rates = super()._oe_levy_rates(date)
        company = self.sudo().company_id
        if not company:
            return rates
        if company.oe_role != "cae":
            return rates
        redevance = company.oe_etd_id._oe_redevance_rate_at(date) if company.oe_etd_id else False
        rates["contribution"] = self.env["oe.contribution.rate"]._rate_at(self, date) / 100.0
        rates["redevance"] = (redevance.rate / 100.0) if redevance else 0.0
        return rates
