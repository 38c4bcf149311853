from odoo import fields, models
from odoo.tools import float_compare


class AccountMove(models.Model):
    _inherit = "account.move"

    oe_mission_id = fields.Many2one("project.project", string="Mission", index="btree_not_null", copy=False)

    def _oe_release_timesheets(self):
        """Free the hours invoiced by these invoices, so that they can be invoiced again."""
        timesheets = (
            self.env["account.analytic.line"].sudo().search([("oe_invoice_line_id", "in", self.invoice_line_ids.ids)])
        )
        timesheets.write({"oe_invoice_line_id": False})

    def _post(self, soft=True):
        # EXTEND 'account': a client credit note that reverses the whole invoice releases its hours;
        # a partial one does not.
        posted = super()._post(soft)
        originals = posted.filtered(lambda m: m.move_type == "out_refund").reversed_entry_id
        if originals:
            refunded = dict(
                self._read_group(
                    [("reversed_entry_id", "in", originals.ids), ("state", "=", "posted")],
                    ["reversed_entry_id"],
                    ["amount_total:sum"],
                )
            )
            fully_refunded = originals.filtered(
                lambda m: float_compare(refunded.get(m, 0.0), m.amount_total, precision_rounding=m.currency_id.rounding)
                >= 0
            )
            fully_refunded._oe_release_timesheets()
        return posted

    def button_cancel(self):
        # EXTEND 'account': a cancelled invoice releases its hours.
        res = super().button_cancel()
        self.filtered(lambda m: m.move_type == "out_invoice")._oe_release_timesheets()
        return res

    def _oe_invoice_report_values(self):
        """What the printed invoice of a mission shows beyond the standard document."""
        self.ensure_one()
        mission_sudo = self.sudo().oe_mission_id
        values = {
            "is_mission": bool(mission_sudo),
            "hours": [],
            "entrepreneurs": [],
            "date_from": False,
            "date_to": False,
            "show_sap": False,
            "show_penalties": False,
        }
        if not mission_sudo:
            return values
        timesheets = self.sudo().invoice_line_ids.oe_timesheet_ids.sorted(lambda t: (t.date, t.employee_id.name))
        values["hours"] = [
            {
                "date": line.date,
                "employee": line.employee_id.name,
                "function": line.oe_assignment_id.function_id.name,
                "hours": line.unit_amount,
            }
            for line in timesheets
        ]
        values["entrepreneurs"] = sorted(set(timesheets.employee_id.mapped("name")))
        if timesheets:
            values["date_from"] = min(timesheets.mapped("date"))
            values["date_to"] = max(timesheets.mapped("date"))
        client_type = self.commercial_partner_id.oe_client_type
        values["show_sap"] = bool(
            client_type == "individual" and mission_sudo.oe_pole_id.sap_eligible and self.company_id.oe_sap_number
        )
        values["show_penalties"] = client_type in ("business", "association", "ehpad")
        return values


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    oe_timesheet_ids = fields.One2many("account.analytic.line", "oe_invoice_line_id", string="Timesheets")
