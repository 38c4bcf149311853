from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import OeRedevanceCommon


@tagged("post_install", "-at_install")
class TestStatementBase(OeRedevanceCommon):
    def test_base_counts_posted_revenue_of_the_cae_only(self):
        es = self.es_lead
        self._invoice(self.samad35, "2026-03-05", 1000.0, es)
        self._invoice(self.samad35, "2026-03-10", 200.0, es, refund=True)
        self._invoice(self.samad35, "2026-03-12", 5000.0, es, post=False)  # a draft never counts
        # a document between companies of the network (e.g. the inter-CAE invoice of oe_mission)
        self._invoice(self.samad35, "2026-03-15", 700.0, partner=self.msg35.partner_id)
        self._invoice(self.msg35, "2026-03-15", 900.0, self.es_b, product=self.product_bati)  # another company
        self._invoice(self.samad35, "2026-04-01", 300.0, es)  # next period
        statement = self._statement()
        self.assertEqual(statement.base_amount, 800.0)
        self.assertEqual(statement.amount, 48.0)  # 6 %
        self.assertEqual((statement.conceptual_amount, statement.operational_amount), (19.2, 28.8))
        [line] = statement.line_ids
        self.assertEqual((line.pole_id, line.employee_id, line.base_amount), (self.pole_samad, es, 800.0))
        self.assertEqual(len(line.move_line_ids), 2, "the invoice line and the credit note line are counted")
        self.assertEqual(statement.state, "draft")
        self.assertEqual(statement.etd_id, self.etd35)

    def test_pole_is_the_one_of_the_analytic_distribution(self):
        """The pole of a statement line is the pole's analytic account carried by the invoice line (as
        oe_mission invoices a mission), never guessed from its product."""
        lead, bati = self.es_lead.oe_analytic_account_id, self.pole_bati.analytic_account_id
        vals_list = [
            self._client_invoice_vals(self.samad35, self.customer, "2026-03-05", amount, self.es_lead, self.pole_samad)
            for amount in (100.0, 200.0)
        ]
        # the SAMAD service booked on the Bâti pole (one key combining both plans), then without a pole
        vals_list[0]["invoice_line_ids"][0][2]["analytic_distribution"] = {f"{lead.id},{bati.id}": 100}
        vals_list[1]["invoice_line_ids"][0][2]["analytic_distribution"] = {str(lead.id): 100}
        self.env["account.move"].with_company(self.samad35).create(vals_list).action_post()
        statement = self._statement()
        self.assertEqual(
            {line.pole_id: (line.employee_id, line.base_amount) for line in statement.line_ids},
            {self.pole_bati: (self.es_lead, 100.0), self.env["oe.pole"]: (self.es_lead, 200.0)},
        )

    def test_lines_without_entrepreneur_and_before_the_first_rate(self):
        self._invoice(self.samad35, "2024-12-20", 400.0, self.es_lead)  # before the ETD's first rate
        self._invoice(self.samad35, "2026-03-05", 100.0)  # no entrepreneur's account
        statement = self._statement()
        [line] = statement.line_ids
        self.assertFalse(line.employee_id, "a line without entrepreneur account goes to 'non attribué'")
        self.assertEqual(statement.base_amount, 100.0, "lines before the ETD's first rate are not subject")

    def test_rate_by_line_date_inside_a_quarter(self):
        self.samad35.oe_redevance_period = "quarter"
        self.env["oe.redevance.rate"].create(
            {
                "etd_id": self.etd35.id,
                "date_from": "2026-02-15",
                "rate": 4.0,
                "conceptual_share": 50.0,
                "reason": "Results",
            }
        )
        # another ETD's rate never applies
        other = self.env["oe.redevance.rate"].create({"etd_id": self.etd.id, "date_from": "2024-01-01", "rate": 9.0})
        self._invoice(self.samad35, "2026-01-20", 1000.0, self.es_lead)
        self._invoice(self.samad35, "2026-02-15", 1000.0, self.es_lead)
        self._invoice(self.samad35, "2026-03-31", 500.0, self.es_lead)
        statement = self._generate("2026-01-01", "2026-03-31")
        self.assertEqual(statement.period_kind, "quarter")
        self.assertEqual(sorted(statement.line_ids.mapped("rate")), [4.0, 6.0])
        self.assertEqual(statement.amount, 60.0 + 60.0)  # 1000 x 6 % + 1500 x 4 %
        self.assertEqual(statement.conceptual_amount, 24.0 + 30.0)
        self.assertEqual(statement.rate, 4.0, "the rate in force at the period's end")
        self.assertNotIn(other, statement.line_ids.rate_id)

    def test_periods_are_calendar_months_or_quarters(self):
        with self.assertRaisesRegex(UserError, "mois ou un trimestre civil"):
            self._generate("2026-03-02", "2026-03-31")
        with self.assertRaisesRegex(UserError, "mois ou un trimestre civil"):
            self._generate("2026-02-01", "2026-04-30")
        with self.assertRaisesRegex(UserError, "période de redevance"):
            self._generate("2026-01-01", "2026-03-31")  # SAMAD 35 is monthly

    def test_exact_split_by_largest_remainder(self):
        self.rate_2025.write({"rate": 7.0, "conceptual_share": 33.33})
        self._invoice(self.samad35, "2026-03-01", 33.33, self.es_lead)
        self._invoice(self.samad35, "2026-03-02", 33.33, self.es_c)
        self._invoice(self.samad35, "2026-03-03", 33.34)
        statement = self._statement()
        self.assertEqual(statement.amount, 7.0)
        self.assertAlmostEqual(statement.conceptual_amount + statement.operational_amount, statement.amount, places=6)
        self.assertEqual(statement.conceptual_amount, 2.33)
        self.assertEqual(sorted(statement.line_ids.mapped("amount")), [2.33, 2.33, 2.34])
        self.assertAlmostEqual(sum(statement.line_ids.mapped("amount")), statement.amount, places=6)

    def test_generate_is_idempotent(self):
        self._invoice(self.samad35, "2026-03-05", 1000.0, self.es_lead)
        first = self._statement()
        lines = first.line_ids
        again = self._statement()
        self.assertEqual(first, again)
        self.assertEqual(again.amount, 60.0)
        self.assertNotEqual(again.line_ids, lines, "a draft is refreshed with new lines")
        self.assertEqual(len(again.line_ids), 1)
        # a new invoice in the period is taken while the statement is draft...
        self._invoice(self.samad35, "2026-03-06", 500.0, self.es_lead)
        self.assertEqual(self._statement().amount, 90.0)
        # ...but never once it is confirmed
        first.with_user(self.sas_accountant).action_confirm()
        self._invoice(self.samad35, "2026-03-07", 500.0, self.es_lead)
        self.assertEqual(self._statement().amount, 90.0)
        self.assertEqual(self.Statement.search_count([("company_id", "=", self.samad35.id)]), 1)

    @mute_logger("odoo.sql_db")
    def test_one_live_statement_per_cae_and_period(self):
        statement = self._statement()
        values = {
            "company_id": self.samad35.id,
            "etd_id": self.etd35.id,
            "date_from": "2026-03-01",
            "date_to": "2026-03-31",
            "period_kind": "month",
        }
        with self.assertRaisesRegex(UserError, "un seul relevé"):
            self.Statement.sudo().create(values)
        statement.with_user(self.sas_accountant).action_cancel()
        replacement = self._statement()
        self.assertNotEqual(replacement, statement)
        self.assertEqual(replacement.state, "draft")


