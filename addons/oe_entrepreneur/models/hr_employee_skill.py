from odoo import api, models


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
        self.filtered("skill_type_id.oe_key_competence").employee_id._oe_check_key_competences()
