from odoo import fields, models


class HrSkillType(models.Model):
    _inherit = "hr.skill.type"

    oe_key_competence = fields.Boolean(
        string="Key competences",
        help="Skills of this type are the key competences of the Entrepreneurs Sociaux (one to five each).",
    )


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
