from odoo import api, fields, models


class HrSkillType(models.Model):
    _inherit = "hr.skill.type"

    oe_key_competence = fields.Boolean(
        string="Key competences",
        help="Skills of this type are the key competences of the Entrepreneurs Sociaux (one to five each).",
    )

    @api.constrains("oe_key_competence", "active")
    def _check_oe_key_competences(self):
        """A type made key (or restored) must leave every entrepreneur within the rules of key competences."""
        key_types = self.filtered(lambda t: t.oe_key_competence and t.active)
        if not key_types:
            return
        # Scoped sudo: the rule holds for entrepreneurs of CAEs the user cannot read.
        employee_skills_sudo = self.env["hr.employee.skill"].sudo().search([("skill_type_id", "in", key_types.ids)])
        employee_skills_sudo.employee_id._oe_check_key_competences()


class HrSkill(models.Model):
    _inherit = "hr.skill"

    oe_function_id = fields.Many2one(
        "oe.function",
        string="Function",
        help="The main function this key competence belongs to.",
    )
    oe_kind = fields.Selection(
        [("operational", "Operational"), ("conceptual", "Conceptual")],
        string="Kind of competence",
    )

    @api.constrains("oe_function_id", "skill_type_id")
    def _check_oe_key_competences(self):
        self.filtered("skill_type_id.oe_key_competence")._oe_check_key_competences()

    def _oe_check_key_competences(self):
        """Check the key competences of every entrepreneur who holds one of these skills, in any CAE."""
        # Scoped sudo: the rule holds for entrepreneurs of CAEs the user cannot read.
        employee_skills_sudo = self.env["hr.employee.skill"].sudo().search([("skill_id", "in", self.ids)])
        employee_skills_sudo.employee_id._oe_check_key_competences()
