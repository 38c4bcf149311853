from odoo import _, api, fields, models
from odoo.exceptions import UserError

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

    # The kind decides what the attestation fiscale counts (docs/architecture.md, "Integrity"): the company setup
    # gives it (under sudo) and a network administrator may set it on a line no payment uses yet; nobody
    # changes it afterwards, so that a cash payment never becomes a card one.
    @api.model_create_multi
    def create(self, vals_list):
        kinds = [vals.get("oe_sap_payment_kind") for vals in vals_list]
        if any(kinds) or self.env.context.get("default_oe_sap_payment_kind"):
            self._oe_check_sap_kind_change()
        return super().create(vals_list)

    def write(self, vals):
        if "oe_sap_payment_kind" in vals and self.filtered(
            lambda line: line.oe_sap_payment_kind != (vals["oe_sap_payment_kind"] or False)
        ):
            self._oe_check_sap_kind_change()
        return super().write(vals)

    def _oe_check_sap_kind_change(self):
        if self.env.su:
            return
        if not self.env.user.has_group("oe_etd.group_network_admin"):
            raise UserError(_("Only a network administrator sets the SAP payment kind of a payment method."))
        if self and self.env["account.payment"].sudo().search_count([("payment_method_line_id", "in", self.ids)]):
            raise UserError(
                _("Payments were made with this payment method: its SAP payment kind can no longer change.")
            )


class AccountPayment(models.Model):
    _inherit = "account.payment"

    # Always the kind of the payment's method line, never typed (see AccountPaymentMethodLine).
    oe_sap_payment_kind = fields.Selection(
        related="payment_method_line_id.oe_sap_payment_kind", store=True, readonly=True, string="SAP payment kind"
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

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.context.get("default_oe_sap_payment_kind") or any(
            vals.get("oe_sap_payment_kind") for vals in vals_list
        ):
            raise UserError(_("The SAP payment kind of a payment is the one of its payment method."))
        return super().create(vals_list)

    def write(self, vals):
        if "oe_sap_payment_kind" in vals and self.filtered(
            lambda payment: payment.oe_sap_payment_kind != (vals["oe_sap_payment_kind"] or False)
        ):
            raise UserError(_("The SAP payment kind of a payment is the one of its payment method."))
        return super().write(vals)
