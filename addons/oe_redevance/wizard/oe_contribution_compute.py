from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models


class OeContributionCompute(models.TransientModel):
    """ "Calculer les contributions": compute (and optionally book) the contributions of a period."""

    _name = "oe.contribution.compute"
    _description = "Compute the cooperative contributions"

    @api.model
    def _default_date_from(self):
        return fields.Date.context_today(self).replace(day=1) - relativedelta(months=1)

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1) - relativedelta(days=1),
    )
    company_ids = fields.Many2many(
        "res.company",
        string="CAEs",
        domain=[("oe_role", "=", "cae")],
        default=lambda self: self.env.companies.filtered(lambda c: c.oe_role == "cae"),
    )
    post = fields.Boolean(string="Book them", help="Book the analytic lines of the computed contributions.")

    def action_compute(self):
        self.ensure_one()
        lines = self.env["oe.contribution.line"].compute_period(self.date_from, self.date_to, self.company_ids)
        if self.post:
            lines.filtered(lambda line: line.state == "draft").action_post()
        return {
            "type": "ir.actions.act_window",
            "name": _("Cooperative contributions"),
            "res_model": "oe.contribution.line",
            "view_mode": "list,pivot,graph",
            "domain": [("id", "in", lines.ids)],
        }
