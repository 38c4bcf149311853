from odoo import fields, models


class OeFunction(models.Model):
    """A main function of an Entrepreneur Social (Développeur, Recruteur, Formateur...)."""

    _name = "oe.function"
    _inherit = ["oe.name.mixin"]
    _description = "Main function of an Entrepreneur Social"
    _oe_name_fields = ("name", "code")
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    skill_ids = fields.One2many("hr.skill", "oe_function_id", string="Key competences")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a function must be unique."),
    ]
