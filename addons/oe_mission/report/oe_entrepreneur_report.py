from odoo import models
from odoo.tools import SQL


class OeEntrepreneurReport(models.Model):
    _inherit = "oe.entrepreneur.report"

    def _turnover_query(self):
        # EXTEND 'oe_entrepreneur': the turnover of an entrepreneur (architecture.md, money rules) is the
        # posted client invoice lines carrying their analytic account, net of posted credit notes; never
        # documents between companies of the network. Counted on their employee records in CAEs.
        return SQL(
            """
            SELECT e.id AS employee_id,
                   date_trunc('month', aml.date)::date AS month,
                   SUM(-aml.balance) AS turnover
              FROM account_move_line aml
              JOIN account_move am ON am.id = aml.move_id
              JOIN res_partner p ON p.id = am.commercial_partner_id
              JOIN hr_employee e ON e.work_contact_id IS NOT NULL AND e.oe_is_entrepreneur
                                AND e.oe_status = 'operational'
              JOIN res_partner wc ON wc.id = e.work_contact_id
             WHERE am.state = 'posted'
               AND am.move_type IN ('out_invoice', 'out_refund')
               AND aml.display_type = 'product'
               AND wc.oe_analytic_account_id IS NOT NULL
               AND aml.analytic_distribution ? wc.oe_analytic_account_id::text
               AND NOT EXISTS (SELECT 1 FROM res_company c WHERE c.partner_id = p.id)
          GROUP BY e.id, date_trunc('month', aml.date)
            """
        )
