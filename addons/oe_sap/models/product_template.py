from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    oe_sap_activity_id = fields.Many2one(
        "oe.sap.activity",
        string="SAP activity",
        index="btree_not_null",
        help="The service à la personne this product sells: its VAT rate, its mention on the invoice, "
        "the attestation fiscale and the NOVA statistics follow it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        products = super().create(vals_list)
        products.filtered("oe_sap_activity_id")._oe_sap_set_taxes()
        return products

    def write(self, vals):
        res = super().write(vals)
        if vals.get("oe_sap_activity_id"):
            self._oe_sap_set_taxes()
        return res

    def _oe_sap_set_taxes(self):
        """A product that gets a SAP activity carries its VAT in every CAE, as the company setup gives it
        (docs/architecture.md, "Company setup")."""
        if self:
            caes = self.env["res.company"].sudo().search([("oe_role", "=", "cae"), ("chart_template", "!=", False)])
            caes._oe_sap_set_product_taxes(self.sudo())
