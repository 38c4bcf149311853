from odoo import _, api, models
from odoo.exceptions import ValidationError


class OeNameMixin(models.AbstractModel):
    """Names and codes that users type: never blank (empty or spaces only).

    Inheriting models list their typed text fields in ``_oe_name_fields``.
    """

    _name = "oe.name.mixin"
    _description = "Names that cannot be blank"
    _oe_name_fields = ("name",)

    @api.constrains(lambda self: self._oe_name_fields)
    def _check_oe_names_not_blank(self):
        for record in self:
            for field_name in self._oe_name_fields:
                if not (record[field_name] or "").strip():
                    raise ValidationError(
                        _(
                            "%(model)s: the %(field)s cannot be blank.",
                            model=self.env["ir.model"]._get(self._name).sudo().name,
                            field=self._fields[field_name].get_description(self.env)["string"],
                        )
                    )
