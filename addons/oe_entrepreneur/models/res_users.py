from odoo import fields, models

from .res_partner import PUBLIC_FIELDS


class ResUsers(models.Model):
    _inherit = "res.users"

    # The entrepreneur's public profile, editable in their own preferences (like hr's employee fields).
    oe_public_profile = fields.Boolean(related="partner_id.oe_public_profile", readonly=False)
    oe_public_presentation = fields.Text(related="partner_id.oe_public_presentation", readonly=False)
    oe_public_show_photo = fields.Boolean(related="partner_id.oe_public_show_photo", readonly=False)
    oe_public_show_functions = fields.Boolean(related="partner_id.oe_public_show_functions", readonly=False)
    oe_public_show_competences = fields.Boolean(related="partner_id.oe_public_show_competences", readonly=False)
    oe_public_show_poles = fields.Boolean(related="partner_id.oe_public_show_poles", readonly=False)
    oe_public_show_rates = fields.Boolean(related="partner_id.oe_public_show_rates", readonly=False)

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + list(PUBLIC_FIELDS)

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + list(PUBLIC_FIELDS)