@tagged("post_install", "-at_install")
class TestStatementAccounting(OeRedevanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(cls.samad35, "2026-03-05", 1000.0, cls.es_lead)
        cls._invoice(cls.samad35, "2026-03-20", 234.56, cls.es_c)

    def _post(self, statement):
        statement = statement.with_user(self.sas_accountant)
        statement.action_confirm()
        statement.action_post()
        return statement

    def _account_code(self, line):
        return line.account_id.with_company(line.company_id).code

    def test_posting_books_both_companies(self):
        statement = self._post(self._statement())
        self.assertEqual(statement.state, "posted")
        self.assertEqual(statement.amount, 74.07)  # 1234.56 x 6 %
        invoice, bill = statement.sas_invoice_id, statement.cae_bill_id
        self.assertEqual((invoice.company_id, invoice.move_type, invoice.state), (self.sas, "out_invoice", "posted"))
        self.assertEqual(invoice.partner_id, self.samad35.partner_id)
        self.assertEqual(invoice.invoice_date, date(2026, 3, 31))
        self.assertEqual(invoice.amount_untaxed, statement.amount)
        products = invoice.invoice_line_ids.product_id
        self.assertEqual(
            products,
            self.env.ref("oe_redevance.product_redevance_conceptual")
            | self.env.ref("oe_redevance.product_redevance_operational"),
        )
        by_product = {line.product_id.default_code: line for line in invoice.invoice_line_ids}
        self.assertEqual(by_product["RED-CONC"].price_subtotal, statement.conceptual_amount)
        self.assertEqual(by_product["RED-OPER"].price_subtotal, statement.operational_amount)
        self.assertEqual(self._account_code(by_product["RED-CONC"]), "751100")
        self.assertEqual(self._account_code(by_product["RED-OPER"]), "706000")
        self.assertNotIn("<", by_product["RED-CONC"].name, "a plain text label")
        self.assertIn("1\xa0234,56", by_product["RED-CONC"].name.replace("\u202f", "\xa0"))
        sale_tax = self.env.ref(f"account.{self.sas.id}_tva_normale_encaissement")
        self.assertEqual(invoice.invoice_line_ids.tax_ids, sale_tax)
        # the CAE's bill: OCA's mirror, posted, same amounts, 651100 and the deductible tax on payment
        self.assertEqual((bill.company_id, bill.move_type, bill.state), (self.samad35, "in_invoice", "posted"))
        self.assertEqual(bill.auto_invoice_id, invoice)
        self.assertEqual((bill.amount_untaxed, bill.amount_total), (invoice.amount_untaxed, invoice.amount_total))
        self.assertEqual({self._account_code(line) for line in bill.invoice_line_ids}, {"651100"})
        purchase_tax = self.env.ref(f"account.{self.samad35.id}_tva_acq_encaissement")
        self.assertEqual(bill.invoice_line_ids.tax_ids, purchase_tax)

    def test_posting_date_skips_closed_periods(self):
        self.sas.sudo().fiscalyear_lock_date = date(2026, 4, 30)
        statement = self._post(self._statement())
        self.assertEqual(statement.sas_invoice_id.date, date(2026, 5, 1))
        self.assertEqual(statement.cae_bill_id.date, date(2026, 5, 1))

    def test_cancel_reverses_by_one_credit_note_each_side(self):
        statement = self._post(self._statement())
        invoice, bill = statement.sas_invoice_id, statement.cae_bill_id
        statement.action_cancel()
        self.assertEqual(statement.state, "cancel")
        refund = statement.sas_refund_id
        self.assertEqual((refund.move_type, refund.state, refund.reversed_entry_id), ("out_refund", "posted", invoice))
        self.assertEqual(refund.amount_total, invoice.amount_total)
        self.assertEqual(invoice.state, "posted", "no posted entry is ever written to")
        Move = self.env["account.move"]
        self.assertEqual(
            Move.search_count([("move_type", "=", "out_refund"), ("reversed_entry_id", "=", invoice.id)]), 1
        )
        cae_refunds = Move.search([("company_id", "=", self.samad35.id), ("move_type", "=", "in_refund")])
        self.assertEqual(len(cae_refunds), 1, "one credit note in the CAE, the mirror")
        self.assertEqual(cae_refunds, statement.cae_refund_id)
        self.assertEqual((cae_refunds.state, cae_refunds.amount_total), ("posted", bill.amount_total))
        # its lines are free again: a new statement counts them
        self.assertEqual(self._statement().amount, statement.amount)

    def test_posted_statement_and_used_rate_are_frozen(self):
        statement = self._post(self._statement())
        with self.assertRaisesRegex(UserError, "comptabilisé ou annulé"):
            statement.sudo().write({"amount": 1.0})
        with self.assertRaisesRegex(UserError, "brouillon"):
            statement.sudo().unlink()
        with self.assertRaisesRegex(UserError, "relevé confirmé ou comptabilisé"):
            self.rate_2025.with_context(lang="fr_FR").write({"rate": 5.0})
        with self.assertRaisesRegex(UserError, "relevé confirmé ou comptabilisé"):
            self.rate_2025.with_context(lang="fr_FR").unlink()
        self.rate_2025.reason = "A note only: allowed"
        with self.assertRaisesRegex(UserError, "commence après le 31/03/2026"):
            self.env["oe.redevance.rate"].with_context(lang="fr_FR").create(
                {"etd_id": self.etd35.id, "date_from": "2026-03-15", "rate": 4.0, "reason": "Retroactive"}
            )
        self.env["oe.redevance.rate"].create(
            {"etd_id": self.etd35.id, "date_from": "2026-04-01", "rate": 4.0, "reason": "From the next period"}
        )
        with self.assertRaisesRegex(UserError, "brouillon"):
            statement.action_refresh()
        # regenerating the period leaves it as it is
        self.assertEqual(self._statement(), statement)
        self.assertEqual(statement.state, "posted")

    def test_confirmed_statement_figures_and_state_only_through_the_buttons(self):
        statement = self._statement().with_user(self.sas_accountant)
        statement.action_confirm()
        statement_sudo = statement.sudo().with_context(lang="fr_FR")
        for vals in ({"amount": 1.0}, {"base_amount": 0.0, "state": "draft"}, {"line_ids": [Command.clear()]}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "confirmé, comptabilisé ou annulé"):
                statement_sudo.write(vals)
        with self.assertRaisesRegex(UserError, "confirmé, comptabilisé ou annulé"):
            statement_sudo.line_ids.write({"base_amount": 0.0})
        with self.assertRaisesRegex(UserError, "confirmé, comptabilisé ou annulé"):
            statement_sudo.line_ids.unlink()
        invoice = self._invoice(self.samad35, "2026-03-30", 1.0)
        for vals in (
            {"state": "posted"},
            {"sas_invoice_id": invoice.id},
            {"state": "cancel", "sas_refund_id": invoice.id},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "que par ses boutons"):
                statement_sudo.write(vals)
        self.assertEqual((statement.state, statement.amount, len(statement.line_ids)), ("confirmed", 74.07, 2))
        statement.action_post()
        for vals in ({"state": "draft"}, {"state": "cancel"}, {"sas_invoice_id": False}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "que par ses boutons"):
                statement_sudo.write(vals)
        self.assertEqual(statement.state, "posted")
        statement.message_post(body="A note on the posted statement")  # the chatter stays open

    def test_posting_refused_while_the_sas_is_not_set_up(self):
        statement = self._statement().with_user(self.sas_accountant)
        statement.action_confirm()
        self.sas.write({"oe_redevance_conceptual_account_id": False, "oe_redevance_operational_account_id": False})
        moves = self.env["account.move"].search_count([])
        with self.assertRaisesRegex(UserError, "SAS .* n'est pas configurée pour la redevance"):
            statement.action_post()
        self.assertEqual(
            (statement.state, statement.sas_invoice_id, statement.cae_bill_id),
            ("confirmed",) + (self.env["account.move"],) * 2,
        )
        self.assertEqual(self.env["account.move"].search_count([]), moves)

    def test_late_invoice_regularised_in_the_next_statement(self):
        march = self._post(self._statement())
        late = self._invoice(self.samad35, "2026-03-25", 100.0, self.es_lead)  # posted after March's statement
        self._invoice(self.samad35, "2026-04-10", 1000.0, self.es_lead)
        april = self._statement(date(2026, 4, 1))
        self.assertEqual(april.base_amount, 1100.0)
        self.assertEqual(april.regularisation_amount, 100.0)
        regularisation = april.line_ids.filtered("is_regularisation")
        self.assertEqual(regularisation.origin_date, date(2026, 3, 1))
        self.assertIn("mars 2026", regularisation.with_context(lang="fr_FR").origin_label)
        self.assertEqual(regularisation.move_line_ids, late.invoice_line_ids)
        self.assertEqual(march.base_amount, 1234.56, "the posted statement is unchanged")
        # never counted twice: every counted line belongs to one live statement
        counted = (march | april).line_ids.move_line_ids
        self.assertEqual(len(counted), sum(len(line.move_line_ids) for line in (march | april).line_ids))

    def test_negative_statement_is_a_credit_note(self):
        self._post(self._statement())
        self._invoice(self.samad35, "2026-04-02", 500.0, self.es_lead, refund=True)
        april = self._post(self._statement(date(2026, 4, 1)))
        self.assertEqual(april.amount, -30.0)
        self.assertEqual(april.sas_invoice_id.move_type, "out_refund")
        self.assertEqual(april.sas_invoice_id.amount_untaxed, 30.0)
        self.assertEqual(april.cae_bill_id.move_type, "in_refund")

    def test_statement_report_renders(self):
        self.samad35.partner_id.lang = "fr_FR"
        self._invoice(self.samad35, "2026-03-21", 10.0)
        statement = self._statement()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("oe_redevance.report_redevance_statement", statement.ids)[0]
            .decode()
        )
        self.assertIn(statement.company_id.name, html)
        self.assertIn("Lead Tutor", html)
        self.assertIn("Ressources conceptuelles", html)
        self.assertIn("Non attribué", html)


