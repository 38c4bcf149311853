from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    oe_client_type = fields.Selection(
        [
            ("individual", "Private person"),
            ("business", "Business (TPE/PME)"),
            ("association", "Association"),
            ("ehpad", "EHPAD"),
        ],
        string="Kind of client",
        help="Set on the clients of the network's missions (usagers-clients).",
    )
    oe_is_pic = fields.Boolean(
        string="PIC partner",
        help="Partenaire aux Intérêts Communs: a partner business whose workers aged 45+ are kept in activity.",
    )
    oe_is_professional = fields.Boolean(
        string="In the pool of professionals",
        help="Vivier de professionnels: vetted professionals for recruitment, references and replacements.",
    )
    oe_skill_ids = fields.Many2many("hr.skill", string="Professional skills")
    oe_references = fields.Text(string="References")
    oe_mission_ids = fields.One2many(
        "project.project", "partner_id", string="Missions", domain=[("oe_is_mission", "=", True)]
    )
