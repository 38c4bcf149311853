from odoo import fields, models, tools
from odoo.tools import SQL


class OeEntrepreneurReport(models.Model):
    """Monthly figures of each Entrepreneur Social: hours logged, turnover, what they chose.

    An SQL view, one row per employee record and month. Entrepreneurs read their own rows (record
    rule); managers get list, pivot and graph views. Turnover comes from :meth:`_turnover_query`,
    empty here: ``oe_mission`` adds the posted client invoice lines of each entrepreneur.
    """

    _name = "oe.entrepreneur.report"
    _description = "Entrepreneur monthly figures"
    _auto = False
    _order = "date desc, employee_id"
    _rec_name = "employee_id"

    employee_id = fields.Many2one("hr.employee", string="Entrepreneur", readonly=True)
    user_id = fields.Many2one("res.users", string="User", readonly=True)
    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    etd_id = fields.Many2one("oe.etd", string="ETD", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    hours = fields.Float(string="Hours logged", readonly=True)
    chosen_hours = fields.Float(string="Hours chosen", readonly=True, aggregator="sum")
    turnover = fields.Float(string="Turnover (excl. VAT)", readonly=True)
    target_turnover = fields.Float(string="Turnover target", readonly=True, aggregator="sum")

    def _hours_query(self):
        """(employee_id, month, hours): timesheet hours of every employee, per month."""
        return SQL(
            """
            SELECT aal.employee_id, date_trunc('month', aal.date)::date AS month, SUM(aal.unit_amount) AS hours
              FROM account_analytic_line aal
             WHERE aal.project_id IS NOT NULL AND aal.employee_id IS NOT NULL
          GROUP BY aal.employee_id, date_trunc('month', aal.date)
            """
        )

    def _turnover_query(self):
        """(employee_id, month, turnover): turnover of every employee, per month. None yet."""
        return SQL("SELECT NULL::integer AS employee_id, NULL::date AS month, 0::numeric AS turnover WHERE FALSE")

    def _query(self):
        return SQL(
            """
            WITH hours AS (%(hours)s),
                 turnover AS (%(turnover)s),
                 months AS (SELECT employee_id, month FROM hours UNION SELECT employee_id, month FROM turnover)
            SELECT row_number() OVER (ORDER BY m.month, m.employee_id) AS id,
                   m.employee_id,
                   e.user_id,
                   e.company_id,
                   c.oe_etd_id AS etd_id,
                   m.month AS date,
                   COALESCE(h.hours, 0) AS hours,
                   COALESCE(t.turnover, 0) AS turnover,
                   COALESCE(e.oe_hours_per_month, 0) AS chosen_hours,
                   COALESCE(e.oe_target_turnover, 0) AS target_turnover
              FROM months m
              JOIN hr_employee e ON e.id = m.employee_id AND e.oe_is_entrepreneur
              JOIN res_company c ON c.id = e.company_id
         LEFT JOIN hours h ON h.employee_id = m.employee_id AND h.month = m.month
         LEFT JOIN turnover t ON t.employee_id = m.employee_id AND t.month = m.month
            """,
            hours=self._hours_query(),
            turnover=self._turnover_query(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))
