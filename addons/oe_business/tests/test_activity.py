from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.oe_redevance.tests.common import OeRedevanceCommon

# Queries of _oe_activity_figures() and of _oe_activity_page() for one entrepreneur, whatever the number of
# client documents and payments (oe_business alone: quotes are not read without oe_amount_to_invoice).
FIGURES_BUDGET = 7
PAGE_BUDGET = 14


class OeActivityCommon(OeRedevanceCommon):
    """ETD 35 with a redevance rate of 6 % (OeRedevanceCommon), contribution rates of 10 % (SAMAD 35) and
    12 % (MSG 35), an expense product, and helpers for payments, expenses and pay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rate = cls.env["oe.contribution.rate"]
        Rate.create({"company_id": cls.samad35.id, "date_from": "2025-01-01", "rate": 10.0})
        Rate.create({"company_id": cls.msg35.id, "date_from": "2025-01-01", "rate": 12.0})
        cls.expense_product = cls.env["product.product"].create(
            {"name": "Train ticket", "can_be_expensed": True, "standard_price": 0.0, "supplier_taxes_id": False}
        )
        cls.manager29 = cls.manager  # a Gérant of another ETD's CAEs (29)
        cls.accountant29 = cls._new_manager(
            "oe_accountant_29", cls.samad | cls.msg, groups="oe_etd.group_cae_accountant"
        )
        cls.Employee = cls.env["hr.employee"]
        for company in cls.samad35 | cls.msg35:
            cls._outstanding_accounts(company)

    @classmethod
    def _outstanding_accounts(cls, company):
        """Payments with a journal entry: an outstanding account on the bank journal's payment methods (Odoo 18
        leaves the entry out without one; such a payment counts once its bank statement line is matched)."""
        account = cls.env["account.account"].create(
            {
                "name": "Outstanding payments",
                "code": "512999",
                "account_type": "asset_current",
                "reconcile": True,
                "company_ids": [Command.set(company.ids)],
            }
        )
        journals = cls.env["account.journal"].search([("company_id", "=", company.id), ("type", "=", "bank")])
        (
            journals.inbound_payment_method_line_ids | journals.outbound_payment_method_line_ids
        ).payment_account_id = account

    @classmethod
    def _pay(cls, invoices, amount, day):
        """One payment of ``amount`` (taxes included) on ``invoices`` dated ``day``, reconciled with them."""
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({"amount": amount, "payment_date": day, "group_payment": True})
            ._create_payments()
        )

    @staticmethod
    def _receivable(moves):
        return moves.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")

    @classmethod
    def _expense(cls, employee, amount, day, mode="own_account", state="approved"):
        """An expense of ``amount`` (no tax) on its own report, taken to ``state`` (approved or done)."""
        company = employee.company_id
        expense = (
            cls.env["hr.expense"]
            .with_company(company)
            .create(
                {
                    "name": "Train Rennes-Paris",
                    "employee_id": employee.id,
                    "product_id": cls.expense_product.id,
                    "total_amount_currency": amount,
                    "tax_ids": [Command.clear()],
                    "date": day,
                    "payment_mode": mode,
                    "company_id": company.id,
                }
            )
        )
        sheet = (
            cls.env["hr.expense.sheet"]
            .with_company(company)
            .create(
                {
                    "name": "Report",
                    "employee_id": employee.id,
                    "company_id": company.id,
                    "expense_line_ids": [Command.set(expense.ids)],
                }
            )
        )
        sheet.action_submit_sheet()
        sheet.action_approve_expense_sheets()
        if state == "done":
            sheet.action_sheet_move_post()
            if mode == "own_account":
                cls.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=sheet.account_move_ids.ids
                ).create({"payment_date": day})._create_payments()
        return expense

    @classmethod
    def _pay_salary(cls, employee, amount, day):
        """The net pay paid to the entrepreneur: 421 debited, the bank credited, in the CAE's bank journal."""
        company = employee.company_id
        journal = cls.env["account.journal"].search([("company_id", "=", company.id), ("type", "=", "bank")], limit=1)
        Account = cls.env["account.account"].with_company(company)
        pay_account = Account.search([("code", "=", "421000"), ("company_ids", "in", company.id)], limit=1)
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "entry",
                    "journal_id": journal.id,
                    "date": day,
                    "line_ids": [
                        Command.create(
                            {
                                "account_id": pay_account.id,
                                "partner_id": employee.work_contact_id.id,
                                "debit": amount,
                                "name": "Net pay",
                            }
                        ),
                        Command.create(
                            {"account_id": journal.default_account_id.id, "credit": amount, "name": "Net pay"}
                        ),
                    ],
                }
            )
        )
        move.action_post()
        return move

    def _compute_contributions(self, date_from, date_to):
        return (
            self.env["oe.contribution.line"]
            .with_context(allowed_company_ids=(self.samad35 | self.msg35).ids)
            .compute_period(date_from, date_to, self.samad35 | self.msg35)
        )


