from odoo import _, api, models
from odoo.exceptions import ValidationError

from .hr_employee import MAX_KEY_COMPETENCES


class HrEmployeeSkill(models.Model):
    _inherit = "hr.employee.skill"

    @api.model
    def default_get(self, fields_list):
        # The "Key competences" list of the entrepreneur form adds skills of the key-competence type.
        defaults = super().default_get(fields_list)
        if self.env.context.get("oe_key_competence") and "skill_type_id" in fields_list:
            defaults.setdefault(
                "skill_type_id",
                self.env["hr.skill.type"].search([("oe_key_competence", "=", True)], limit=1).id,
            )
        return defaults

    @api.constrains("employee_id", "skill_id", "skill_type_id")
    def _check_oe_key_competences(self):
        """One to five key competences, each tied to one of the entrepreneur's functions."""
        key_skills = self.filtered("skill_type_id.oe_key_competence")
        for employee in key_skills.employee_id:
            count = len(employee.employee_skill_ids.filtered("skill_type_id.oe_key_competence"))
            if count > MAX_KEY_COMPETENCES:
                raise ValidationError(
                    _(
                        "%(name)s would have %(count)s key competences: an entrepreneur has %(max)s at most.",
                        name=employee.name,
                        count=count,
                        max=MAX_KEY_COMPETENCES,
                    )
                )
        for employee_skill in key_skills:
            function = employee_skill.skill_id.oe_function_id
            if function and function not in employee_skill.employee_id.oe_function_ids:
                raise ValidationError(
                    _(
                        "The key competence %(skill)s belongs to the function %(function)s, "
                        "which is not a function of %(name)s.",
                        skill=employee_skill.skill_id.name,
                        function=function.name,
                        name=employee_skill.employee_id.name,
                    )
                )
