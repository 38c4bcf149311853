from odoo import _, api, fields, models
from odoo.exceptions import UserError


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

    def _oe_setup_cae_companies(self):
        # EXTEND 'oe_etd': once the charts are loaded, the SAS gets its redevance settings.
        res = super()._oe_setup_cae_companies()
        self.env["oe.etd"]._oe_setup_redevance(self)
        return res

    @api.model
    def _oe_get_sas(self):
        """The SAS of the network, which invoices the redevance (French error when there is none)."""
        sas = self.sudo().search([("oe_role", "=", "sas")], limit=1)
        if not sas:
            raise UserError(_("The network has no SAS company: create it before invoicing the redevance."))
        return sas
