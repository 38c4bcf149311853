"""Who records, reads and approves an entrepreneur's expenses, and where they are booked
(docs/architecture.md, "Expenses and mileage"). Each refusal is played as the user who would try it, through the
ORM (``with_user``), and nothing changes."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .test_mileage import OeExpenseCommon


@tagged("post_install", "-at_install")
class TestExpenseAccess(OeExpenseCommon):
    def test_an_expense_is_booked_on_the_entrepreneur_and_the_mission(self):
        es_account = self.es_lead.oe_analytic_account_id
        mission_account = self.mission.account_id
        self.assertTrue(es_account and mission_account)
        trip = self._trip(100, "2024-02-01", oe_mission_id=self.mission.id)
        expected = {str(es_account.id): 100, str(mission_account.id): 100}
        self.assertEqual(trip.analytic_distribution, expected)
        alone = self._trip(10, "2024-02-02")
        self.assertEqual(alone.analytic_distribution, {str(es_account.id): 100})
        sheet = self._approve(trip)
        line = sheet.sudo().account_move_ids.line_ids.filtered(lambda line: line.expense_id == trip and line.debit)
        self.assertEqual(line.analytic_distribution, expected)
        self.assertAlmostEqual(line.debit, 63.60)  # 100 × 0.636

    def test_an_expense_on_a_mission_of_another_cae_is_booked_in_her_home_cae(self):
        self._assign(self.mission, self.es_b, self.env.ref("oe_entrepreneur.function_developer"), accept=True)
        self.es_b.work_email = "b@example.com"
        expense = (
            self.env["hr.expense"]
            .with_user(self.user_b)
            .with_company(self.msg35)
            .create(
                {
                    "name": "Train to the client",
                    "employee_id": self.es_b.id,
                    "product_id": self.env.ref("hr_expense.expense_product_travel_accommodation").id,
                    "total_amount_currency": 48.0,
                    "date": "2024-02-01",
                    "oe_mission_id": self.mission.id,
                }
            )
        )
        self.assertEqual((expense.company_id, expense.oe_mission_id), (self.msg35, self.mission))
        self.assertEqual(self.mission.account_id.company_id, self.samad35)
        # the mission's account is SAMAD 35's: MSG 35's books carry the entrepreneur's account only
        self.assertEqual(expense.analytic_distribution, {str(self.es_b.oe_analytic_account_id.id): 100})
        sheet = self._submit(expense)
        sheet.with_user(self.manager35).with_company(self.msg35).action_approve_expense_sheets()
        sheet.with_user(self.accountant35).with_company(self.msg35).action_sheet_move_post()
        move = sheet.sudo().account_move_ids
        self.assertEqual((move.state, move.company_id, move.amount_total), ("posted", self.msg35, 48.0))
        analytic = move.line_ids.analytic_line_ids
        self.assertEqual(
            (analytic.amount, analytic._get_analytic_accounts()),
            (-expense.untaxed_amount_currency, self.es_b.oe_analytic_account_id),
        )

    def test_an_expense_is_tied_only_to_a_mission_of_its_entrepreneur(self):
        with self.assertRaisesRegex(ValidationError, "does not work on the mission|ne travaille pas sur la mission"):
            self._trip(100, "2024-02-01", employee=self.es_c, oe_mission_id=self.mission.id)
        trip = self._trip(100, "2024-02-01", employee=self.es_c)
        with self.assertRaisesRegex(ValidationError, "does not work on the mission|ne travaille pas sur la mission"):
            trip.with_user(self.user_c).oe_mission_id = self.mission
        self.assertFalse(trip.oe_mission_id)
        self.assertEqual(self.env["hr.expense"].search_count([("employee_id", "=", self.es_c.id)]), 1)

    def test_the_gerant_of_the_cae_approves_at_the_bareme_amount(self):
        trips = self._trip(4800, "2024-03-01") | self._trip(400, "2024-03-10")
        sheet = self._approve(trips)
        self.assertEqual(sheet.state, "approve")
        self.assertEqual(trips.mapped("state"), ["approved", "approved"])
        self.assertAlmostEqual(sheet.total_amount, 3251.40)  # 5 200 × 0.357 + 1 395
        self.assertAlmostEqual(sum(sheet.sudo().account_move_ids.mapped("amount_total")), 3251.40)

    def test_an_entrepreneur_never_approves_her_own_expenses(self):
        trip = self._trip(100, "2024-02-01")
        sheet = self._submit(trip)
        with self.assertRaises(UserError):
            sheet.with_user(self.user_lead).action_approve_expense_sheets()
        with self.assertRaises(AccessError):
            sheet.with_user(self.user_lead).write({"approval_state": "approve"})
        self.assertEqual((sheet.state, trip.state, trip.total_amount), ("submit", "submitted", 63.60))
        draft = (
            self.env["hr.expense.sheet"]
            .with_user(self.user_lead)
            .create(
                {
                    "name": "Draft",
                    "employee_id": self.es_lead.id,
                    "expense_line_ids": [Command.set(self._trip(10, "2024-02-02").ids)],
                }
            )
        )
        with self.assertRaises(AccessError):
            draft.with_user(self.user_lead).write({"approval_state": "approve"})
        self.assertEqual(draft.state, "draft")

    def test_a_gerant_never_approves_his_own_expenses(self):
        own = self.env["hr.employee"].create(
            {
                "name": "Gérant 35",
                "company_id": self.samad35.id,
                "user_id": self.manager35.id,
                "work_email": "g@example.com",
            }
        )
        expense = (
            self.env["hr.expense"]
            .with_user(self.manager35)
            .with_company(self.samad35)
            .create(
                {
                    "name": "Lunch",
                    "employee_id": own.id,
                    "product_id": self.env.ref("hr_expense.expense_product_meal").id,
                    "total_amount_currency": 20.0,
                    "date": "2024-02-01",
                }
            )
        )
        sheet = (
            self.env["hr.expense.sheet"]
            .with_user(self.manager35)
            .with_company(self.samad35)
            .create({"name": "Mine", "employee_id": own.id, "expense_line_ids": [Command.set(expense.ids)]})
        )
        sheet.with_user(self.manager35).action_submit_sheet()
        for user in (self.manager35, self.network_admin):
            with self.subTest(user=user.login):
                own.user_id = user
                with self.assertRaisesRegex(UserError, "your own expenses|vos propres notes de frais"):
                    sheet.with_user(user).with_company(self.samad35).action_approve_expense_sheets()
        self.assertEqual(sheet.state, "submit")

    def test_staff_of_another_cae_and_accountants_do_not_approve(self):
        trip = self._trip(100, "2024-02-01")
        sheet = self._submit(trip)
        for user in (self.manager, self.accountant29):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                sheet.with_user(user).action_approve_expense_sheets()
        with self.assertRaises(UserError):
            sheet.with_user(self.accountant35).action_approve_expense_sheets()
        self.assertEqual((sheet.state, trip.state, trip.total_amount), ("submit", "submitted", 63.60))
        self.assertFalse(sheet.sudo().account_move_ids)

    def test_an_entrepreneur_reads_only_her_own_expenses(self):
        trip = self._trip(100, "2024-02-01")
        for user in (self.user_c, self.user_b, self.manager, self.accountant29):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    trip.with_user(user).read(["total_amount"])
                with self.assertRaises(AccessError):
                    trip.with_user(user).write({"quantity": 1000})
                self.assertFalse(self.env["hr.expense"].with_user(user).search([("id", "=", trip.id)]))
        with self.assertRaises(AccessError):
            self._trip(100, "2024-02-01", employee=self.es_c).with_user(self.user_c).write(
                {"employee_id": self.es_lead.id}
            )
        with self.assertRaises(AccessError):
            self.env["hr.expense"].with_user(self.user_c).create(
                {
                    "name": "Not mine",
                    "employee_id": self.es_lead.id,
                    "product_id": self.mileage.id,
                    "quantity": 10,
                    "date": "2024-02-01",
                }
            )
        self.assertEqual((trip.quantity, trip.total_amount), (100, 63.60))
        self.assertEqual(self.env["hr.expense"].search_count([("employee_id", "=", self.es_lead.id)]), 1)
        for user in (self.manager35, self.accountant35):
            self.assertEqual(trip.with_user(user).total_amount, 63.60, "staff of the CAE read it")

    def test_an_entrepreneur_enters_her_own_vehicle_only(self):
        self.user_c.with_user(self.user_c).write({"oe_vehicle_horsepower": 6, "oe_vehicle_plate": "IJ-789-KL"})
        self.assertEqual((self.es_c.oe_vehicle_horsepower, self.es_c.oe_vehicle_plate), (6, "IJ-789-KL"))
        self.assertEqual(self.user_c.with_user(self.user_c).oe_vehicle_horsepower, 6)
        with self.assertRaises(AccessError):
            self.user_lead.with_user(self.user_c).write({"oe_vehicle_horsepower": 3})
        with self.assertRaises(AccessError):
            self.es_lead.with_user(self.user_c).write({"oe_vehicle_horsepower": 3})
        self.assertEqual(self.es_lead.oe_vehicle_horsepower, 5)
        trip = self._trip(100, "2024-02-01", employee=self.es_c)
        self.assertEqual((trip.oe_vehicle_horsepower, trip.total_amount), (6, 66.50))  # 100 × 0.665


@tagged("post_install", "-at_install")
class TestExpenseIntegrity(OeExpenseCommon):
    """A report's decisions (status, approval, approver, journal entries) are written by its buttons only; an
    approved report and its expenses are in the books (docs/architecture.md, "Integrity")."""

    def _meal(self, amount, **vals):
        return (
            self.env["hr.expense"]
            .with_user(self.user_lead)
            .create(
                {
                    "name": f"Meal {amount}",
                    "employee_id": self.es_lead.id,
                    "product_id": self.env.ref("hr_expense.expense_product_meal").id,
                    "total_amount_currency": amount,
                    "date": "2024-02-01",
                    **vals,
                }
            )
        )

    def test_an_entrepreneur_does_not_approve_her_report_by_its_status(self):
        expense = self._meal(1500.0)
        trip = self._trip(100, "2024-02-01")
        sheet = self._submit(expense | trip)
        as_lead = sheet.with_user(self.user_lead)
        for vals in (
            {"state": "approve"},
            {"state": "post"},
            {"approval_date": "2024-02-02"},
            {"account_move_ids": [Command.set([])]},
            {"user_id": self.manager35.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_lead.write(vals)
        with self.assertRaises(AccessError):
            sheet.sudo().write({"state": "approve"})  # under sudo too: only the buttons
        for vals in ({"state": "approved"}, {"state": "done"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                trip.with_user(self.user_lead).write(vals)
        with self.assertRaises(AccessError):
            self._meal(10.0, state="approved")
        # an accountant does not book a report that no Gérant approved
        with self.assertRaisesRegex(UserError, "is not approved|n'est pas approuvé"):
            sheet.with_user(self.accountant35).action_sheet_move_post()
        self.assertEqual((sheet.state, sheet.approval_state, sheet.approval_date), ("submit", "submit", False))
        self.assertEqual((expense.state, trip.state, trip.total_amount), ("submitted", "submitted", 63.60))
        self.assertFalse(sheet.sudo().account_move_ids)
        self.assertEqual(self.env["hr.expense"].search_count([("employee_id", "=", self.es_lead.id)]), 2)
        # the buttons: the Gérant approves, the accountant books
        sheet.with_user(self.manager35).action_approve_expense_sheets()
        sheet.with_user(self.accountant35).action_sheet_move_post()
        self.assertEqual((sheet.state, sheet.user_id), ("post", self.manager35))
        self.assertAlmostEqual(sheet.sudo().account_move_ids.amount_total, 1563.60)

    def test_a_report_is_born_undecided(self):
        self.es_lead.expense_manager_id = self.manager35
        Sheet = self.env["hr.expense.sheet"].with_user(self.user_lead)
        count = Sheet.sudo().search_count([])
        for vals, context in (
            ({"state": "approve"}, {}),
            ({"approval_state": "approve"}, {}),
            ({}, {"default_state": "approve"}),
            ({"approval_date": "2024-02-02"}, {}),
            ({"user_id": self.network_admin.id}, {}),
        ):
            with self.subTest(vals=vals, context=context), self.assertRaises(AccessError):
                Sheet.with_context(**context).create({"name": "Mine", "employee_id": self.es_lead.id, **vals})
        self.assertEqual(Sheet.sudo().search_count([]), count)
        # the form sends the approver that hr_expense computed; *Create Report* sends the status draft
        form = Form(Sheet)
        form.name = "From the form"
        sheet = form.save()
        self.assertEqual((sheet.state, sheet.user_id), ("draft", self.manager35))
        sheet.write({"user_id": self.manager35.id})
        with self.assertRaises(AccessError):
            sheet.write({"user_id": self.network_admin.id})
        self.assertEqual(sheet.user_id, self.manager35)
        expense = self._meal(12.0)
        expense.with_user(self.user_lead).action_submit_expenses()
        self.assertEqual(expense.sheet_id.state, "draft")

    def test_an_approved_report_and_its_expenses_are_not_changed(self):
        meal = self._meal(30.0)
        sheet = self._approve(meal)
        other = self._meal(40.0)
        for user in (self.user_lead, self.manager35, self.accountant35):
            for vals in ({"total_amount_currency": 999.0}, {"name": "Dinner"}, {"sheet_id": False}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    meal.with_user(user).write(vals)
        with self.assertRaisesRegex(UserError, "is approved|est approuvée?"):
            other.with_user(self.user_lead).write({"sheet_id": sheet.id})
        with self.assertRaisesRegex(UserError, "is approved|est approuvée?"):
            self._meal(50.0, sheet_id=sheet.id)
        with self.assertRaisesRegex(UserError, "is approved|est approuvée?"):
            self.env["hr.expense"].with_user(self.user_lead).with_context(default_sheet_id=sheet.id).create(
                {
                    "name": "Taxi",
                    "employee_id": self.es_lead.id,
                    "product_id": self.env.ref("hr_expense.expense_product_meal").id,
                    "total_amount_currency": 60.0,
                    "date": "2024-02-01",
                }
            )
        with self.assertRaises(UserError):
            sheet.with_user(self.accountant35).write(
                {"expense_line_ids": [Command.link(other.id), Command.unlink(meal.id)]}
            )
        for user in (self.user_lead, self.manager35, self.network_admin):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                sheet.with_user(user).unlink()
        self.assertEqual((meal.total_amount, meal.name, meal.sheet_id), (30.0, "Meal 30.0", sheet))
        self.assertEqual((sheet.expense_line_ids, sheet.total_amount, other.sheet_id.id), (meal, 30.0, False))
        self.assertEqual(self.env["hr.expense"].search_count([("employee_id", "=", self.es_lead.id)]), 2)
        self.assertAlmostEqual(sheet.sudo().account_move_ids.amount_total, 30.0)
        # reset to draft, the expenses are hers again
        sheet.with_user(self.network_admin).action_reset_expense_sheets()
        meal.with_user(self.user_lead).write({"total_amount_currency": 35.0})
        self.assertEqual((sheet.state, meal.total_amount), ("draft", 35.0))
