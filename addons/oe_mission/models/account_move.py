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


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    oe_timesheet_ids = fields.One2many("account.analytic.line", "oe_invoice_line_id", string="Timesheets")
