from odoo import _, api, models
from odoo.exceptions import ValidationError


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    @api.constrains("oe_function_ids")
    def _check_oe_functions_of_assignments(self):
        """A function stays while a live assignment (proposed, or accepted on a mission not closed) uses it."""
        assignments = (
            self.env["oe.mission.assignment"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", self.ids),
                    ("state", "in", ("proposed", "accepted")),
                    ("project_id.oe_state", "not in", ("done", "cancelled")),
                ]
            )
        )
        for assignment in assignments:
            if assignment.function_id not in assignment.employee_id.oe_function_ids:
                raise ValidationError(
                    _(
                        "%(name)s works as %(function)s on the mission %(mission)s: keep that function "
                        "until the mission is closed.",
                        name=assignment.employee_id.name,
                        function=assignment.function_id.name,
                        mission=assignment.project_id.name,
                    )
                )
