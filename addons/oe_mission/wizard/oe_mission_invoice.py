from dateutil.relativedelta import relativedelta

from odoo import _, fields, models
from odoo.exceptions import UserError


def _previous_month_start(wizard):
    return fields.Date.context_today(wizard).replace(day=1) - relativedelta(months=1)


class OeMissionInvoice(models.TransientModel):
    """ "Facturer les heures": a form over ``project.project.oe_invoice_timesheets``."""

    _name = "oe.mission.invoice"
    _description = "Invoice the hours of missions"

    project_ids = fields.Many2many(
        "project.project",
        string="Missions",
        domain=[("oe_is_mission", "=", True)],
        default=lambda self: self.env.context.get("active_model") == "project.project"
        and self.env.context.get("active_ids"),
    )
    date_from = fields.Date(string="From", required=True, default=_previous_month_start)
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: _previous_month_start(self) + relativedelta(months=1, days=-1),
    )

    def action_invoice(self):
        self.ensure_one()
        if self.date_to < self.date_from:
            raise UserError(_("The period ends before it starts."))
        missions = self.project_ids or self.env["project.project"].search([("oe_is_mission", "=", True)])
        invoices = missions.oe_invoice_timesheets(self.date_from, self.date_to)
        return {
            "type": "ir.actions.act_window",
            "name": _("Invoices"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", invoices.ids)],
        }
