from odoo import models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    def _oe_levy_rates(self, date):
        # EXTEND 'oe_entrepreneur': the contribution and redevance rates in force for the entrepreneurs of a
        # CAE, read for the whole batch (one search of contribution rates, one of redevance rates).
        rates = super()._oe_levy_rates(date)
        employees = self.sudo().filtered(lambda employee: employee.company_id.oe_role == "cae")
        if not employees:
            return rates
        contributions = self.env["oe.contribution.rate"]._rates_in_force(employees, date)
        redevances = {
            etd: rate.rate for etd, rate in employees.company_id.oe_etd_id._oe_redevance_rates_at(date).items()
        }
        for employee in employees:
            rates[employee.id].update(
                contribution=contributions[employee.id] / 100.0,
                redevance=redevances.get(employee.company_id.oe_etd_id, 0.0) / 100.0,
            )
        return rates
