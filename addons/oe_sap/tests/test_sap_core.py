import logging
import subprocess

from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.account_payment import SAP_DEDUCTED_KINDS, SAP_ELIGIBLE_KINDS
from .common import OeSapCommon

_logger = logging.getLogger(__name__)

# The VAT family expected for each of the 26 activities (art. 278-0 bis D / 279 i CGI, BOFiP BOI-TVA-LIQ-30-20-80,
# as read by helper A: see data/oe_sap_activity_data.xml for the families still to be confirmed).
EXPECTED_RATES = {
    "garde_enfant_moins_3": 10.0,
    "accompagnement_enfant_moins_3": 10.0,
    "assistance_personnes_agees": 5.5,
    "conduite_personnes_agees": 5.5,
    "accompagnement_personnes_agees": 5.5,
    "menage": 10.0,
    "jardinage": 20.0,
    "bricolage": 10.0,
    "garde_enfant_plus_3": 10.0,
    "soutien_scolaire": 10.0,
    "esthetique": 10.0,
    "preparation_repas": 10.0,
    "livraison_repas": 10.0,
    "linge": 10.0,
    "livraison_courses": 10.0,
    "informatique": 20.0,
    "animaux": 10.0,
    "vigilance_residence": 20.0,
    "assistance_administrative": 10.0,
    "accompagnement_enfant_plus_3": 10.0,
    "teleassistance": 10.0,
    "interprete_lsf": 5.5,
    "conduite_invalidite_temporaire": 10.0,
    "accompagnement_invalidite_temporaire": 10.0,
    "assistance_temporaire": 10.0,
    "coordination": 20.0,
}


