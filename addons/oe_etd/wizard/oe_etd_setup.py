from stdnum.fr import siret as stdnum_siret

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.oe_etd import FRENCH_COUNTRY_CODES
from ..models.oe_pole import CAE_KINDS


class OeEtdSetup(models.TransientModel):
    """Assistant that opens a new ETD: a thin form over ``oe.etd.create_etd``."""

    _name = "oe.etd.setup"
    _description = "New ETD assistant"

    department_id = fields.Many2one(
        "res.country.department",
        string="Département",
        required=True,
        domain=[("country_id.code", "in", FRENCH_COUNTRY_CODES)],
    )
    code = fields.Char(related="department_id.code")
    name = fields.Char(
        string="Name of the ETD",
        compute="_compute_name",
        store=True,
        readonly=False,
        required=True,
    )
    line_ids = fields.One2many(
        "oe.etd.setup.line",
        "setup_id",
        string="CAEs to create",
        default=lambda self: [Command.create({"cae_kind": kind}) for kind, _label in CAE_KINDS],
    )
    # First run, in a database without the network's SAS: the main company becomes it (never a company
    # assumed to be called "YourCompany"); its legal data are completed on the company form.
    sas_missing = fields.Boolean(string="No SAS yet", default=lambda self: not self._sas_exists(), readonly=True)
    sas_name = fields.Char(
        string="Name of the SAS",
        default=lambda self: self._default_sas_name(),
        help="The main company of the database becomes the SAS that holds the concept and receives the redevance.",
    )
    state = fields.Selection([("draft", "To fill in"), ("done", "Created")], default="draft")
    etd_id = fields.Many2one("oe.etd", string="ETD", readonly=True)
    invoicing_issues = fields.Text(related="etd_id.invoicing_issues")

    @api.model
    def _default_sas_name(self):
        return "" if self._sas_exists() else self.env.ref("base.main_company").sudo().name

    @api.model
    def _sas_exists(self):
        return bool(self.env["res.company"].sudo().search_count([("oe_role", "=", "sas")], limit=1))

    @api.depends("department_id")
    def _compute_name(self):
        for wizard in self:
            wizard.name = wizard.department_id.name or wizard.name

    def action_create_etd(self):
        self.ensure_one()
        if not self.line_ids:
            raise UserError(_("Add at least one CAE to create."))
        per_kind = {}
        for line in self.line_ids:
            if line.cae_kind in per_kind:
                raise UserError(_("Each kind of CAE can be created once per ETD."))
            per_kind[line.cae_kind] = line._prepare_company_vals()
        self._oe_make_main_company_the_sas()
        etd = self.env["oe.etd"].create_etd(
            self.department_id.code,
            self.name,
            cae_kinds=list(per_kind),
            **per_kind,
        )
        self.write({"etd_id": etd.id, "state": "done"})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _oe_make_main_company_the_sas(self):
        """The network's first ETD, without SAS yet: the main company becomes the SAS, under the name given, and
        is set up (docs/architecture.md, "Company setup"). Network administrators only, as create_etd."""
        if self._sas_exists():
            return
        if not self.env.user.has_group("oe_etd.group_network_admin"):
            raise AccessError(_("Only a network administrator may open a new ETD."))
        if not (self.sas_name or "").strip():
            raise UserError(_("Give the name of the SAS: the main company of the database becomes it."))
        main = self.env.ref("base.main_company").sudo()
        main.write({"name": self.sas_name.strip(), "oe_role": "sas"})
        main._oe_setup_network_company()

    def action_open_etd(self):
        """The new ETD, with its CAEs among the active companies.

        The web client knows only the companies of the session it started with: it is reloaded, so that the
        new CAEs are in its company switcher and the ETD (visible through its companies) can be read.
        """
        self.ensure_one()
        # Its companies are not active yet: read them under sudo (the ETD was just created by this user).
        companies = self.env.companies | self.etd_id.sudo().company_ids
        cids = "-".join(str(company_id) for company_id in companies.ids)
        return {
            "type": "ir.actions.act_url",
            "url": f"/odoo/action-oe_etd.oe_etd_action/{self.etd_id.id}?cids={cids}",
            "target": "self",
        }


class OeEtdSetupLine(models.TransientModel):
    _name = "oe.etd.setup.line"
    _description = "New ETD assistant: one CAE"

    setup_id = fields.Many2one("oe.etd.setup", required=True, ondelete="cascade")
    cae_kind = fields.Selection(CAE_KINDS, string="Kind of CAE", required=True)
    street = fields.Char()
    zip = fields.Char()
    city = fields.Char()
    siret = fields.Char(string="SIRET", size=14)
    vat = fields.Char(string="VAT number")
    email = fields.Char()
    phone = fields.Char()
    iban = fields.Char(string="IBAN")
    sap_number = fields.Char(string="SAP declaration number")
    sap_date = fields.Date(string="SAP declaration date")

    @api.constrains("siret")
    def _check_siret(self):
        for line in self:
            self.env["res.company"]._oe_check_siret_number(line.siret)

    def _prepare_company_vals(self):
        self.ensure_one()
        vals = {
            "street": self.street,
            "zip": self.zip,
            "city": self.city,
            "siret": self.siret and stdnum_siret.compact(self.siret),
            "vat": self.vat,
            "email": self.email,
            "phone": self.phone,
            "oe_sap_number": self.sap_number,
            "oe_sap_date": self.sap_date,
        }
        vals = {key: value for key, value in vals.items() if value}
        if self.iban:
            vals["bank_ids"] = [Command.create({"acc_number": self.iban})]
        return vals
