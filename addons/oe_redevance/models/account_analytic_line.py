from odoo import _, api, fields, models
from odoo.exceptions import UserError


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    oe_contribution_line_id = fields.Many2one(
        "oe.contribution.line",
        string="Cooperative contribution",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
    )

    def _oe_check_not_contribution_booking(self):
        """The analytic lines that book a contribution are written by its booking only (as superuser, in
        ``oe.contribution.line.action_post``); never edited or deleted by hand: a change of the base is
        booked by two opposite lines."""
        if self.env.su:
            return
        booked = self.sudo().filtered("oe_contribution_line_id")
        if booked:
            raise UserError(
                _(
                    "%(line)s books the cooperative contribution of %(employee)s: it is neither changed nor "
                    "deleted by hand. Compute the contributions again: a correction is booked by new lines.",
                    line=booked[0].name,
                    employee=booked[0].oe_contribution_line_id.employee_id.name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(
            vals.get("oe_contribution_line_id", self.env.context.get("default_oe_contribution_line_id"))
            for vals in vals_list
        ):
            raise UserError(_("Only the booking of a cooperative contribution creates its analytic lines."))
        return super().create(vals_list)

    def write(self, vals):
        self._oe_check_not_contribution_booking()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_contribution_booking(self):
        self._oe_check_not_contribution_booking()
