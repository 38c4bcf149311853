from odoo import fields, models


class OeSaleSendBack(models.TransientModel):
    """The CAE sends a quote back to its entrepreneur with a reason. (Skeleton: the owner of the quotes work
    completes it.)"""

    _name = "oe.sale.send.back"
    _description = "Send a quote back to its entrepreneur"

    order_id = fields.Many2one("sale.order", required=True, ondelete="cascade")
    reason = fields.Text(required=True)
