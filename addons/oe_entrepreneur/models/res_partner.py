from odoo import api, fields, models

# What an entrepreneur may choose to publish in the public directory (one flag each).
PUBLIC_FLAGS = (
    "oe_public_show_photo",
    "oe_public_show_functions",
    "oe_public_show_competences",
    "oe_public_show_poles",
    "oe_public_show_rates",
)
PUBLIC_FIELDS = ("oe_public_profile", "oe_public_presentation", *PUBLIC_FLAGS)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Per person (the work contact of an Entrepreneur Social), whatever the company of the employee record.
    oe_analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Entrepreneur analytic account",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="The entrepreneur's account in the analytic plan Entrepreneurs (no company: any CAE can use it).",
    )
    oe_public_profile = fields.Boolean(
        string="Listed in the public directory",
        copy=False,
        help="Off by default: the entrepreneur decides to appear on the website, and what is shown.",
    )
    oe_public_presentation = fields.Text(string="Public presentation", copy=False)
    oe_public_show_photo = fields.Boolean(string="Show my photo", copy=False)
    oe_public_show_functions = fields.Boolean(string="Show my functions", copy=False)
    oe_public_show_competences = fields.Boolean(string="Show my key competences", copy=False)
    oe_public_show_poles = fields.Boolean(string="Show my poles and ETD", copy=False)
    oe_public_show_rates = fields.Boolean(string="Show my hourly rate", copy=False)

    # ------------------------------------------------------------------ public directory

    @api.model
    def _oe_directory_employees_domain(self, pole=None, function=None, etd=None):
        """Entrepreneur records of opted-in people, filtered only on what they chose to publish."""
        domain = [
            ("oe_is_entrepreneur", "=", True),
            ("work_contact_id.oe_public_profile", "=", True),
        ]
        if function:
            domain += [("oe_function_ids", "in", [function]), ("work_contact_id.oe_public_show_functions", "=", True)]
        if pole:
            domain += [("company_id.oe_pole_ids", "in", [pole]), ("work_contact_id.oe_public_show_poles", "=", True)]
        if etd:
            domain += [("company_id.oe_etd_id", "=", etd), ("work_contact_id.oe_public_show_poles", "=", True)]
        return domain

    @api.model
    def _oe_directory_search(self, pole=None, function=None, etd=None):
        """The people listed in the directory (sudo records: only their public data may be shown)."""
        employees_sudo = self.env["hr.employee"].sudo().search(self._oe_directory_employees_domain(pole, function, etd))
        return employees_sudo.work_contact_id.sorted("name")

    def _oe_directory_card(self):
        """The public data of one listed person, as a dict: nothing they did not choose to publish."""
        self.ensure_one()
        employees_sudo = (
            self.env["hr.employee"]
            .sudo()
            .search([("work_contact_id", "=", self.id), ("oe_is_entrepreneur", "=", True)])
        )
        partner_sudo = self.sudo()
        card = {
            "id": self.id,
            "name": partner_sudo.name,
            "slug": self.env["ir.http"]._slug(partner_sudo),
            "presentation": partner_sudo.oe_public_presentation,
            "photo": bool(partner_sudo.oe_public_show_photo and partner_sudo.image_128),
            "functions": [],
            "competences": [],
            "poles": [],
            "etds": [],
            "rate": False,
            "currency": False,
        }
        if partner_sudo.oe_public_show_functions:
            card["functions"] = employees_sudo.oe_function_ids.mapped("name")
        if partner_sudo.oe_public_show_competences:
            card["competences"] = sorted(set(employees_sudo.oe_key_skill_ids.skill_id.mapped("name")))
        if partner_sudo.oe_public_show_poles:
            card["poles"] = employees_sudo.company_id.oe_pole_ids.mapped("name")
            card["etds"] = employees_sudo.company_id.oe_etd_id.mapped("name")
        if partner_sudo.oe_public_show_rates:
            operational = employees_sudo.filtered(lambda e: e.oe_status == "operational" and e.oe_hourly_rate)
            if operational:
                card["rate"] = min(operational.mapped("oe_hourly_rate"))
                card["currency"] = operational[0].currency_id
        return card
