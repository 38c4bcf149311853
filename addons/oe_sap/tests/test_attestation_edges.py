from odoo import Command, fields
from odoo.tests import tagged

from .test_attestation import OeSapAttestationCommon


@tagged("post_install", "-at_install")
class TestAttestationEdges(OeSapAttestationCommon):
    """generate() on the edges of payments: refresh after an invoice is gone, overpayments, statement lines,
    other currencies, money given back, the CESU journal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bank_journal = cls._sap_method_line(cls.samad35, "transfer").journal_id
        cls.usd = cls.env.ref("base.USD")
        cls.usd.active = True
        cls.env["res.currency.rate"].create(
            {"currency_id": cls.usd.id, "name": "2025-01-01", "rate": 2.0, "company_id": cls.samad35.id}
        )

    def setUp(self):
        super().setUp()
        self.client = self.env["res.partner"].create(
            {"name": "Client edges", "oe_client_type": "individual", "email": "edges@example.com"}
        )
        # 4 × 33 € of housework at 10 %: 145.20 €.
        self.invoice = self._inv(self.client, [(self.product_housework, 4, 33.0)], "2025-03-10")
        self.assertEqual(self.invoice.amount_total, 145.2)

    def _generate(self):
        attestations = self.Attestation.with_context(lang="fr_FR").generate(2025, self.samad35)
        return attestations.filtered(lambda a: a.partner_id == self.client)

    def _attestation(self):
        return self.env["oe.sap.attestation"].search([("partner_id", "=", self.client.id), ("year", "=", 2025)])

    def _figures(self, attestation):
        return {
            name: attestation[name]
            for name in ("gross_amount", "cesu_amount", "refund_amount", "cash_amount", "amount_paid")
        }

    def _method_line(self, journal, direction="inbound", kind=False):
        """A payment method line of ``journal`` without outstanding account (payments without journal entry)."""
        method = self.env.ref(f"account.account_payment_method_manual_{'in' if direction == 'inbound' else 'out'}")
        field = f"{direction}_payment_method_line_ids"
        journal = journal.sudo()
        journal[field] = [Command.create({"name": f"Edge {direction}", "payment_method_id": method.id})]
        line = journal[field].filtered(lambda m: m.name == f"Edge {direction}")
        line.oe_sap_payment_kind = kind
        return line

    def _statement_line(self, amount, date, journal=None):
        """A statement line of ``amount`` reconciled with the invoice."""
        st_line = self.env["account.bank.statement.line"].create(
            {
                "payment_ref": "Client edges",
                "journal_id": (journal or self.bank_journal).id,
                "partner_id": self.client.id,
                "amount": amount,
                "date": date,
            }
        )
        _liquidity, suspense, _other = st_line.with_context(skip_account_move_synchronization=True)._seek_for_lines()
        receivable = self.invoice.line_ids.filtered(lambda line: line.account_type == "asset_receivable")
        suspense.with_context(skip_account_move_synchronization=True).account_id = receivable.account_id
        (suspense + receivable).reconcile()
        return st_line

    def test_refresh_after_invoice_back_to_draft(self):
        self._pay(self.invoice, 145.2, "2025-03-20", "transfer")
        self.assertEqual(self._generate().amount_paid, 145.2)
        self.invoice.button_draft()
        self.assertFalse(self._generate())
        self.assertFalse(self._attestation(), "an unsent attestation without payment is deleted")

    def test_refresh_of_a_sent_attestation_without_payment(self):
        self._pay(self.invoice, 145.2, "2025-03-20", "transfer")
        attestation = self._generate()
        self.assertTrue(attestation.line_ids)
        attestation.sudo().write({"state": "sent", "sent": True})
        self.invoice.button_draft()
        self.assertFalse(self._generate())
        self.assertEqual(self._attestation(), attestation, "a sent attestation is never deleted")
        self.assertEqual(
            self._figures(attestation),
            {"gross_amount": 0.0, "cesu_amount": 0.0, "refund_amount": 0.0, "cash_amount": 0.0, "amount_paid": 0.0},
        )
        self.assertFalse(attestation.line_ids)
        self.assertFalse(attestation.move_ids)
        self.assertEqual(attestation.state, "draft")
        self.assertTrue(attestation.sent)
        messages = attestation.message_ids.filtered(lambda m: "Plus aucun paiement n'est compté" in (m.body or ""))
        self.assertEqual(len(messages), 1)
        # Again: still there, no second message.
        self._generate()
        self.assertEqual(self._attestation(), attestation)
        self.assertEqual(len(attestation.message_ids.filtered(lambda m: "Plus aucun paiement" in (m.body or ""))), 1)

    def test_overpayment_without_entry_is_capped(self):
        payment = self._pay(self.invoice, 1000.0, "2025-03-20", "transfer")
        self.assertFalse(payment.move_id, "a payment without journal entry")
        attestation = self._generate()
        self.assertEqual(attestation.gross_amount, 145.2)
        self.assertEqual(attestation.amount_paid, 145.2)

    def test_overpayment_given_back_is_no_refund(self):
        self._pay(self.invoice, 1000.0, "2025-03-20", "transfer")
        self._give_back(854.8, "2025-03-25")
        attestation = self._generate()
        self.assertEqual(self._figures(attestation)["refund_amount"], 0.0)
        self.assertEqual(attestation.amount_paid, 145.2)

    def test_statement_line_after_payment_without_entry_counts_once(self):
        payment = self._pay(self.invoice, 145.2, "2025-03-20", "cesu")
        self.assertFalse(payment.move_id)
        self._statement_line(145.2, "2025-03-28")
        attestation = self._generate()
        # Counted once, with the payment's kind (CESU), not as a transfer of the statement line.
        self.assertEqual(attestation.gross_amount, 145.2)
        self.assertEqual(attestation.cesu_amount, 145.2)
        self.assertEqual(attestation.amount_paid, 0.0)

    def test_payment_in_another_currency(self):
        # The register wizard cannot make a payment without entry in another currency: a payment linked by hand.
        method_line = self._sap_method_line(self.samad35, "transfer")
        payment = (
            self.env["account.payment"]
            .with_company(self.samad35)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": self.client.id,
                    "amount": 145.2,
                    "currency_id": self.usd.id,
                    "date": "2025-03-20",
                    "journal_id": method_line.journal_id.id,
                    "payment_method_line_id": method_line.id,
                    "invoice_ids": [Command.set(self.invoice.ids)],
                }
            )
        )
        payment.action_post()
        self.assertFalse(payment.move_id)
        self.assertEqual(payment.amount_company_currency_signed, 72.6)
        attestation = self._generate()
        self.assertEqual(attestation.gross_amount, 72.6, "145.20 USD at 2 USD per EUR")
        self.assertEqual(attestation.amount_paid, 72.6)

    def _give_back(self, amount, date):
        """An outbound payment of ``amount`` to the client, without entry, linked to the invoice."""
        line = self._method_line(self.bank_journal, "outbound")
        payment = (
            self.env["account.payment"]
            .with_company(self.samad35)
            .create(
                {
                    "payment_type": "outbound",
                    "partner_type": "customer",
                    "partner_id": self.client.id,
                    "amount": amount,
                    "date": date,
                    "journal_id": self.bank_journal.id,
                    "payment_method_line_id": line.id,
                    "invoice_ids": [Command.set(self.invoice.ids)],
                }
            )
        )
        payment.action_post()
        self.assertFalse(payment.move_id)
        return payment

    def test_money_given_back_on_the_invoice_is_a_refund(self):
        self._pay(self.invoice, 145.2, "2025-03-20", "transfer")
        self._give_back(100.0, "2025-04-02")
        attestation = self._generate()
        self.assertEqual(attestation.gross_amount, 145.2)
        self.assertEqual(attestation.refund_amount, 100.0)
        self.assertEqual(attestation.amount_paid, 45.2)

    def test_cesu_journal_without_kind(self):
        cesu_journal = self.samad35.oe_sap_cesu_journal_id
        self.assertEqual(cesu_journal.type, "bank")
        line = self._method_line(cesu_journal)
        self.assertFalse(line.oe_sap_payment_kind)
        self.env["account.payment.register"].with_company(self.samad35).with_context(
            active_model="account.move", active_ids=self.invoice.ids
        ).create(
            {
                "amount": 100.0,
                "payment_date": fields.Date.to_date("2025-03-20"),
                "journal_id": cesu_journal.id,
                "payment_method_line_id": line.id,
            }
        )._create_payments()
        # And a statement line of the CESU journal reconciled directly: CESU too.
        self._statement_line(45.2, "2025-03-22", journal=cesu_journal)
        attestation = self._generate()
        self.assertEqual(attestation.gross_amount, 145.2)
        self.assertEqual(attestation.cesu_amount, 145.2)
        self.assertEqual(attestation.amount_paid, 0.0)

    def test_draft_payment_not_counted(self):
        self._pay(self.invoice, 45.2, "2025-03-20", "transfer")
        draft = self._pay(self.invoice, 100.0, "2025-03-21", "cheque")
        draft.action_draft()
        attestation = self._generate()
        self.assertEqual(attestation.gross_amount, 45.2)

    def test_statement_line_of_next_year_counts_once(self):
        self._pay(self.invoice, 145.2, "2025-12-28", "cheque")
        self._statement_line(145.2, "2026-01-05")
        self.assertEqual(self._generate().amount_paid, 145.2)
        # The cheque cashed in 2026 was paid by the client in 2025: not counted again in 2026.
        attestations_2026 = self.Attestation.generate(2026, self.samad35)
        self.assertFalse(attestations_2026.filtered(lambda a: a.partner_id == self.client))

    def _register(self, invoice, amount, date, kind, **values):
        method_line = self._sap_method_line(self.samad35, kind)
        wizard = (
            self.env["account.payment.register"]
            .with_company(self.samad35)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                dict(
                    amount=amount,
                    payment_date=fields.Date.to_date(date),
                    journal_id=method_line.journal_id.id,
                    payment_method_line_id=method_line.id,
                    **values,
                )
            )
        )
        return wizard._create_payments()

    def test_write_off_is_not_paid(self):
        """145.00 € paid, the last 0.20 € written off: the client paid 145.00 €, that is what is attested."""
        writeoff_account = (
            self.env["account.account"]
            .with_company(self.samad35)
            .search([("company_ids", "in", self.samad35.ids), ("code", "=like", "658%")], limit=1)
        )
        self.assertTrue(writeoff_account)
        self._register(
            self.invoice,
            145.0,
            "2025-03-20",
            "transfer",
            payment_difference_handling="reconcile",
            writeoff_account_id=writeoff_account.id,
            writeoff_label="Arrondi",
        )
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))
        attestation = self._generate()
        self.assertEqual(attestation.gross_amount, 145.0)
        self.assertEqual(attestation.amount_paid, 145.0)

    def test_early_payment_discount_is_not_paid(self):
        """2 % off when paid within 10 days: the client paid 98 % of the invoice, that is what is attested."""
        term = self.env["account.payment.term"].create(
            {
                "name": "2 % à 10 jours",
                "early_discount": True,
                "discount_percentage": 2,
                "discount_days": 10,
                "early_pay_discount_computation": "included",
                "line_ids": [Command.create({"value": "percent", "value_amount": 100, "nb_days": 30})],
            }
        )
        move = self._sap_invoice(self.client, [(self.product_housework, 4, 33.0)], "2025-05-02", post=False)
        move.invoice_line_ids.tax_ids = [Command.set(self.samad35._oe_sap_tax(self.activity_housework).ids)]
        move.invoice_payment_term_id = term
        move.action_post()
        self.assertEqual(move.amount_total, 145.2)
        self._register(move, 142.3, "2025-05-05", "transfer")  # 145.20 × 98 %, rounded as Odoo does
        self.assertIn(move.payment_state, ("paid", "in_payment"))
        attestation = self._generate()
        self.assertEqual(attestation.gross_amount, 142.3)
        self.assertEqual(attestation.amount_paid, 142.3)

    def test_sent_attestation_whose_interventions_change(self):
        """The same figures, but an intervenant's identification number changed: what the client received is no
        longer what the CAE attests; back to *To send* with a message, once."""
        move = self._sap_invoice(self.client, [(self.product_housework, 2, 30.0)], "2025-06-02", post=False)
        move.invoice_line_ids.write(
            {
                "tax_ids": [Command.set(self.samad35._oe_sap_tax(self.activity_housework).ids)],
                "analytic_distribution": {str(self.es_lead.oe_analytic_account_id.id): 100},
            }
        )
        move.action_post()
        self._pay(move, move.amount_total, "2025-06-03", "transfer")
        attestation = self._generate()
        self.assertIn(self.es_lead, attestation.line_ids.employee_id)
        figures = self._figures(attestation)
        attestation.sudo().write({"state": "sent", "sent": True})
        self.assertEqual(self._generate(), attestation)
        self.assertEqual(attestation.state, "sent", "nothing changed: stays sent")
        self.es_lead.sudo().oe_sap_identifier = "SAP-NOUVEAU-42"
        self._generate()
        self.assertEqual(self._figures(attestation), figures)
        self.assertIn("SAP-NOUVEAU-42", attestation.line_ids.mapped("identifier"))
        self.assertEqual(attestation.state, "draft")

        def messages():
            return attestation.message_ids.filtered(lambda m: "Les interventions ont changé" in (m.body or ""))

        self.assertEqual(len(messages()), 1)
        self._generate()
        self.assertEqual(len(messages()), 1)