@tagged("post_install", "-at_install")
class TestActivityFigures(OeActivityCommon):
    """The figures of Mon activité against a hand computation (docs/architecture.md, "Money rules")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # March 2026: invoice A 1000 excl. VAT, invoice B 500, a credit note of 200 on A.
        cls.inv_a = cls._invoice(cls.samad35, "2026-03-05", 1000.0, cls.es_lead)
        cls.inv_b = cls._invoice(cls.samad35, "2026-03-10", 500.0, cls.es_lead)
        cls.refund = cls._invoice(cls.samad35, "2026-03-20", 200.0, cls.es_lead, refund=True)
        cls._receivable(cls.inv_a | cls.refund).reconcile()
        cls.ratio_a = cls.inv_a.amount_total / 1000.0  # the tax rate of the CAE's service, whatever it is
        # B half paid on March 25; A paid 60 % (with the credit note's 20 %) on March 28
        cls._pay(cls.inv_b, cls.inv_b.amount_total / 2, "2026-03-25")
        cls._pay(cls.inv_a, cls.inv_a.amount_total * 0.4, "2026-03-28")
        # someone else's invoice, same client, same month
        cls._invoice(cls.samad35, "2026-03-06", 700.0, cls.es_c)

    def _figures(self, date_from, date_to, employee=None, user=None):
        employee = employee or self.es_lead
        Employee = self.Employee.with_user(user) if user else self.Employee
        return Employee.browse(employee.id)._oe_activity_figures(date_from, date_to)[employee.id]

    def test_available_equals_hand_computation(self):
        self._compute_contributions(date(2026, 3, 1), date(2026, 3, 31))
        self._expense(self.es_lead, 120.0, "2026-03-15", mode="company_account", state="done")
        self._expense(self.es_lead, 50.0, "2026-03-16")  # approved, not paid yet: to reimburse
        self._pay_salary(self.es_lead, 300.0, "2026-03-31")
        figures = self._figures("2026-03-01", "2026-03-31")
        # invoiced: 1000 + 500 - 200; cashed: A 1000 × 60 % - the credit note 200 × 100 % + B 500 × 50 %
        self.assertEqual(figures["invoiced"], 1300.0)
        self.assertEqual(figures["cashed"], 600.0 - 200.0 + 250.0)
        # outstanding: A 400 + B 250, nothing late at the month's end
        self.assertEqual(figures["outstanding"], 650.0)
        self.assertEqual(figures["late"], 0.0)
        self.assertEqual(figures["contribution"], 130.0, "10 % of 1300")
        self.assertEqual(figures["redevance"], 78.0, "6 % of 1300")
        self.assertEqual(figures["expenses_paid"], 120.0)
        self.assertEqual(figures["expenses"], 50.0)
        self.assertEqual(figures["pay"], 300.0)
        self.assertEqual(figures["quotes_to_invoice"], 0.0)
        self.assertEqual(figures["available"], 650.0 - 130.0 - 78.0 - 120.0 - 300.0)

    def test_invoiced_is_the_turnover_of_the_report(self):
        [[turnover]] = self.env["oe.entrepreneur.report"]._read_group(
            [("employee_id", "=", self.es_lead.id), ("date", "=", date(2026, 3, 1))], [], ["turnover:sum"]
        )
        self.assertEqual(self._figures("2026-03-01", "2026-03-31")["invoiced"], turnover)
        self.assertEqual(self._figures("2026-03-01", "2026-03-31", self.es_c)["invoiced"], 700.0)

    def test_cashed_by_payment_date_and_late_invoices(self):
        before = self._figures("2026-03-01", "2026-03-24")
        self.assertEqual(before["cashed"], 200.0 - 200.0, "only the credit note reconciled with A by then")
        self.assertEqual(before["outstanding"], 800.0 + 500.0)
        april = self._figures("2026-04-01", "2026-04-30")
        self.assertEqual((april["invoiced"], april["cashed"], april["redevance"]), (0.0, 0.0, 0.0))
        self._pay(self.inv_b, self.inv_b.amount_residual, "2026-04-10")
        self.assertEqual(self._figures("2026-04-01", "2026-04-30")["cashed"], 250.0)
        late = self._figures("2026-01-01", "2026-05-31")
        self.assertEqual((late["outstanding"], late["late"]), (400.0, 400.0), "A unpaid 45 days after its date")
        self.assertEqual(late["cashed"], 650.0 + 250.0)

    def test_payment_without_journal_entry_is_cashed(self):
        """A payment registered on a method without outstanding account (no journal entry, the invoice *in
        payment*) is cashed on its date; the statement line that later matches it adds nothing."""
        journal = self.env["account.journal"].search(
            [("company_id", "=", self.samad35.id), ("type", "=", "bank")], limit=1
        )
        (journal.inbound_payment_method_line_ids | journal.outbound_payment_method_line_ids).payment_account_id = False
        payment = self._pay(self.inv_b, self.inv_b.amount_residual, "2026-04-10")
        self.assertFalse(payment.move_id, "a payment without journal entry")
        april = self._figures("2026-04-01", "2026-04-30")
        self.assertEqual(april["cashed"], 250.0)
        self.assertEqual(self._figures("2026-01-01", "2026-04-30")["cashed"], 650.0 + 250.0)
        # The bank statement line of that payment, matched with the invoice in May: nothing more is cashed.
        st_line = self.env["account.bank.statement.line"].create(
            {
                "payment_ref": "Client B",
                "journal_id": journal.id,
                "partner_id": self.inv_b.partner_id.id,
                "amount": self.inv_b.amount_total,
                "date": "2026-05-05",
            }
        )
        _liquidity, suspense, _other = st_line.with_context(skip_account_move_synchronization=True)._seek_for_lines()
        receivable = self._receivable(self.inv_b)
        suspense.with_context(skip_account_move_synchronization=True).account_id = receivable.account_id
        (suspense + receivable).reconcile()
        self.assertEqual(self._figures("2026-05-01", "2026-05-31")["cashed"], 0.0)
        self.assertEqual(self._figures("2026-01-01", "2026-05-31")["cashed"], 650.0 + 250.0)

    def test_quotes_to_invoice(self):
        """A quote signed and not invoiced yet counts what is left to invoice on it."""
        self.assertEqual(self._figures("2026-03-01", "2026-03-31")["quotes_to_invoice"], 0.0)
        gerant = self._new_manager("oe_gerant_act_samad35", self.samad35)
        order = (
            self.env["sale.order"]
            .with_user(self.user_lead)
            .with_context(allowed_company_ids=self.user_lead.company_ids.ids)
            .create(
                {
                    "partner_id": self.client.id,
                    "oe_pole_id": self.pole_samad.id,
                    "oe_function_id": self.f_tutor.id,
                    "order_line": [
                        Command.create({"product_id": self.pole_samad.product_id.id, "product_uom_qty": 16})
                    ],
                }
            )
        )
        order.action_oe_submit()
        order.with_user(gerant).with_context(allowed_company_ids=self.samad35.ids).action_oe_validate()
        order.sudo().action_confirm()
        self.assertTrue(order.oe_mission_id)
        self.assertEqual(order.oe_amount_to_invoice, order.amount_untaxed)
        self.assertEqual(self._figures("2026-03-01", "2026-03-31")["quotes_to_invoice"], order.amount_untaxed)

    def test_a_record_reads_nothing_of_another_cae(self):
        """The person's record in another CAE: its Gérant sees neither the quotes nor the pay of her CAE."""
        gerant = self._new_manager("oe_gerant_act_quotes", self.samad35)
        order = (
            self.env["sale.order"]
            .with_user(self.user_lead)
            .with_context(allowed_company_ids=self.samad35.ids)
            .create(
                {
                    "partner_id": self.client.id,
                    "oe_pole_id": self.pole_samad.id,
                    "oe_function_id": self.f_tutor.id,
                    "order_line": [
                        Command.create({"product_id": self.pole_samad.product_id.id, "product_uom_qty": 10})
                    ],
                }
            )
        )
        order.action_oe_submit()
        order.with_user(gerant).with_context(allowed_company_ids=self.samad35.ids).action_oe_validate()
        order.sudo().action_confirm()
        self._pay_salary(self.es_lead, 300.0, date(2026, 3, 28))
        other = self.env["hr.employee"].create(
            {
                "name": self.es_lead.name,
                "user_id": self.user_lead.id,
                "company_id": self.msg35.id,
                "work_contact_id": self.es_lead.work_contact_id.id,
                "oe_is_entrepreneur": True,
                "oe_status": "operational",
            }
        )
        gerant_msg = self._new_manager("oe_gerant_act_msg_only", self.msg35)
        figures = self.Employee.with_user(gerant_msg).browse(other.id)._oe_activity_figures("2026-03-01", "2026-03-31")
        self.assertEqual((figures[other.id]["quotes_to_invoice"], figures[other.id]["pay"]), (0.0, 0.0))
        page = self.Employee.with_user(gerant_msg).browse(other.id)._oe_activity_page(today=date(2026, 3, 31))
        self.assertFalse(page["quotes"])
        mine = self._figures("2026-03-01", "2026-03-31")
        self.assertEqual((mine["quotes_to_invoice"], mine["pay"]), (order.amount_untaxed, 300.0))

    def test_statement_by_month(self):
        lines = self._compute_contributions(date(2026, 3, 1), date(2026, 3, 31))
        lines.with_user(self.manager35).with_context(allowed_company_ids=self.samad35.ids).action_post()
        statement = self.Employee.browse(self.es_lead.id)._oe_activity_statement("2026-02-01", "2026-03-31")
        self.assertEqual([row["month"] for row in statement], [date(2026, 2, 1), date(2026, 3, 1)])
        march = statement[1]
        self.assertEqual(march["revenue"], 1300.0)
        self.assertEqual(march["contribution"], -130.0)
        self.assertEqual(march["redevance"], -78.0)
        self.assertEqual(march["result"], 1300.0 - 130.0 - 78.0)
        self.assertEqual(statement[0]["result"], 0.0)

    def test_bad_period(self):
        with self.assertRaises(UserError):
            self.Employee.browse(self.es_lead.id)._oe_activity_figures("2026-04-01", "2026-03-01")

    def test_privacy_per_role(self):
        # the entrepreneur: their own figures only
        self.assertEqual(self._figures("2026-03-01", "2026-03-31", user=self.user_lead)["invoiced"], 1300.0)
        with self.assertRaises(AccessError):
            self._figures("2026-03-01", "2026-03-31", self.es_c, user=self.user_lead)
        self.assertEqual(self.Employee.with_user(self.user_lead)._oe_activity_employees(), self.es_lead)
        # the Gérant and the accountant of the CAE: every entrepreneur of their CAEs
        for user in (self.manager35, self.accountant35):
            self.assertEqual(self._figures("2026-03-01", "2026-03-31", self.es_c, user=user)["invoiced"], 700.0)
            self.assertEqual(
                self.Employee.with_user(user)._oe_activity_employees(), self.es_lead | self.es_b | self.es_c
            )
        # the staff of another CAE: none
        for user in (self.manager29, self.accountant29):
            with self.assertRaises(AccessError):
                self._figures("2026-03-01", "2026-03-31", user=user)
            self.assertFalse(self.Employee.with_user(user)._oe_activity_employees() & self.es_lead)
        # another entrepreneur of the same CAE
        with self.assertRaises(AccessError):
            self._figures("2026-03-01", "2026-03-31", user=self.user_c)


