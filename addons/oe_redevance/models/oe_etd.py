from odoo import _, api, fields, models

from odoo.addons.oe_mission.models.oe_etd import SERVICE_PURCHASE_TAX, SERVICE_SALE_TAX

# French chart (l10n_fr_account) accounts of the redevance (domain.md, "Money words").
SAS_CONCEPTUAL_ACCOUNT = "pcg_7511"  # 751100 Redevances pour concessions, brevets, licences...
SAS_OPERATIONAL_ACCOUNT = "pcg_706"  # 706000 Prestations de services
CAE_EXPENSE_ACCOUNT = "pcg_6511"  # 651100 Redevances pour concessions, brevets, licences...


class OeEtd(models.Model):
    _inherit = "oe.etd"

    oe_redevance_rate_ids = fields.One2many("oe.redevance.rate", "etd_id", string="Redevance rates")

    def _oe_redevance_rate_at(self, date):
        """The redevance rate record of this ETD in force on ``date`` (empty before the first one)."""
        self.ensure_one()
        return (
            self.env["oe.redevance.rate"]
            .sudo()
            .search([("etd_id", "=", self.id), ("date_from", "<=", date)], order="date_from desc", limit=1)
        )

    def _setup_cae_company(self, company):
        # EXTEND 'oe_mission': the redevance products and the shared services account of the CAE.
        res = super()._setup_cae_company(company)
        self.env["oe.etd"]._oe_setup_redevance(company)
        return res

    @api.model
    def _oe_redevance_products(self):
        return self.env.ref("oe_redevance.product_redevance_conceptual") | self.env.ref(
            "oe_redevance.product_redevance_operational"
        )

    @api.model
    def _oe_setup_redevance(self, companies):
        """Set up the redevance in these companies (idempotent).

        * the SAS: the income accounts of the redevance (settings) and its sales tax on the products;
        * a CAE: the expense account (651100) and the deductible tax of the products, so that the vendor
          bill mirrored by OCA account_invoice_inter_company books them; its "Services mutualisés"
          analytic account for the contributions; its inter-company user (oe_mission).
        """
        products = self._oe_redevance_products().sudo()
        Analytic = self.env["account.analytic.account"].sudo()
        for company in companies.sudo().filtered(lambda c: c.oe_role in ("sas", "cae") and c.chart_template):
            if company.oe_role == "sas":
                values = {}
                for field, xmlid in (
                    ("oe_redevance_conceptual_account_id", SAS_CONCEPTUAL_ACCOUNT),
                    ("oe_redevance_operational_account_id", SAS_OPERATIONAL_ACCOUNT),
                ):
                    if not company[field]:
                        values[field] = self.env.ref(f"account.{company.id}_{xmlid}", raise_if_not_found=False)
                company.write({field: account.id for field, account in values.items() if account})
                self._oe_set_product_tax(products, company, "taxes_id", SERVICE_SALE_TAX)
                income = {
                    "oe_redevance.product_redevance_conceptual": company.oe_redevance_conceptual_account_id,
                    "oe_redevance.product_redevance_operational": company.oe_redevance_operational_account_id,
                }
                for xmlid, account in income.items():
                    product = self.env.ref(xmlid).sudo().with_company(company)
                    if account and product.property_account_income_id != account:
                        product.property_account_income_id = account
            else:
                expense = self.env.ref(f"account.{company.id}_{CAE_EXPENSE_ACCOUNT}", raise_if_not_found=False)
                if expense:
                    for product in products.with_company(company):
                        if product.property_account_expense_id != expense:
                            product.property_account_expense_id = expense
                self._oe_set_product_tax(products, company, "supplier_taxes_id", SERVICE_PURCHASE_TAX)
                if not company.oe_shared_services_account_id:
                    company.oe_shared_services_account_id = Analytic.create(
                        {
                            "name": _("Shared services — %(company)s", company=company.name),
                            "plan_id": self.env.ref("oe_entrepreneur.analytic_plan_entrepreneurs").id,
                            "company_id": company.id,
                        }
                    )
                self.env["oe.etd"]._oe_setup_intercompany_user(company)

    @api.model
    def _oe_setup_redevance_existing(self):
        """At installation: the companies that existed before this addon."""
        self._oe_setup_redevance(self.env["res.company"].sudo().search([("oe_role", "in", ("sas", "cae"))]))
