from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    oe_sap_identifier = fields.Char(
        string="SAP intervenant identifier",
        help="The identification number of the intervenant, printed on SAP invoices and attestations "
        "(art. D7233-1 Code du travail).",
    )
