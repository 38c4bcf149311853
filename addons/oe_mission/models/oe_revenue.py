from odoo import api, models
from odoo.tools import SQL


class OeRevenue(models.AbstractModel):
    """The revenue rules of the network (docs/architecture.md, "Money rules"), written once.

    * a **revenue journal item** is a line of a posted client invoice or credit note, on an income
      account, whose partner is not a company of the network (:meth:`_item_conditions`);
    * its **entrepreneur** (a person, ``res.partner``) is the one whose analytic account is among the
      keys of its analytic distribution, keys combining several plans ("12,34") included; when several
      are, the lowest partner id (:meth:`_people_query`);
    * the **employee record** that carries it is the person's operational record in the item's CAE,
      else their home record (the oldest operational one), active records first
      (:meth:`_carriers_query`).

    The entrepreneurs' report (turnover, dashboard, contribution base), the redevance statements and
    the yearly review of an ETD all call these. Mapping is done on the distinct distributions, never
    per journal item: the items are grouped by their raw distribution first (docs/development.md,
    "Benchmarks").
    """

    _name = "oe.revenue"
    _description = "Revenue rules of the network"

    @api.model
    def _item_conditions(self):
        """SQL conditions on ``aml`` (journal item), ``am`` (its move) and ``acc`` (its account) that keep
        the revenue journal items."""
        return SQL(
            """aml.parent_state = 'posted'
               AND am.move_type IN ('out_invoice', 'out_refund')
               AND aml.display_type = 'product'
               AND acc.account_type IN ('income', 'income_other')
               AND am.commercial_partner_id NOT IN (
                    SELECT partner_id FROM res_company WHERE partner_id IS NOT NULL)"""
        )

    @api.model
    def _people_query(self, distributions):
        """SQL of rows (distribution, partner_id): the entrepreneur (person) of each analytic distribution
        of the query ``distributions`` (one jsonb column named ``distribution``, not null). A distribution
        without an entrepreneur's account has no row."""
        return SQL(
            """
            SELECT d.distribution, MIN(p.id) AS partner_id
              FROM (%(distributions)s) d
              CROSS JOIN LATERAL jsonb_object_keys(d.distribution) AS k(key)
              CROSS JOIN LATERAL unnest(string_to_array(k.key, ',')) AS a(account)
              JOIN res_partner p ON p.oe_analytic_account_id IS NOT NULL
                                AND p.oe_analytic_account_id::text = btrim(a.account)
          GROUP BY d.distribution
            """,
            distributions=distributions,
        )

    @api.model
    def _carriers_query(self, pairs):
        """SQL of rows (company_id, partner_id, employee_id): the employee record that carries the revenue
        of each (company, person) of the query ``pairs`` (columns ``company_id``, ``partner_id``)."""
        return SQL(
            """
            SELECT DISTINCT ON (pc.company_id, pc.partner_id) pc.company_id, pc.partner_id, e.id AS employee_id
              FROM (%(pairs)s) pc
              JOIN hr_employee e ON e.work_contact_id = pc.partner_id AND e.oe_is_entrepreneur
          ORDER BY pc.company_id, pc.partner_id,
                   e.active DESC,
                   (e.oe_status = 'operational' AND e.company_id = pc.company_id) DESC,
                   (e.oe_status = 'operational') DESC,
                   e.id
            """,
            pairs=pairs,
        )

    @api.model
    def _turnover_query(self):
        """SQL of rows (employee_id, month, turnover): the turnover of each entrepreneur's record per month
        (posted client invoices net of credit notes, revenue journal items only)."""
        return SQL(
            """
            WITH items AS MATERIALIZED (
                SELECT aml.company_id, aml.analytic_distribution AS distribution,
                       date_trunc('month', aml.date)::date AS month, SUM(-aml.balance) AS amount
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE aml.analytic_distribution IS NOT NULL
                   AND %(revenue)s
              GROUP BY 1, 2, 3
            ), people AS MATERIALIZED (
                %(people)s
            ), carriers AS MATERIALIZED (
                %(carriers)s
            )
            SELECT c.employee_id, i.month, SUM(i.amount) AS turnover
              FROM items i
              JOIN people p ON p.distribution = i.distribution
              JOIN carriers c ON c.company_id = i.company_id AND c.partner_id = p.partner_id
          GROUP BY c.employee_id, i.month
            """,
            revenue=self._item_conditions(),
            people=self._people_query(SQL("SELECT DISTINCT distribution FROM items")),
            carriers=self._carriers_query(
                SQL(
                    "SELECT DISTINCT i.company_id, p.partner_id FROM items i "
                    "JOIN people p ON p.distribution = i.distribution"
                )
            ),
        )
