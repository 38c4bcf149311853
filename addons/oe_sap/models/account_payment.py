from odoo import _, api, fields, models

# How a client may pay a SAP service (art. D7233-3 Code du travail): only these give the right to the tax
# credit; cash is allowed but not eligible (flagged).
SAP_PAYMENT_KINDS = [
    ("card", "Card"),
    ("direct_debit", "Direct debit"),
    ("transfer", "Transfer"),
    ("cheque", "Cheque"),
    ("cesu", "CESU préfinancé"),
    ("cash", "Cash"),
    ("apa_pch", "APA / PCH paid by the département"),
]
SAP_ELIGIBLE_KINDS = ("card", "direct_debit", "transfer", "cheque", "cesu")
# Paid for the client by a third party: deducted from what the client paid personally on the attestation.
SAP_DEDUCTED_KINDS = ("cesu", "apa_pch")


class AccountPaymentMethodLine(models.Model):
    _inherit = "account.payment.method.line"

    oe_sap_payment_kind = fields.Selection(
        SAP_PAYMENT_KINDS,
        string="SAP payment kind",
        help="For services à la personne: how the client paid. Card, direct debit, transfer, cheque and CESU "
        "give the right to the tax credit; cash does not; APA / PCH is paid by the département for the client.",
    )


class AccountPayment(models.Model):
    _inherit = "account.payment"

    oe_sap_payment_kind = fields.Selection(
        related="payment_method_line_id.oe_sap_payment_kind", store=True, string="SAP payment kind"
    )
    oe_sap_cash_warning = fields.Char(
        string="SAP cash warning",
        compute="_compute_oe_sap_cash_warning",
        help="A payment in cash is allowed but gives the client no tax credit (art. D7233-3 Code du travail).",
    )

    @api.depends("oe_sap_payment_kind")
    def _compute_oe_sap_cash_warning(self):
        for payment in self:
            payment.oe_sap_cash_warning = (
                _("Paid in cash: not eligible for the tax credit of services à la personne.")
                if payment.oe_sap_payment_kind == "cash"
                else False
            )
