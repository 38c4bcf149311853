from odoo import _, api, fields, models

from odoo.addons.oe_mission.models.integrity import check_not_typed, fields_of_create


class ProjectProject(models.Model):
    _inherit = "project.project"

    oe_sale_order_id = fields.Many2one(
        "sale.order",
        string="Quote",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The signed quote whose confirmation created this mission.",
    )

    # The link between a quote and its mission is written by the confirmation only
    # (docs/architecture.md, "Integrity").
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_not_typed(self.env, fields_of_create(self.env, vals), {"oe_sale_order_id"}, self._oe_quote_message())
        return super().create(vals_list)

    def write(self, vals):
        check_not_typed(self.env, vals, {"oe_sale_order_id"}, self._oe_quote_message())
        return super().write(vals)

    @api.model
    def _oe_quote_message(self):
        return _("A mission is linked to its quote by the quote's confirmation only.")