@tagged("post_install", "-at_install")
class TestSapCore(OeSapCommon):
    """Activities and their VAT, eligibility, warnings, payments of each kind, euros only, company setup, access."""

    def test_activities_and_their_rate(self):
        activities = self.env["oe.sap.activity"].search([])
        self.assertEqual(len(activities), 26)
        self.assertEqual(set(activities.mapped("code")), set(EXPECTED_RATES))
        self.assertEqual(
            activities.filtered(lambda a: a.regime != "declaration").mapped("code"),
            [
                "garde_enfant_moins_3",
                "accompagnement_enfant_moins_3",
                "assistance_personnes_agees",
                "conduite_personnes_agees",
                "accompagnement_personnes_agees",
            ],
        )
        for activity in activities:
            with self.subTest(activity=activity.code):
                tax = self.samad35._oe_sap_tax(activity)
                _logger.info("SAP activity %s: VAT %s %% (%s)", activity.code, tax.amount, tax.name)
                self.assertEqual(len(tax), 1)
                self.assertEqual(tax.amount, EXPECTED_RATES[activity.code])
                self.assertEqual(
                    (tax.type_tax_use, tax.tax_exigibility, tax.company_id), ("sale", "on_payment", self.samad35)
                )

    def test_products_carry_their_rate_per_company(self):
        """The reduced rates in the SAP CAE only: MSG 35 (it also serves BATI) is no SAP provider."""
        for product, rate in (
            (self.product_elderly, 5.5),
            (self.product_housework, 10.0),
            (self.product_gardening, 20.0),
        ):
            for company, expected in ((self.samad35, rate), (self.msg35, 20.0)):
                with self.subTest(product=product.name, company=company.name):
                    taxes = product.taxes_id.filtered(lambda t, c=company: t.company_id == c)
                    self.assertEqual(taxes.mapped("amount"), [expected])

    def test_product_given_an_activity_later_gets_its_rate(self):
        product = self.env["product.product"].create({"name": "Repassage", "type": "service"})
        product.oe_sap_activity_id = self.activity_housework
        self.assertEqual(product.taxes_id.filtered(lambda t: t.company_id == self.samad35).mapped("amount"), [10.0])
        self.assertEqual(product.taxes_id.filtered(lambda t: t.company_id == self.msg35).mapped("amount"), [20.0])

    def test_invoice_amounts_at_two_rates(self):
        invoice = self._sap_invoice(
            self.sap_client,
            [(self.product_elderly, 2, 25.0), (self.product_housework, 3, 20.0), (self.product_travel, 1, 8.0)],
            "2026-03-10",
        )
        # 50 at 5.5 % (2.75) + 60 at 10 % (6.00) + 8 at 20 % (1.60)
        self.assertEqual((invoice.amount_untaxed, invoice.amount_tax, invoice.amount_total), (118.0, 10.35, 128.35))
        self.assertEqual(invoice.invoice_line_ids.mapped("oe_sap_eligible"), [True, True, False])
        self.assertEqual(
            invoice.invoice_line_ids.mapped("oe_sap_activity_id"), self.activity_elderly | self.activity_housework
        )
        self.assertTrue(invoice.oe_sap_eligible)
        self.assertFalse(invoice.oe_sap_warning)

    def test_not_eligible(self):
        business = self.env["res.partner"].create(
            {"name": "Boulangerie", "is_company": True, "oe_client_type": "business"}
        )
        invoice = self._sap_invoice(business, [(self.product_elderly, 1, 25.0)], "2026-03-10")
        self.assertFalse(invoice.oe_sap_eligible)
        self.assertFalse(invoice.oe_sap_warning)
        # A person of a company: the commercial partner decides.
        employee_of_business = self.env["res.partner"].create(
            {"name": "Employee", "parent_id": business.id, "oe_client_type": "individual"}
        )
        self.assertFalse(
            self._sap_invoice(employee_of_business, [(self.product_elderly, 1, 25.0)], "2026-03-10").oe_sap_eligible
        )
        # A vendor bill is never eligible.
        bill = self._sap_invoice(
            self.sap_client, [(self.product_elderly, 1, 25.0)], "2026-03-10", post=False, move_type="in_invoice"
        )
        self.assertFalse(bill.oe_sap_eligible)
        # Without a declaration number, nothing is eligible.
        draft = self._sap_invoice(self.sap_client, [(self.product_elderly, 1, 25.0)], "2026-03-10", post=False)
        self.assertTrue(draft.oe_sap_eligible)
        self.samad35.oe_sap_number = False
        self.assertFalse(draft.oe_sap_eligible)

    def test_undeclared_activity_warns_and_has_no_mention(self):
        invoice = self._sap_invoice(
            self.sap_client,
            [(self.product_gardening, 2, 30.0), (self.product_elderly, 1, 25.0)],
            "2026-03-10",
            post=False,
        )
        self.assertEqual(invoice.invoice_line_ids.mapped("oe_sap_eligible"), [False, True])
        self.assertIn(self.activity_gardening.name, invoice.oe_sap_warning)
        warning = invoice.with_context(lang="fr_FR").oe_sap_warning
        self.assertIn("n'a pas déclarés", warning)
        self.assertIn("CAE SAMAD 35", warning)
        invoice.action_post()  # a warning, not a refusal
        self.assertEqual(invoice.state, "posted")
        sap = invoice._oe_sap_report_values()
        self.assertEqual([line["activity"] for line in sap["lines"]], [self.activity_elderly.name])
        self.assertEqual([other["amount"] for other in sap["others"]], [60.0])
        # Declared afterwards: eligible, no more warning.
        self.samad35.oe_sap_activity_ids = [Command.link(self.activity_gardening.id)]
        self.assertTrue(invoice.invoice_line_ids[0].oe_sap_eligible)
        self.assertFalse(invoice.oe_sap_warning)

    def test_other_currency_refused(self):
        usd = self.env.ref("base.USD")
        usd.active = True
        invoice = self._sap_invoice(
            self.sap_client, [(self.product_elderly, 1, 25.0)], "2026-03-10", post=False, currency=usd
        )
        with self.assertRaisesRegex(ValidationError, "euros"):
            invoice.action_post()
        self.assertEqual((invoice.state, invoice.posted_before, invoice.amount_residual), ("draft", False, 26.38))
        # Non-SAP lines may be invoiced in dollars.
        other = self._sap_invoice(self.sap_client, [(self.product_travel, 1, 25.0)], "2026-03-10", currency=usd)
        self.assertEqual(other.state, "posted")

    def test_payments_of_each_kind(self):
        self.assertEqual(SAP_ELIGIBLE_KINDS, ("card", "direct_debit", "transfer", "cheque", "cesu"))
        self.assertEqual(SAP_DEDUCTED_KINDS, ("cesu", "apa_pch"))
        invoice = self._sap_invoice(self.sap_client, [(self.product_elderly, 4, 25.0)], "2026-03-10")
        self.assertEqual(invoice.amount_total, 105.5)
        card = self._pay(invoice, 40.0, "2026-03-15", "card")
        cesu = self._pay(invoice, 30.0, "2026-03-16", "cesu")
        self.assertFalse(invoice.oe_sap_cash_warning)
        cash = self._pay(invoice, 35.5, "2026-03-17", "cash")
        self.assertEqual(
            [(p.oe_sap_payment_kind, p.amount) for p in card | cesu | cash],
            [("card", 40.0), ("cesu", 30.0), ("cash", 35.5)],
        )
        self.assertEqual(cesu.journal_id, self.samad35.oe_sap_cesu_journal_id)
        self.assertEqual(cash.journal_id.type, "cash")
        self.assertEqual(invoice.payment_state, "paid")
        self.assertFalse(card.oe_sap_cash_warning)
        self.assertIn("cash", cash.with_context(lang="en_US").oe_sap_cash_warning)
        self.assertTrue(invoice.oe_sap_cash_warning)

    def test_setup_declares_the_poles_activities_once(self):
        """A SAP CAE without declared activities gets those of its poles' services; its staff's choice stays."""
        self.samad35.oe_sap_activity_ids = False
        self.samad35._oe_setup_network_company()
        self.assertEqual(self.samad35.oe_sap_activity_ids, self.activity_elderly, "the SAMAD pole's service")
        self.samad35.oe_sap_activity_ids = self.activity_housework
        self.samad35._oe_setup_network_company()
        self.assertEqual(self.samad35.oe_sap_activity_ids, self.activity_housework)
        self.msg35._oe_setup_network_company()
        self.assertFalse(self.msg35.oe_sap_activity_ids, "MSG 35 is no SAP CAE")

    def test_company_setup_idempotent(self):
        Line = self.env["account.payment.method.line"]
        domain = [("journal_id.company_id", "=", self.samad35.id), ("oe_sap_payment_kind", "!=", False)]
        lines = Line.search(domain)
        self.assertEqual(
            sorted(lines.mapped("oe_sap_payment_kind")),
            sorted(["card", "direct_debit", "transfer", "cheque", "cash", "apa_pch", "cesu"]),
        )
        journal = self.samad35.oe_sap_cesu_journal_id
        self.assertEqual((journal.code, journal.type, journal.company_id), ("CESU", "bank", self.samad35))
        taxes = self.product_elderly.taxes_id.filtered(lambda t: t.company_id == self.samad35)
        self.assertEqual(taxes.mapped("amount"), [5.5])
        self.samad35._oe_setup_network_company()
        self.env["res.company"]._oe_setup_all_network_companies()
        self.assertEqual(Line.search(domain), lines)
        self.assertEqual(self.samad35.oe_sap_cesu_journal_id, journal)
        self.assertEqual(self.product_elderly.taxes_id.filtered(lambda t: t.company_id == self.samad35), taxes)
        # The MSG CAE is not a SAP company unless all its poles are SAP: BATI is not.
        self.assertFalse(self.msg35.oe_sap_cesu_journal_id)

    def test_activities_written_by_network_admins_only(self):
        for user in (self.accountant35, self.manager35, self.user_lead):
            with self.subTest(user=user.login):
                activity = self.activity_housework.with_user(user)
                self.assertEqual(activity.vat_family, "intermediate")  # everyone reads
                with self.assertRaises(AccessError):
                    activity.vat_family = "normal"
                with self.assertRaises(AccessError):
                    activity.create({"code": "x", "name": "X"})
        self.assertEqual(self.activity_housework.vat_family, "intermediate")
        self.activity_housework.with_user(self.network_admin).sequence = 61
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), self.cr.savepoint():
            self.env["oe.sap.activity"].with_user(self.network_admin).create({"code": "menage", "name": "Twice"})
        self.assertEqual(self.env["oe.sap.activity"].search_count([("code", "=", "menage")]), 1)

    def test_declaration_written_by_the_cae_staff_only(self):
        with self.assertRaises(AccessError):
            self.samad35.with_user(self.user_lead).write({"oe_sap_activity_ids": [Command.clear()]})
        self.assertEqual(self.samad35.oe_sap_activity_ids, self.activity_elderly | self.activity_housework)


