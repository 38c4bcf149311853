from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models


class OeRedevanceGenerate(models.TransientModel):
    """Generate the redevance statements of every CAE for a month (and the quarters it closes)."""

    _name = "oe.redevance.generate"
    _description = "Generate the redevance statements"

    @api.model
    def _default_month(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    month = fields.Date(
        required=True, default=_default_month, help="Any day of the month whose statements are generated."
    )
    date_from = fields.Date(compute="_compute_dates")
    date_to = fields.Date(compute="_compute_dates")
    company_ids = fields.Many2many(
        "res.company",
        string="CAEs",
        domain=[("oe_role", "=", "cae")],
        help="Leave empty for every CAE of the network.",
    )
    summary = fields.Text(compute="_compute_dates")

    @api.depends("month", "company_ids")
    def _compute_dates(self):
        Statement = self.env["oe.redevance.statement"]
        for wizard in self:
            if not wizard.month:
                wizard.date_from = wizard.date_to = wizard.summary = False
                continue
            wizard.date_from, wizard.date_to = Statement._period_of(wizard.month, "month")
            quarter_from, quarter_to = Statement._period_of(wizard.month, "quarter")
            lines = [_("Monthly CAEs: %(period)s.", period=Statement._period_label(wizard.date_from, "month"))]
            if wizard.date_to == quarter_to:
                lines.append(_("Quarterly CAEs: %(period)s.", period=Statement._period_label(quarter_from, "quarter")))
            else:
                lines.append(_("Quarterly CAEs: nothing, this month does not end a quarter."))
            wizard.summary = "\n".join(lines)

    def action_generate(self):
        self.ensure_one()
        Statement = self.env["oe.redevance.statement"]
        companies = self.company_ids or self.env["res.company"].sudo().search([("oe_role", "=", "cae")])
        statements = Statement.browse()
        for kind in ("month", "quarter"):
            date_from, date_to = Statement._period_of(self.month, kind)
            if kind == "quarter" and date_to != self.date_to:
                continue
            selected = companies.filtered(lambda c, k=kind: c.oe_redevance_period == k)
            if selected:
                statements |= Statement.generate(date_from, date_to, selected)
        return {
            "type": "ir.actions.act_window",
            "name": _("Redevance statements"),
            "res_model": "oe.redevance.statement",
            "view_mode": "list,form",
            "domain": [("id", "in", statements.ids)],
        }