@tagged("post_install", "-at_install")
class TestActivityQueryBudget(OeActivityCommon):
    """The figures come from grouped reads: the same number of queries for 10 and 200 invoices."""

    def _queries(self, invoices, month, budget=FIGURES_BUDGET, page_budget=PAGE_BUDGET):
        moves = self._invoices(self.samad35, date(2026, month, 3), [100.0] * invoices, self.es_lead)
        self._pay(moves[: invoices // 2], sum(moves[: invoices // 2].mapped("amount_total")), date(2026, month, 20))
        date_from, date_to = date(2026, month, 1), date(2026, month, 28)
        employee = self.Employee.with_user(self.user_lead).browse(self.es_lead.id)
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with self.assertQueryCount(budget):
            figures = employee._oe_activity_figures(date_from, date_to)[self.es_lead.id]
        queries = self.cr.sql_log_count - before
        self.assertEqual(figures["invoiced"], 100.0 * invoices)
        self.assertEqual(figures["cashed"], 100.0 * (invoices // 2))
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        with self.assertQueryCount(page_budget):
            page = employee._oe_activity_page(today=date_to)
        page_queries = self.cr.sql_log_count - before
        self.assertEqual(page["month"]["invoiced"], 100.0 * invoices)
        listed = [document for document in page["documents"] if document["date"] >= date_from]
        self.assertEqual(len(listed), invoices - invoices // 2, "the unpaid invoices of the month are listed")
        return queries, page_queries

    def test_same_budget_for_10_and_200_invoices(self):
        self._queries(2, 4, budget=20, page_budget=60)  # warm the caches (rules, fields) that the first call fills
        small = self._queries(10, 5)
        large = self._queries(200, 6)
        self.assertEqual(small, large, "the number of queries does not depend on the number of invoices")


@tagged("post_install", "-at_install")
class TestActivityPage(HttpCase, OeActivityCommon):
    """The page through HTTP, per role (docs/architecture.md, "Privacy")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.inv_lead = cls._invoice(cls.samad35, "2026-03-05", 1234.0, cls.es_lead)
        cls.inv_c = cls._invoice(cls.samad35, "2026-03-06", 777.0, cls.es_c)

    def test_entrepreneur_sees_their_own_page(self):
        self.authenticate("oe_es_lead", "oe_es_lead")
        response = self.url_open("/oe/activity")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Lead Tutor", response.text)
        self.assertIn(self.inv_lead.name, response.text)
        self.assertNotIn("Unassigned C", response.text)
        self.assertNotIn("o_oe_activity_table", response.text, "no staff table for an entrepreneur")
        self.assertEqual(self.url_open(f"/oe/activity/{self.es_c.id}").status_code, 404)
        self.assertEqual(self.url_open(f"/oe/activity/{self.es_lead.id}").status_code, 200)
        invoice = self.url_open(f"/oe/activity/invoice/{self.inv_lead.id}")
        self.assertEqual(invoice.status_code, 200)
        self.assertIn(self.inv_lead.name, invoice.text)
        self.assertEqual(self.url_open(f"/oe/activity/invoice/{self.inv_c.id}").status_code, 404)

    def test_staff_of_the_cae_sees_the_table(self):
        for login in ("oe_manager_35", "oe_accountant_35"):
            self.authenticate(login, login)
            response = self.url_open("/oe/activity")
            self.assertEqual(response.status_code, 200)
            self.assertIn("o_oe_activity_table", response.text)
            for employee in (self.es_lead, self.es_b, self.es_c):
                self.assertIn(f'data-employee-id="{employee.id}"', response.text)
            page = self.url_open(f"/oe/activity/{self.es_c.id}")
            self.assertEqual(page.status_code, 200)
            self.assertIn(self.inv_c.name, page.text)
            # the staff opens documents in the back office, not through the entrepreneur's route
            self.assertEqual(self.url_open(f"/oe/activity/invoice/{self.inv_c.id}").status_code, 404)

    def test_staff_of_another_cae_sees_none(self):
        for login in ("oe_manager_29", "oe_accountant_29"):
            self.authenticate(login, login)
            response = self.url_open("/oe/activity")
            self.assertEqual(response.status_code, 200)
            self.assertNotIn("Lead Tutor", response.text)
            self.assertNotIn(f'data-employee-id="{self.es_lead.id}"', response.text)
            self.assertEqual(self.url_open(f"/oe/activity/{self.es_lead.id}").status_code, 404)

    def test_visitor_is_sent_to_login(self):
        self.authenticate(None, None)
        response = self.url_open("/oe/activity", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers["Location"])