@tagged("post_install", "-at_install")
class TestStatementAccess(OeRedevanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._invoice(cls.samad35, "2026-03-05", 1000.0, cls.es_lead)
        cls._invoice(cls.msg35, "2026-03-05", 1000.0, cls.es_b, product=cls.product_bati)
        cls.statements = cls.Statement.sudo().generate("2026-03-01", "2026-03-31", cls.samad35 | cls.msg35)
        cls.samad_statement = cls.statements.filtered(lambda s: s.company_id == cls.samad35)

    def _visible(self, user, companies):
        return (
            self.Statement.with_user(user)
            .with_context(allowed_company_ids=companies.ids)
            .search([("id", "in", self.statements.ids)])
        )

    def test_sas_accountant_sees_every_statement(self):
        self.assertEqual(self._visible(self.sas_accountant, self.sas), self.statements)

    def test_cae_staff_see_their_own(self):
        self.assertEqual(self._visible(self.cae_accountant, self.samad35), self.samad_statement)
        self.assertEqual(self._visible(self.manager35, self.samad35), self.samad_statement)
        with self.assertRaises(AccessError):
            self.samad_statement.with_user(self.manager35).action_confirm()

    def test_cae_staff_cannot_write_statements_directly(self):
        statement = self.samad_statement.with_user(self.cae_accountant)
        with self.assertRaises(AccessError):
            statement.write({"state": "posted"})
        with self.assertRaises(AccessError):
            statement.line_ids.write({"base_amount": 0.0})
        with self.assertRaises(AccessError):
            statement.line_ids.unlink()
        with self.assertRaises(AccessError):
            self.env["oe.redevance.statement"].with_user(self.cae_accountant).create(
                {
                    "company_id": self.samad35.id,
                    "etd_id": self.etd35.id,
                    "date_from": "2026-04-01",
                    "date_to": "2026-04-30",
                    "period_kind": "month",
                }
            )
        statement.message_post(body="A question about this statement")  # the chatter stays open

    def test_cae_accountant_cannot_generate_nor_post(self):
        with self.assertRaisesRegex(AccessError, "comptable de la SAS"):
            self.Statement.with_user(self.cae_accountant).generate("2026-03-01", "2026-03-31", self.samad35)
        with self.assertRaisesRegex(AccessError, "comptable de la SAS"):
            self.samad_statement.with_user(self.cae_accountant).action_confirm()

    def test_entrepreneur_reads_no_statement(self):
        with self.assertRaises(AccessError):
            self.Statement.with_user(self.user_lead).search([])
        with self.assertRaises(AccessError):
            self.env["oe.redevance.statement.line"].with_user(self.user_lead).search([])

    def test_network_admin_and_portal_client(self):
        admin = self._user("oe_network_admin_all", self.sas | self.samad35 | self.msg35, "oe_etd.group_network_admin")
        self.assertEqual(self._visible(admin, self.sas), self.statements)
        portal = self._user("oe_portal_client_35", self.samad35, "base.group_portal")
        with self.assertRaises(AccessError):
            self.Statement.with_user(portal).search([])
        with self.assertRaises(AccessError):
            self.env["oe.contribution.line"].with_user(portal).search([])


@tagged("post_install", "-at_install")
class TestGenerateWizard(OeRedevanceCommon):
    def test_month_and_the_quarter_it_closes(self):
        self.msg35.oe_redevance_period = "quarter"
        self._invoice(self.samad35, "2026-03-05", 1000.0, self.es_lead)
        self._invoice(self.msg35, "2026-02-05", 2000.0, self.es_b, product=self.product_bati)
        Wizard = self.env["oe.redevance.generate"].with_user(self.sas_accountant).with_context(lang="fr_FR")
        companies = self.samad35 | self.msg35
        february = Wizard.create({"month": "2026-02-14", "company_ids": [Command.set(companies.ids)]})
        self.assertIn("ne termine pas un trimestre", february.summary)
        statements = self.Statement.browse(february.action_generate()["domain"][0][2])
        self.assertEqual(statements.company_id, self.samad35, "February: the monthly CAE only")
        march = Wizard.create({"month": "2026-03-31", "company_ids": [Command.set(companies.ids)]})
        statements = self.Statement.browse(march.action_generate()["domain"][0][2])
        self.assertEqual(statements.company_id, companies)
        quarter = statements.filtered(lambda s: s.company_id == self.msg35)
        self.assertEqual(
            (quarter.date_from, quarter.date_to, quarter.base_amount), (date(2026, 1, 1), date(2026, 3, 31), 2000.0)
        )
