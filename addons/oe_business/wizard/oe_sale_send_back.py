from odoo import fields, models


class OeSaleSendBack(models.TransientModel):
    """The CAE sends a quote back to its entrepreneur with a reason: a form over
    ``sale.order.action_oe_send_back``, which holds the rule."""

    _name = "oe.sale.send.back"
    _description = "Send a quote back to its entrepreneur"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_send_back(self):
        self.ensure_one()
        self.order_id.action_oe_send_back(self.reason)
        return {"type": "ir.actions.act_window_close"}
