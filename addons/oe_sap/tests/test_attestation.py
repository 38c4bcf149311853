import subprocess

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import OeSapCommon


class OeSapAttestationCommon(OeSapCommon):
    """A year of invoices of samad35 to private clients, paid in every way."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        france = cls.env.ref("base.fr").id
        cls.client_b = cls.env["res.partner"].create(
            {
                "name": "Client B SAP",
                "oe_client_type": "individual",
                "zip": "35000",
                "city": "Rennes",
                "country_id": france,
                "email": "b@example.com",
                "lang": "fr_FR",
            }
        )
        cls.sap_client.email = "sap@example.com"
        cls.company_client = cls.env["res.partner"].create(
            {
                "name": "Entreprise SAS",
                "is_company": True,
                "oe_client_type": "business",
                "zip": "35000",
                "city": "Rennes",
                "country_id": france,
            }
        )
        cls.accountant = cls.accountant35
        cls.Attestation = cls.env["oe.sap.attestation"].with_user(cls.accountant35)

    @classmethod
    def _inv(cls, client, lines, date, move_type="out_invoice"):
        """A posted document of samad35: ``lines`` are (product, quantity, price), each with the tax of its
        activity (the company's default sales tax for a product without activity)."""
        move = cls._sap_invoice(client, lines, date, post=False, move_type=move_type)
        for line in move.invoice_line_ids:
            activity = line.product_id.oe_sap_activity_id
            tax = cls.samad35._oe_sap_tax(activity) if activity else cls.samad35.account_sale_tax_id
            line.tax_ids = [Command.set(tax.ids)]
        move.action_post()
        return move

    @classmethod
    def _refund(cls, invoice, date, amount):
        """A credit note of ``amount`` untaxed on the first line's product, posted."""
        line = invoice.invoice_line_ids[0]
        return cls._inv(invoice.partner_id, [(line.product_id, 1, amount)], date, move_type="out_refund")


@tagged("post_install", "-at_install")
class TestAttestation(OeSapAttestationCommon):
    """Amounts, deductions, rejects and idempotence of generate()."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        c = cls.sap_client
        # Partial payments across two years, with CESU: 100 transfer + 50 CESU in 2025, the rest by card in 2026.
        cls.inv1 = cls._inv(c, [(cls.product_elderly, 10, 25.0)], "2025-03-10")
        cls._pay(cls.inv1, 100.0, "2025-03-20", "transfer")
        cls._pay(cls.inv1, 50.0, "2025-04-01", "cesu")
        cls._pay(cls.inv1, 113.75, "2026-01-15", "card")
        # Eligible and non-eligible lines (travel costs): counted pro rata.
        cls.inv2 = cls._inv(c, [(cls.product_housework, 4, 30.0), (cls.product_travel, 1, 20.0)], "2025-05-05")
        cls._pay(cls.inv2, cls.inv2.amount_total, "2025-05-20", "cheque")
        # Paid in cash only: rejected.
        cls.inv3 = cls._inv(c, [(cls.product_elderly, 2, 25.0)], "2025-06-01")
        cls._pay(cls.inv3, cls.inv3.amount_total, "2025-06-02", "cash")
        # Unpaid: rejected.
        cls.inv4 = cls._inv(c, [(cls.product_housework, 1, 30.0)], "2025-11-30")
        # Two VAT rates, partly paid: rejected.
        cls.inv5 = cls._inv(c, [(cls.product_elderly, 1, 25.0), (cls.product_housework, 1, 30.0)], "2025-07-01")
        cls._pay(cls.inv5, 10.0, "2025-07-10", "transfer")
        # Client B: paid in 2025, a credit note refunded in 2026 larger than 2026's payments.
        cls.inv_b = cls._inv(cls.client_b, [(cls.product_housework, 2, 30.0)], "2025-09-01")
        cls._pay(cls.inv_b, cls.inv_b.amount_total, "2025-09-05", "direct_debit")
        cls.refund_b = cls._refund(cls.inv_b, "2026-02-01", 30.0)
        cls._pay(cls.refund_b, cls.refund_b.amount_total, "2026-02-02", "transfer")
        # A company client: never attested.
        cls.inv_company = cls._inv(cls.company_client, [(cls.product_housework, 1, 30.0)], "2025-03-01")
        cls._pay(cls.inv_company, cls.inv_company.amount_total, "2025-03-02", "transfer")

    def _of(self, attestations, partner):
        return attestations.filtered(lambda a: a.partner_id == partner)

    def test_amounts_of_the_year(self):
        self.assertEqual(self.inv1.amount_total, 263.75, "10 h × 25 € at 5.5 %")
        self.assertEqual(self.inv2.amount_total, 156.0, "4 × 30 € at 10 % + 20 € of travel at 20 %")
        attestations = self.Attestation.generate(2025)
        self.assertEqual(attestations.partner_id, self.sap_client | self.client_b)
        mine = self._of(attestations, self.sap_client)
        # 100 (transfer) + 50 (CESU) of inv1 + the eligible share of inv2: 132 / 156 of 156 = 132.
        self.assertEqual(mine.gross_amount, 282.0)
        self.assertEqual(mine.cesu_amount, 50.0)
        self.assertEqual(mine.apa_pch_amount, 0.0)
        self.assertEqual(mine.advance_amount, 0.0)
        self.assertEqual(mine.amount_paid, 232.0)
        self.assertEqual(mine.cash_amount, 0.0)
        self.assertEqual(mine.move_ids, self.inv1 | self.inv2)
        self.assertEqual(self._of(attestations, self.client_b).amount_paid, 66.0)
        self.assertFalse(attestations.filtered(lambda a: a.partner_id == self.company_client))

    def test_next_year_counts_its_own_payments(self):
        attestations = self.Attestation.generate(2026)
        mine = self._of(attestations, self.sap_client)
        self.assertEqual(mine.gross_amount, 113.75)
        self.assertEqual(mine.amount_paid, 113.75)
        self.assertEqual(mine.cesu_amount, 0.0)
        # Client B: a refund of 33 € in 2026 and no payment: no attestation, a reject.
        self.assertFalse(self._of(attestations, self.client_b))
        rejects = self.env["oe.sap.attestation.reject"].search([("year", "=", 2026)])
        self.assertEqual(
            [(r.partner_id, r.move_id, r.reason) for r in rejects], [(self.client_b, self.refund_b, "credit_note")]
        )
        # 2025 is unchanged.
        self.assertEqual(self._of(self.Attestation.generate(2025), self.client_b).amount_paid, 66.0)

    def test_rejects_with_reasons(self):
        self.Attestation.generate(2025)
        rejects = self.env["oe.sap.attestation.reject"].search(
            [("year", "=", 2025), ("company_id", "=", self.samad35.id)]
        )
        self.assertEqual(
            {(r.move_id, r.reason) for r in rejects},
            {(self.inv3, "cash"), (self.inv4, "unpaid"), (self.inv5, "multi_vat")},
        )
        self.assertEqual(
            dict(
                rejects.with_context(lang="fr_FR")
                ._fields["reason"]
                ._description_selection(rejects.with_context(lang="fr_FR").env)
            )["cash"],
            "Payé en espèces uniquement",
        )

    def test_idempotent(self):
        first = self.Attestation.generate(2025)
        count = self.env["oe.sap.attestation.line"].search_count([])
        second = self.Attestation.generate(2025)
        self.assertEqual(first, second)
        self.assertEqual(self.env["oe.sap.attestation.line"].search_count([]), count)
        Reject = self.env["oe.sap.attestation.reject"]
        rejects = Reject.search([("year", "=", 2025), ("company_id", "=", self.samad35.id)])
        self.assertEqual(len(rejects), 3)
        self.assertEqual(self._of(second, self.sap_client).amount_paid, 232.0)

    def test_year_without_payment(self):
        self.assertFalse(self.Attestation.generate(2024))

    def test_refusals(self):
        attestation = self._of(self.Attestation.generate(2025), self.sap_client)
        for user in (self.manager35, self.user_lead):
            with self.assertRaises(AccessError):
                self.env["oe.sap.attestation"].with_user(user).generate(2025)
        other = new_test_user(
            self.env,
            login="oe_acc_other_sap",
            groups="oe_etd.group_cae_accountant",
            company_id=self.msg35.id,
            company_ids=[Command.set(self.msg35.ids)],
        )
        # An accountant of another CAE: refused, and sees none of samad35's attestations.
        with self.assertRaises(AccessError):
            self.env["oe.sap.attestation"].with_user(other).generate(2025, self.samad35)
        self.assertFalse(self.env["oe.sap.attestation"].with_user(other).search([]))
        with self.assertRaisesRegex(UserError, "jamais à la main"):
            attestation.with_user(self.accountant).with_context(lang="fr_FR").write({"amount_paid": 1.0})
        with self.assertRaises(UserError):
            attestation.with_user(self.manager35).write({"amount_paid": 1.0})
        with self.assertRaises(UserError):
            self.env["oe.sap.attestation"].with_user(self.accountant).create(
                {"partner_id": self.sap_client.id, "company_id": self.samad35.id, "year": 2020}
            )
        with self.assertRaisesRegex(UserError, "année"):
            self.Attestation.with_context(lang="fr_FR").generate(1990)
        self.assertEqual(attestation.amount_paid, 232.0)
        # The Gérant reads; an entrepreneur does not.
        self.assertEqual(attestation.with_user(self.manager35).amount_paid, 232.0)
        with self.assertRaises(AccessError):
            attestation.with_user(self.user_lead).read(["amount_paid"])

    def test_pdf_mentions(self):
        attestation = self._of(self.Attestation.generate(2025), self.sap_client)
        # The PDF itself (Odoo renders HTML under test unless asked), read back with pdftotext.
        content, kind = (
            self.env["ir.actions.report"]
            .with_context(lang="fr_FR", force_report_rendering=True)
            ._render_qweb_pdf("oe_sap.action_report_oe_sap_attestation", attestation.ids)
        )
        self.assertEqual(kind, "pdf")
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
        text = " ".join(text.stdout.decode().split())
        self.assertIn(self.samad35.oe_sap_number, text)
        self.assertIn("Client SAP Rennes", text)
        self.assertIn("CESU", text)
        self.assertRegex(text, r"232[,.]00")

    def test_send_by_email(self):
        attestations = self.Attestation.generate(2025)
        attestations.with_user(self.accountant).action_send_by_email()
        self.assertEqual(set(attestations.mapped("state")), {"sent"})
        mail = self.env["mail.mail"].search([("model", "=", "oe.sap.attestation"), ("res_id", "in", attestations.ids)])
        self.assertEqual(len(mail), 2)
        self.assertTrue(all(m.attachment_ids for m in mail))
        with self.assertRaises(AccessError):
            attestations.with_user(self.manager35).action_send_by_email()


@tagged("post_install", "-at_install")
class TestAttestationPortal(HttpCase, OeSapAttestationCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        inv = cls._inv(cls.sap_client, [(cls.product_elderly, 2, 25.0)], "2025-03-10")
        cls._pay(inv, inv.amount_total, "2025-03-11", "transfer")
        inv_b = cls._inv(cls.client_b, [(cls.product_elderly, 1, 25.0)], "2025-03-10")
        cls._pay(inv_b, inv_b.amount_total, "2025-03-11", "transfer")
        cls.attestations = cls.env["oe.sap.attestation"].with_user(cls.accountant35).generate(2025)
        portal = cls.env.ref("base.group_portal")
        for login, partner in (("oe_sap_portal_a", cls.sap_client), ("oe_sap_portal_b", cls.client_b)):
            cls.env["res.users"].create(
                {
                    "name": partner.name,
                    "login": login,
                    "password": login,
                    "partner_id": partner.id,
                    "groups_id": [Command.set(portal.ids)],
                }
            )

    def test_client_downloads_own_only(self):
        mine = self.attestations.filtered(lambda a: a.partner_id == self.sap_client)
        other = self.attestations - mine
        self.authenticate("oe_sap_portal_a", "oe_sap_portal_a")
        # Not sent yet: the CAE has not issued it, the client does not see it.
        self.assertNotIn(f"/my/attestations/{mine.id}", self.url_open("/my/attestations").text)
        self.assertEqual(self.url_open(f"/my/attestations/{mine.id}").status_code, 404)
        self.attestations.with_user(self.accountant35).action_send_by_email()
        self.assertEqual(set(self.attestations.mapped("state")), {"sent"})
        listing = self.url_open("/my/attestations")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(f"/my/attestations/{mine.id}", listing.text)
        self.assertNotIn(f"/my/attestations/{other.id}", listing.text)
        self.assertEqual(self.url_open(f"/my/attestations/{mine.id}").status_code, 200)
        self.assertEqual(self.url_open(f"/my/attestations/{other.id}").status_code, 404)

    def test_visitor_goes_to_login(self):
        response = self.url_open(f"/my/attestations/{self.attestations[0].id}", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers.get("Location", ""))


@tagged("post_install", "-at_install")
class TestAttestationBudget(OeSapAttestationCommon):
    """generate() costs the same number of queries for 20 clients as for 200
    (docs/development.md, "Query budgets")."""

    @classmethod
    def _year_of_clients(cls, count, year):
        clients = cls.env["res.partner"].create(
            [{"name": f"Budget {year} {index}", "oe_client_type": "individual"} for index in range(count)]
        )
        tax = cls.samad35._oe_sap_tax(cls.activity_housework)
        invoices = (
            cls.env["account.move"]
            .with_company(cls.samad35)
            .create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": client.id,
                        "invoice_date": f"{year}-03-01",
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": cls.product_housework.id,
                                    "quantity": 2,
                                    "price_unit": 30.0,
                                    "tax_ids": [Command.set(tax.ids)],
                                }
                            )
                        ],
                    }
                    for client in clients
                ]
            )
        )
        invoices.action_post()
        method_line = cls._sap_method_line(cls.samad35, "transfer")
        cls.env["account.payment.register"].with_company(cls.samad35).with_context(
            active_model="account.move", active_ids=invoices.ids
        ).create(
            {
                "payment_date": f"{year}-03-05",
                "journal_id": method_line.journal_id.id,
                "payment_method_line_id": method_line.id,
                "group_payment": False,
            }
        )._create_payments()
        return invoices

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._year_of_clients(20, 2023)
        cls._year_of_clients(200, 2024)

    def _queries(self, year):
        self.env.invalidate_all()
        self.env.flush_all()
        before = self.cr.sql_log_count
        attestations = self.Attestation.generate(year, self.samad35)
        self.env.flush_all()
        return self.cr.sql_log_count - before, attestations

    def test_same_budget_for_20_and_200_clients(self):
        small, attestations_small = self._queries(2023)
        large, attestations_large = self._queries(2024)
        self.assertEqual(len(attestations_small), 20)
        self.assertEqual(len(attestations_large), 200)
        self.assertEqual(set(attestations_large.mapped("amount_paid")), {66.0})
        self.assertLessEqual(large, small, f"20 clients: {small} queries, 200 clients: {large}")
        # A refresh costs no more than the first run.
        refresh, _attestations = self._queries(2024)
        self.assertLessEqual(refresh, small + 10, f"refresh of 200: {refresh} queries")
