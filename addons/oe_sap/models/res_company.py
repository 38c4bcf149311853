from odoo import Command, _, fields, models

# French chart (l10n_fr_account): the sales taxes on services, due on payment ("encaissement"),
# one per VAT family of the SAP activities (BOFiP BOI-TVA-LIQ-30-20-80).
SAP_SALE_TAXES = {
    "reduced": "tva_reduite_encaissement",
    "intermediate": "tva_intermediaire_encaissement",
    "normal": "tva_normale_encaissement",
}
CESU_JOURNAL_CODE = "CESU"
# The payment method lines a SAP CAE needs, per journal: (journal, kind, name). The names are records of the
# CAE's books (a plain, untranslated field), written in French as its staff read them.
SAP_METHOD_LINES = [
    ("bank", "card", "Carte bancaire"),
    ("bank", "direct_debit", "Prélèvement"),
    ("bank", "transfer", "Virement"),
    ("bank", "cheque", "Chèque"),
    ("cash", "cash", "Espèces"),
    ("bank", "apa_pch", "APA / PCH (département)"),
    ("cesu", "cesu", "CESU préfinancé"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    oe_sap_activity_ids = fields.Many2many(
        "oe.sap.activity",
        "oe_sap_activity_res_company_rel",
        "company_id",
        "activity_id",
        string="Declared SAP activities",
        help="The activities of services à la personne this CAE declared: only they give the client the tax credit.",
    )
    oe_sap_agrement_number = fields.Char(
        string="SAP agrément number", help="The State's agrément, needed for the activities under agrément."
    )
    oe_sap_agrement_date = fields.Date(string="SAP agrément date")
    oe_sap_autorisation_number = fields.Char(
        string="SAP autorisation number", help="The département's autorisation, for the activities under autorisation."
    )
    oe_sap_autorisation_date = fields.Date(string="SAP autorisation date")
    oe_crcesu_number = fields.Char(
        string="CRCESU affiliation number",
        help="Affiliation number at the Centre de remboursement des CESU, to cash the CESU préfinancés.",
    )
    oe_sap_cesu_journal_id = fields.Many2one(
        "account.journal",
        string="CESU préfinancé journal",
        check_company=True,
        domain="[('company_id', '=', id), ('type', 'in', ('bank', 'cash'))]",
        help="The journal of the CESU préfinancés received from clients, until the CRCESU refunds them.",
    )

    def _oe_sap_vat_family(self, activity):
        """The VAT family of ``activity`` in this company: its own in a SAP company; the normal rate in another
        CAE — the reduced rates of art. 278-0 bis D and 279 i CGI are for providers of services à la personne."""
        self.ensure_one()
        return activity.vat_family if self.oe_is_sap_company else "normal"

    def _oe_sap_tax(self, activity):
        """The sales tax of this company for ``activity`` (:meth:`_oe_sap_vat_family`): the French chart's own
        tax, due on payment; an empty recordset when the chart is not loaded."""
        self.ensure_one()
        if not activity:
            return self.env["account.tax"]
        xmlid = SAP_SALE_TAXES[self._oe_sap_vat_family(activity)]
        tax = self.env.ref(f"account.{self.id}_{xmlid}", raise_if_not_found=False)
        return tax.with_env(self.env) if tax else self.env["account.tax"]

    def _oe_is_sap_declared(self):
        """Whether this company has a SAP declaration (number and date)."""
        self.ensure_one()
        return bool(self.oe_sap_number and self.oe_sap_date)

    # ------------------------------------------------------------------ setup

    def _oe_setup_network_company(self):
        # EXTEND 'oe_mission': in each SAP CAE, the SAP products carry the tax of their activity's VAT
        # family (not the blanket 20 %), the CESU préfinancé journal and the SAP payment method lines exist.
        res = super()._oe_setup_network_company()
        caes = self.sudo().filtered(lambda c: c.oe_role == "cae" and c.chart_template)
        products = self.env["product.template"].sudo().search([("oe_sap_activity_id", "!=", False)])
        caes._oe_sap_set_product_taxes(products)
        sap_caes = caes.filtered("oe_is_sap_company")
        for company in sap_caes.filtered(lambda c: not c.oe_sap_activity_ids):
            # A SAP CAE serves SAP poles only: its declaration covers their services until its staff say
            # otherwise (the choice of the accountant is never overwritten).
            company.oe_sap_activity_ids = company.oe_pole_ids.product_id.oe_sap_activity_id
        sap_caes._oe_setup_sap_payments()
        return res

    def _oe_sap_set_product_taxes(self, products):
        """Give each SAP product, in each of these CAEs, its sales tax (:meth:`_oe_sap_tax`)."""
        for company in self:
            for product in products.filtered("oe_sap_activity_id"):
                activity = product.oe_sap_activity_id
                tax = company._oe_sap_tax(activity)
                if not tax:
                    continue
                if not tax.active:  # the chart loads its 10 % and 5.5 % service taxes archived
                    # no tracking: the tax is only made available (Odoo logs its repartition lines otherwise)
                    tax.sudo().with_context(tracking_disable=True).active = True
                company._oe_set_product_tax(product, "taxes_id", SAP_SALE_TAXES[company._oe_sap_vat_family(activity)])

    def _oe_setup_sap_payments(self):
        """The CESU préfinancé journal and the payment method lines of each SAP payment kind."""
        Journal = self.env["account.journal"].sudo()
        manual_in = self.env.ref("account.account_payment_method_manual_in")
        for company in self:
            if not company.oe_sap_cesu_journal_id:
                journal = Journal.search(
                    [("company_id", "=", company.id), ("code", "=", CESU_JOURNAL_CODE)], limit=1
                ) or Journal.create(
                    {
                        "name": _("CESU préfinancés"),
                        "code": CESU_JOURNAL_CODE,
                        "type": "bank",
                        "company_id": company.id,
                    }
                )
                company.oe_sap_cesu_journal_id = journal
            journals = {
                "bank": Journal.search(
                    [
                        ("company_id", "=", company.id),
                        ("type", "=", "bank"),
                        ("id", "!=", company.oe_sap_cesu_journal_id.id),
                    ],
                    order="sequence, id",
                    limit=1,
                ),
                "cash": Journal.search(
                    [("company_id", "=", company.id), ("type", "=", "cash")], order="sequence, id", limit=1
                ),
                "cesu": company.oe_sap_cesu_journal_id,
            }
            for journal_key, kind, name in SAP_METHOD_LINES:
                journal = journals[journal_key]
                if not journal or journal.inbound_payment_method_line_ids.filtered(
                    lambda line, k=kind: line.oe_sap_payment_kind == k
                ):
                    continue
                journal.inbound_payment_method_line_ids = [
                    Command.create({"name": name, "payment_method_id": manual_in.id, "oe_sap_payment_kind": kind})
                ]
            # In the CESU journal every payment is a CESU one: no method line without a kind to pick by default.
            cesu_lines = journals["cesu"].inbound_payment_method_line_ids
            untyped = cesu_lines.filtered(lambda line: not line.oe_sap_payment_kind)
            if untyped and untyped != cesu_lines:
                Payment = self.env["account.payment"].sudo()
                if not Payment.search_count([("payment_method_line_id", "in", untyped.ids)]):
                    untyped.unlink()
