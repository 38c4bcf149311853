from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.oe_mission.models.res_company import SERVICE_PURCHASE_TAX, SERVICE_SALE_TAX

# French chart (l10n_fr_account) accounts of the redevance (docs/domain.md, "Money words").
SAS_CONCEPTUAL_ACCOUNT = "pcg_7511"  # 751100 Redevances pour concessions, brevets, licences...
SAS_OPERATIONAL_ACCOUNT = "pcg_706"  # 706000 Prestations de services
CAE_EXPENSE_ACCOUNT = "pcg_6511"  # 651100 Redevances pour concessions, brevets, licences...


class ResCompany(models.Model):
    _inherit = "res.company"

    oe_redevance_period = fields.Selection(
        [("month", "Monthly"), ("quarter", "Quarterly")],
        string="Redevance period",
        default="month",
        required=True,
        help="A CAE's redevance statements cover calendar months or calendar quarters.",
    )
    # Settings of the SAS: where the redevance it invoices is booked.
    oe_redevance_conceptual_account_id = fields.Many2one(
        "account.account",
        string="Income account (conceptual resources)",
        check_company=True,
        domain=[("account_type", "in", ("income", "income_other"))],
        help="Income account of the SAS for the conceptual share of the redevance (French chart: 751100).",
    )
    oe_redevance_operational_account_id = fields.Many2one(
        "account.account",
        string="Income account (operational resources)",
        check_company=True,
        domain=[("account_type", "in", ("income", "income_other"))],
        help="Income account of the SAS for the operational share of the redevance (French chart: 706000).",
    )
    # Setting of a CAE: the analytic account that receives the contributions of its entrepreneurs.
    oe_shared_services_account_id = fields.Many2one(
        "account.analytic.account",
        string="Shared services account",
        check_company=True,
        help="Analytic account (plan Entrepreneurs) credited with the cooperative contributions.",
    )

    def _oe_setup_network_company(self):
        """EXTEND 'oe_mission': the redevance in these companies.

        * the SAS: the income accounts of the redevance (settings) and its sales tax on the products;
        * a CAE: the expense account (651100) and the deductible tax of the products, so that the vendor
          bill mirrored by OCA account_invoice_inter_company books them; its "Services mutualisés"
          analytic account for the contributions.
        """
        res = super()._oe_setup_network_company()
        companies = self.sudo().filtered(lambda c: c.chart_template)
        for company in companies.filtered(lambda c: c.oe_role == "sas"):
            company._oe_setup_redevance_sas()
        for company in companies.filtered(lambda c: c.oe_role == "cae"):
            company._oe_setup_redevance_cae()
        return res

    @api.model
    def _oe_redevance_products(self):
        return self.env.ref("oe_redevance.product_redevance_conceptual") | self.env.ref(
            "oe_redevance.product_redevance_operational"
        )

    def _oe_setup_redevance_sas(self):
        self.ensure_one()
        values = {}
        for field, xmlid in (
            ("oe_redevance_conceptual_account_id", SAS_CONCEPTUAL_ACCOUNT),
            ("oe_redevance_operational_account_id", SAS_OPERATIONAL_ACCOUNT),
        ):
            if not self[field]:
                values[field] = self.env.ref(f"account.{self.id}_{xmlid}", raise_if_not_found=False)
        self.write({field: account.id for field, account in values.items() if account})
        products = self._oe_redevance_products().sudo()
        self._oe_set_product_tax(products, "taxes_id", SERVICE_SALE_TAX)
        income = {
            "oe_redevance.product_redevance_conceptual": self.oe_redevance_conceptual_account_id,
            "oe_redevance.product_redevance_operational": self.oe_redevance_operational_account_id,
        }
        for xmlid, account in income.items():
            product = self.env.ref(xmlid).sudo().with_company(self)
            if account and product.property_account_income_id != account:
                product.property_account_income_id = account

    def _oe_setup_redevance_cae(self):
        self.ensure_one()
        products = self._oe_redevance_products().sudo()
        expense = self.env.ref(f"account.{self.id}_{CAE_EXPENSE_ACCOUNT}", raise_if_not_found=False)
        if expense:
            for product in products.with_company(self):
                if product.property_account_expense_id != expense:
                    product.property_account_expense_id = expense
        self._oe_set_product_tax(products, "supplier_taxes_id", SERVICE_PURCHASE_TAX)
        if not self.oe_shared_services_account_id:
            self.oe_shared_services_account_id = (
                self.env["account.analytic.account"]
                .sudo()
                .create(
                    {
                        "name": _("Shared services — %(company)s", company=self.name),
                        "plan_id": self.env.ref("oe_entrepreneur.analytic_plan_entrepreneurs").id,
                        "company_id": self.id,
                    }
                )
            )

    @api.model
    def _oe_get_sas(self):
        """The SAS of the network, which invoices the redevance (French error when there is none)."""
        sas = self.sudo().search([("oe_role", "=", "sas")], limit=1)
        if not sas:
            raise UserError(_("The network has no SAS company: create it before invoicing the redevance."))
        return sas
