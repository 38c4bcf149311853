from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.constrains("siret")
    def _check_oe_siret(self):
        """The contact form edits the SIRET of a company of the network too: same rule as on the company."""
        # Scoped sudo: the companies of a contact, whatever the user's allowed companies.
        self.sudo().ref_company_ids._check_oe_siret()
