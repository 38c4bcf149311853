from odoo import models


class OeEntrepreneurReport(models.Model):
    _inherit = "oe.entrepreneur.report"

    # What the turnover reads: flushed before any search or read of the report.
    _depends = {
        "account.move.line": [
            "parent_state",
            "display_type",
            "analytic_distribution",
            "balance",
            "date",
            "company_id",
            "move_id",
            "account_id",
        ],
        "account.move": ["move_type", "commercial_partner_id"],
        "account.account": ["account_type"],
        "res.company": ["partner_id"],
        "res.partner": ["oe_analytic_account_id"],
        "hr.employee": ["work_contact_id", "oe_is_entrepreneur", "oe_status", "company_id", "active"],
    }

    def _turnover_query(self):
        # EXTEND 'oe_entrepreneur': the turnover of an entrepreneur (docs/architecture.md, "Money rules") is the
        # revenue journal items carrying their analytic account, net of credit notes, on the one employee
        # record that carries them: the rules of oe.revenue.
        return self.env["oe.revenue"]._turnover_query()