@tagged("post_install", "-at_install")
class TestSapInvoiceReport(OeSapCommon):
    """The mentions of art. D7233-1 on the printed invoice, read back from the PDF."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.samad35.write({"oe_sap_agrement_number": "AGR-35-2024", "oe_sap_agrement_date": "2024-06-01"})
        cls.es_lead.oe_sap_identifier = "INT-0042"
        cls.es_b.oe_sap_identifier = "INT-0099"  # an intervenant of the MSG CAE (cross-CAE work)
        cls.assignment_b = cls._assign(
            cls.mission, cls.es_b, cls.env.ref("oe_entrepreneur.function_developer"), accept=True
        )
        lines = cls._log(cls.es_lead, cls.mission, "2026-02-03", 3)
        lines |= cls._log(cls.es_b, cls.mission, "2026-02-05", 2, user=cls.user_b)
        lines.with_user(cls.manager35).action_oe_validate()
        cls.invoice = cls.mission.oe_invoice_timesheets(
            fields.Date.to_date("2026-02-01"), fields.Date.to_date("2026-02-28")
        )
        cls.invoice.write({"invoice_date": "2026-02-28"})
        cls.invoice.action_post()

    def _pdf_text(self, invoice):
        """The text of the printed PDF (Odoo renders HTML under test unless asked), read back with pdftotext."""
        report = self.env["ir.actions.report"].with_context(lang="fr_FR", force_report_rendering=True)
        content, kind = report._render_qweb_pdf("account.report_invoice", invoice.ids)
        self.assertEqual(kind, "pdf")
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
        return text.stdout.decode()

    def test_mentions(self):
        self.assertTrue(self.invoice.oe_sap_eligible)
        text = " ".join(self._pdf_text(self.invoice).split())
        self.assertIn("Services à la personne", text)
        self.assertIn("SAP901350017", text)
        self.assertIn("01/03/2025", text)  # declaration date
        self.assertIn("AGR-35-2024", text)
        self.assertIn(self.samad35.name, text)
        self.assertIn(self.client.name, text)
        self.assertIn(self.activity_elderly.with_context(lang="fr_FR").name[:40], text)
        self.assertIn("INT-0042", text)
        self.assertIn("INT-0099", text)
        self.assertIn("crédit d'impôt de 50 %", text)
        self.assertEqual(text.count("199 sexdecies"), 1, "oe_mission's sentence is replaced, not repeated")
        # Each line: nature (activity), intervenant and identifier, hourly rate, time spent.
        # (pdftotext lays a table row out on several lines: the cells of a row follow its intervenant closely.)
        for row in (
            ("Builder B (n°", "INT-0099)", "30,00 € / h 2,00 h 60,00 €"),
            ("Lead Tutor (n°", "INT-0042)", "25,00 € / h 3,00 h 75,00 €"),
        ):
            window = text[text.index(row[0]) :][:250]
            for cell in row[1:]:
                self.assertIn(cell, window, row[0])
        # 135 at 5.5 %
        self.assertEqual((self.invoice.amount_untaxed, self.invoice.amount_tax), (135.0, 7.43))

    def test_no_mentions_for_a_business_or_undeclared(self):
        self.samad35.oe_sap_activity_ids = [Command.clear()]
        # A posted invoice prints what it was posted with, whatever the declaration becomes.
        self.assertIn("199 sexdecies", self._pdf_text(self.invoice))
        # An invoice posted once the activity is no longer declared has no mention; nor one to a business.
        undeclared = self._sap_invoice(self.sap_client, [(self.product_elderly, 1, 25.0)], "2026-03-02")
        self.assertNotIn("199 sexdecies", self._pdf_text(undeclared))
        self.samad35.oe_sap_activity_ids = [Command.set(self.activity_elderly.ids)]
        business = self.env["res.partner"].create({"name": "Entreprise Rennes", "oe_client_type": "business"})
        to_business = self._sap_invoice(business, [(self.product_elderly, 1, 25.0)], "2026-03-02")
        self.assertNotIn("199 sexdecies", self._pdf_text(to_business))
