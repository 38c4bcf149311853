import logging

from stdnum.fr import siret as stdnum_siret

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .oe_pole import CAE_KINDS

FRENCH_CHART = "fr"

_logger = logging.getLogger(__name__)


class ResCompany(models.Model):
    _inherit = "res.company"

    oe_role = fields.Selection(
        [("sas", "SAS Oui Ensemble"), ("association", "Association Oui Ensemble"), ("cae", "CAE")],
        string="Role in the network",
        help="SAS: holds the concept and receives the redevance. Association: hosts volunteers. "
        "CAE: a cooperative of an ETD. Empty for a company outside the network.",
    )
    oe_etd_id = fields.Many2one("oe.etd", string="ETD", index=True, ondelete="restrict")
    oe_cae_kind = fields.Selection(CAE_KINDS, string="Kind of CAE")
    oe_pole_ids = fields.Many2many(
        "oe.pole",
        "oe_pole_res_company_rel",
        "company_id",
        "pole_id",
        string="Activity poles",
        help="The poles this CAE serves in its ETD.",
    )
    oe_sap_number = fields.Char(
        string="SAP declaration number",
        help="Number of the services-à-la-personne declaration (e.g. SAP123456789).",
    )
    oe_sap_date = fields.Date(string="SAP declaration date")
    oe_is_sap_company = fields.Boolean(
        string="Services à la personne company",
        compute="_compute_oe_is_sap_company",
        help="A CAE whose poles are all services à la personne: it needs a SAP declaration.",
    )

    @api.depends("oe_role", "oe_pole_ids.sap_eligible")
    def _compute_oe_is_sap_company(self):
        for company in self:
            poles = company.oe_pole_ids
            company.oe_is_sap_company = company.oe_role == "cae" and bool(poles) and all(poles.mapped("sap_eligible"))

    @api.constrains("oe_role", "oe_etd_id", "oe_cae_kind", "oe_pole_ids")
    def _check_oe_role(self):
        for company in self:
            if company.oe_role == "cae":
                if not company.oe_etd_id:
                    raise ValidationError(_("The CAE %(company)s must belong to an ETD.", company=company.name))
                if not company.oe_cae_kind:
                    raise ValidationError(
                        _("Choose the kind of CAE (SAMAD or MSG) of %(company)s.", company=company.name)
                    )
                wrong = company.oe_pole_ids.filtered(lambda p, c=company: p.cae_kind != c.oe_cae_kind)
                if wrong:
                    raise ValidationError(
                        _(
                            "The pole %(pole)s is hosted by CAEs of kind %(pole_kind)s, " "not by %(company)s.",
                            pole=wrong[0].name,
                            pole_kind=dict(CAE_KINDS)[wrong[0].cae_kind],
                            company=company.name,
                        )
                    )
            elif company.oe_etd_id or company.oe_cae_kind or company.oe_pole_ids:
                raise ValidationError(
                    _(
                        "Only a CAE belongs to an ETD and serves poles: %(company)s is not a CAE.",
                        company=company.name,
                    )
                )

    @api.constrains("siret", "oe_role")
    def _check_oe_siret(self):
        """A company of the network prints its SIRET on every invoice: typed by hand, it must be a real one."""
        for company in self.filtered("oe_role"):
            self._oe_check_siret_number(company.siret)

    @api.model
    def _oe_check_siret_number(self, siret):
        if siret and not stdnum_siret.is_valid(siret):
            raise ValidationError(_("%(siret)s is not a valid SIRET number (14 digits).", siret=siret))

    @api.constrains("oe_role")
    def _check_oe_role_unique(self):
        for role in {"sas", "association"} & set(self.mapped("oe_role")):
            if self.sudo().search_count([("oe_role", "=", role)]) > 1:
                label = dict(self._fields["oe_role"]._description_selection(self.env))[role]
                raise ValidationError(_("There can be only one %(role)s in the database.", role=label))

    @api.constrains("oe_etd_id", "oe_pole_ids")
    def _check_oe_pole_per_etd(self):
        etds = self.oe_etd_id
        if not etds:
            return
        caes = self.sudo().search([("oe_etd_id", "in", etds.ids)])
        for etd in etds:
            seen = {}
            for company in caes.filtered(lambda c, e=etd: c.oe_etd_id == e):
                for pole in company.oe_pole_ids:
                    if pole in seen:
                        raise ValidationError(
                            _(
                                "In the ETD %(etd)s the pole %(pole)s is already served by %(other)s; "
                                "%(company)s cannot serve it too.",
                                etd=etd.name,
                                pole=pole.name,
                                other=seen[pole].name,
                                company=company.name,
                            )
                        )
                    seen[pole] = company

    # ------------------------------------------------------------------ demo data

    @api.model
    def _oe_demo_main_company_as_sas(self):
        """Demo data: the main company of the database *is* the SAS Oui Ensemble (never a "YourCompany" beside
        the network). Called by the demo data before the SAS record, which then fills in its legal data.

        The main company gets the id of ``oe_etd.company_sas``, becomes French and takes the French chart of
        accounts. Odoo's account demo gave it the generic chart with demo entries: in a demo database, loading
        another chart replaces them (``account.chart.template._load``), as a user changing the fiscal
        localisation of a demo company would. A database where the SAS exists already is left as it is.
        """
        if self.env.ref("oe_etd.company_sas", raise_if_not_found=False) or self.search([("oe_role", "=", "sas")]):
            return
        main = self.env.ref("base.main_company")
        main.partner_id.write(
            {"state_id": False, "street2": False, "website": False, "country_id": self.env.ref("base.fr").id}
        )
        if main.chart_template != FRENCH_CHART:
            self.env["account.chart.template"].sudo().try_loading(FRENCH_CHART, main, install_demo=False)
        self.env["ir.model.data"].create(
            {"module": "oe_etd", "name": "company_sas", "model": "res.company", "res_id": main.id, "noupdate": True}
        )

    # ------------------------------------------------------------------ business

    def _oe_setup_network_company(self):
        """Make these companies of the network ready for its work; idempotent (docs/architecture.md,
        "Company setup").

        The one path that sets a network company up: :meth:`oe.etd.create_etd`, each addon's
        ``post_init_hook`` (the companies that exist when it is installed), the demo data and a new pole
        call it — never a business action. Here the French chart of accounts (taxes, journals); each addon
        extends it in its ``models/res_company.py`` with what it needs (service products, inter-CAE user,
        redevance accounts...). Companies outside the network are left alone.
        """
        # Loading a chart is reserved to system users (account.chart.template._load):
        # a network administrator is one, the scoped sudo covers other callers
        # that were allowed to create the company (demo data, migrations).
        ChartTemplate_sudo = self.env["account.chart.template"].sudo()
        for company in self.filtered("oe_role"):
            if company.chart_template != FRENCH_CHART:
                ChartTemplate_sudo.try_loading(FRENCH_CHART, company, install_demo=False)
                _logger.info("French chart of accounts loaded in %s", company.name)

    @api.model
    def _oe_setup_all_network_companies(self):
        """Set up every company of the network: the install hook of each addon and its demo data call it."""
        self.sudo().search([("oe_role", "!=", False)])._oe_setup_network_company()

    def _oe_get_invoicing_issues(self):
        """What this company still lacks to issue customer invoices (French, one item each).

        Addons extend the list (service products of the poles, ...).
        """
        self.ensure_one()
        issues = []
        company_sudo = self.sudo()
        if not company_sudo.chart_template:
            issues.append(_("no chart of accounts"))
        else:
            Journal_sudo = self.env["account.journal"].sudo()
            if not Journal_sudo.search_count([("company_id", "=", self.id), ("type", "=", "sale")], limit=1):
                issues.append(_("no sales journal"))
            if not company_sudo.account_sale_tax_id:
                issues.append(_("no default sales tax"))
        if not (company_sudo.street and company_sudo.zip and company_sudo.city):
            issues.append(_("address incomplete (street, zip, city)"))
        for field in ("siret", "vat", "email", "phone"):
            if not company_sudo[field]:
                issues.append(_("%(field)s missing", field=self._fields[field].get_description(self.env)["string"]))
        if not company_sudo.partner_id.bank_ids:
            issues.append(_("IBAN missing"))
        if company_sudo.oe_is_sap_company and not (company_sudo.oe_sap_number and company_sudo.oe_sap_date):
            issues.append(_("SAP declaration number or date missing"))
        return issues
