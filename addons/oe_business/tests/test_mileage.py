"""Mileage expenses priced by the barème kilométrique (docs/architecture.md, "Expenses and mileage").

Every amount below is computed by hand from the 2024 barème (5 CV car: d × 0.636 up to 5 000 km,
d × 0.357 + 1 395 up to 20 000 km; 3-5 CV motorbike: d × 0.468 up to 3 000 km, d × 0.082 + 1 158 up to 6 000 km).
"""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.oe_mission.tests.common import OeMissionCommon

OTHER_CURRENCY = "cannot be entered in another currency|ne peut pas être saisie dans une autre devise"


class OeExpenseCommon(OeMissionCommon):
    """ETD 35 (charts, journals): ``es_lead`` and ``es_c`` of SAMAD 35 with a 5 CV car, ``manager35`` Gérant of
    both CAEs of ETD 35, ``manager`` Gérant of ETD 29's CAEs, accountants of both ETDs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.mileage = cls.env.ref("oe_business.product_mileage")
        cls.accountant29 = cls._new_manager(
            "oe_accountant_29", cls.samad | cls.msg, groups="oe_etd.group_cae_accountant"
        )
        for employee, plate in ((cls.es_lead, "AB-123-CD"), (cls.es_c, "EF-456-GH")):
            employee.write(
                {
                    "work_email": f"{plate.lower()}@example.com",
                    "oe_vehicle_type": "car",
                    "oe_vehicle_horsepower": 5,
                    "oe_vehicle_plate": plate,
                }
            )

    def _trip(self, km, day, employee=None, **vals):
        employee = employee or self.es_lead
        return (
            self.env["hr.expense"]
            .with_user(employee.user_id)
            .create(
                {
                    "name": f"Trip of {day}",
                    "employee_id": employee.id,
                    "product_id": self.mileage.id,
                    "quantity": km,
                    "date": day,
                    **vals,
                }
            )
        )

    def _submit(self, expenses):
        user = expenses.employee_id.user_id
        sheet = (
            self.env["hr.expense.sheet"]
            .with_user(user)
            .create(
                {
                    "name": "Report",
                    "employee_id": expenses.employee_id.id,
                    "expense_line_ids": [Command.set(expenses.ids)],
                }
            )
        )
        sheet.with_user(user).action_submit_sheet()
        return sheet

    def _approve(self, expenses, user=None):
        sheet = self._submit(expenses)
        sheet.with_user(user or self.manager35).action_approve_expense_sheets()
        return sheet

    def assertAmounts(self, expenses, amounts):
        self.assertEqual([round(e.total_amount, 2) for e in expenses], amounts)


@tagged("post_install", "-at_install")
class TestMileage(OeExpenseCommon):
    def test_a_trip_across_a_bracket_is_priced_on_the_year(self):
        first = self._trip(4800, "2024-03-01")
        second = self._trip(400, "2024-03-10")
        # 4 800 × 0.636; then 5 200 × 0.357 + 1 395 = 3 251.40 minus 3 052.80
        self.assertAmounts(first | second, [3052.80, 198.60])
        self.assertEqual(second.oe_mileage_km_before, 4800)
        self.assertEqual(second.oe_vehicle_plate, "AB-123-CD")
        self.assertAlmostEqual(first.total_amount + second.total_amount, 3251.40)

    def test_the_form_shows_the_priced_amount_before_saving(self):
        self._trip(4800, "2024-03-01")
        form = Form(self.env["hr.expense"].with_user(self.user_lead))
        form.name = "Client visit"
        form.product_id = self.mileage
        form.date = "2024-03-10"
        form.quantity = 400
        self.assertEqual((form.oe_vehicle_plate, form.oe_mileage_km_before), ("AB-123-CD", 4800))
        self.assertAlmostEqual(form.total_amount, 198.60)
        trip = form.save()
        self.assertAmounts(trip, [198.60])
        self.assertEqual(trip.analytic_distribution, {str(self.es_lead.oe_analytic_account_id.id): 100})

    def test_the_km_start_again_each_civil_year(self):
        december = self._trip(4800, "2024-12-30")
        january = self._trip(400, "2025-01-02")
        self.assertEqual(january.oe_mileage_km_before, 0)
        self.assertAmounts(december | january, [3052.80, 254.40])  # 400 × 0.636 (2025 = the 2024 figures)

    def test_a_trip_dated_earlier_prices_the_later_drafts_again(self):
        may = self._trip(400, "2024-05-01")
        self.assertAmounts(may, [254.40])
        april = self._trip(4800, "2024-04-01")
        self.assertAmounts(april | may, [3052.80, 198.60])
        april.with_user(self.user_lead).date = "2024-06-01"
        self.assertAmounts(may | april, [254.40, 2997.00])  # 3 251.40 − 254.40

    def test_a_deleted_or_refused_trip_counts_for_nothing(self):
        first = self._trip(4800, "2024-03-01")
        second = self._trip(400, "2024-03-10")
        first.with_user(self.user_lead).unlink()
        self.assertAmounts(second, [254.40])
        third = self._trip(4800, "2024-03-01")
        self.assertAmounts(second, [198.60])
        sheet = self._submit(third)
        sheet.with_user(self.manager35)._do_refuse("Not a business trip")
        self.assertEqual(third.state, "refused")
        self.assertAmounts(second, [254.40])

    def test_an_approved_trip_comes_first_and_keeps_its_amount(self):
        early = self._trip(4800, "2024-03-01")
        late = self._trip(400, "2024-03-10")
        sheet = self._approve(late)
        self.assertEqual(late.state, "approved")
        # approved first: 400 × 0.636; the draft is priced after it: 3 251.40 − 254.40
        self.assertAmounts(late | early, [254.40, 2997.00])
        self.assertAlmostEqual(sum(sheet.sudo().account_move_ids.line_ids.mapped("debit")), 254.40)
        more = self._trip(100, "2024-01-15")
        self.assertAmounts(late | more | early, [254.40, 63.60, 2969.10])

    def test_an_approved_trip_leaves_the_books_only_last(self):
        first_sheet = self._approve(self._trip(4800, "2024-03-01"))
        second = self._trip(400, "2024-03-10")
        second_sheet = self._approve(second)
        self.assertAmounts(second, [198.60])
        # a Gérant who is also an accountant (here a network administrator) reverses the journal entries
        with self.assertRaisesRegex(UserError, "cannot leave the books|ne peut pas sortir de la comptabilité"):
            first_sheet.with_user(self.network_admin).action_reset_expense_sheets()
        with self.assertRaisesRegex(UserError, "cannot leave the books|ne peut pas sortir de la comptabilité"):
            first_sheet.with_user(self.manager35)._do_refuse("Too late")
        self.assertEqual(first_sheet.state, "approve")
        second_sheet.with_user(self.network_admin).action_reset_expense_sheets()
        first_sheet.with_user(self.network_admin).action_reset_expense_sheets()
        self.assertEqual(second.state, "reported")
        self.assertAmounts(first_sheet.expense_line_ids | second, [3052.80, 198.60])

    def test_an_approved_trip_is_not_rewritten(self):
        trip = self._trip(400, "2024-03-10")
        self._approve(trip)
        for user in (self.user_lead, self.manager35, self.accountant35):
            for vals in ({"quantity": 10}, {"total_amount_currency": 1.0}, {"date": "2024-01-01"}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(UserError):
                    trip.with_user(user).write(vals)
        self.assertEqual((trip.quantity, trip.total_amount, str(trip.date)), (400, 254.40, "2024-03-10"))

    def test_a_typed_amount_is_replaced_by_the_bareme(self):
        trip = self._trip(400, "2024-03-10", total_amount_currency=999.0)
        self.assertAmounts(trip, [254.40])
        trip.with_user(self.user_lead).write({"total_amount_currency": 1.0})
        self.assertAmounts(trip, [254.40])
        with self.assertRaises(AccessError):
            trip.with_user(self.user_lead).write({"oe_mileage_km_before": 5000})
        with self.assertRaises(AccessError):
            trip.with_user(self.user_lead).write({"oe_vehicle_horsepower": 3})
        self.assertEqual((trip.oe_mileage_km_before, trip.oe_vehicle_horsepower), (0, 5))

    def test_a_motorbike_has_its_own_scale(self):
        self.es_c.write({"oe_vehicle_type": "motorbike", "oe_vehicle_horsepower": 4})
        trips = self._trip(2500, "2024-02-01", employee=self.es_c) | self._trip(1500, "2024-02-02", employee=self.es_c)
        # 2 500 × 0.468 = 1 170; 4 000 × 0.082 + 1 158 = 1 486, minus 1 170
        self.assertAmounts(trips, [1170.00, 316.00])
        self.assertEqual(trips.mapped("oe_vehicle_type"), ["motorbike", "motorbike"])

    def test_bad_input_is_refused_clearly(self):
        with self.assertRaisesRegex(UserError, "no mileage scale for 2031|pas de barème kilométrique pour 2031"):
            self._trip(10, "2031-01-01")
        with self.assertRaisesRegex(ValidationError, "greater than 0|supérieure à 0"):
            self._trip(-10, "2024-01-01")
        self.es_c.write({"oe_vehicle_horsepower": 0})
        with self.assertRaisesRegex(UserError, "has no vehicle|n'a pas de véhicule"):
            self._trip(10, "2024-01-01", employee=self.es_c)
        with self.assertRaisesRegex(ValidationError, "needs its plate|doit avoir son immatriculation"):
            self.es_c.write({"oe_vehicle_horsepower": 4, "oe_vehicle_plate": " "})
        self.assertFalse(self.env["hr.expense"].search([("employee_id", "=", self.es_c.id)]))


@tagged("post_install", "-at_install")
class TestMileageScale(OeExpenseCommon):
    def test_the_bareme_is_loaded_for_2024_and_2025(self):
        Scale = self.env["oe.mileage.scale"]
        for year in (2024, 2025):
            self.assertEqual(Scale.search_count([("year", "=", year), ("vehicle_type", "=", "car")]), 15)
            self.assertEqual(Scale.search_count([("year", "=", year), ("vehicle_type", "=", "motorbike")]), 9)
        row = Scale.search([("year", "=", 2025), ("horsepower", "=", 7), ("km_from", "=", 5000)])
        self.assertEqual((row.km_to, row.rate, row.fixed), (20000, 0.394, 1515.0))

    def test_only_a_network_admin_writes_the_scale(self):
        row = self.env["oe.mileage.scale"].search(
            [("year", "=", 2024), ("vehicle_type", "=", "car"), ("horsepower", "=", 5), ("km_from", "=", 0)]
        )
        last = max(self.env["oe.mileage.scale"].search([]).mapped("year"))  # 2025, or later with the demo data
        for user in (self.user_lead, self.manager35, self.accountant35, self.manager):
            with self.subTest(user=user.login):
                self.assertEqual(row.with_user(user).rate, 0.636, "everybody reads the scale")
                with self.assertRaises(AccessError):
                    row.with_user(user).write({"rate": 1.0})
                with self.assertRaises(AccessError):
                    row.with_user(user).copy_year(last, last + 1)
                with self.assertRaises(AccessError):
                    row.with_user(user).unlink()
        self.assertEqual(row.rate, 0.636)
        self.assertFalse(self.env["oe.mileage.scale"].search([("year", "=", last + 1)]))

    def test_copy_to_a_new_year_in_one_action(self):
        Scale = self.env["oe.mileage.scale"].with_user(self.network_admin)
        last = max(Scale.search([]).mapped("year"))  # 2025, or later with the demo data
        rows_last = Scale.search([("year", "=", last)])
        action = rows_last[:1].action_oe_copy_to_next_year()
        rows_next = Scale.search([("year", "=", last + 1)])
        self.assertEqual(sorted(action["domain"][0][2]), sorted(rows_next.ids))
        self.assertEqual(
            sorted(rows_next.mapped(lambda r: (r.vehicle_type, r.horsepower, r.km_from, r.km_to, r.rate, r.fixed))),
            sorted(rows_last.mapped(lambda r: (r.vehicle_type, r.horsepower, r.km_from, r.km_to, r.rate, r.fixed))),
        )
        with self.assertRaisesRegex(UserError, "already exists|existe déjà"):
            rows_last[:1].action_oe_copy_to_next_year()
        self.assertEqual(Scale.search_count([("year", "=", last + 1)]), 24)

    def test_a_changed_rate_prices_the_open_trips_again(self):
        approved = self._trip(100, "2024-02-01")
        self._approve(approved)
        draft = self._trip(100, "2024-03-01")
        row = self.env["oe.mileage.scale"].search(
            [("year", "=", 2024), ("vehicle_type", "=", "car"), ("horsepower", "=", 5), ("km_from", "=", 0)]
        )
        row.with_user(self.network_admin).rate = 0.7
        self.assertAmounts(approved | draft, [63.60, 70.00])  # 200 × 0.7 − 100 × 0.7; the approved one is kept

    def test_inconsistent_brackets_are_refused(self):
        Scale = self.env["oe.mileage.scale"].with_user(self.network_admin)
        row = Scale.search([("year", "=", 2024), ("horsepower", "=", 5), ("km_from", "=", 5000)])
        with self.assertRaisesRegex(ValidationError, "not consistent|incohérent"):
            row.km_from = 4000
        with self.assertRaisesRegex(ValidationError, "between 2000 and 2100|entre 2000 et 2100"):
            Scale.create({"year": 1990, "vehicle_type": "car", "horsepower": 5, "rate": 0.5})
        self.assertEqual(row.km_from, 5000)


@tagged("post_install", "-at_install")
class TestMileagePriced(OeExpenseCommon):
    """A trip is never booked at 0 because the barème lost the bracket that prices it."""

    def _row(self, year, km_from, horsepower=5):
        return self.env["oe.mileage.scale"].search(
            [
                ("year", "=", year),
                ("vehicle_type", "=", "car"),
                ("horsepower", "=", horsepower),
                ("km_from", "=", km_from),
            ]
        )

    def test_a_bracket_that_prices_a_trip_stays(self):
        draft = self._trip(6000, "2024-03-01")
        self.assertAmounts(draft, [3537.00])  # 6 000 × 0.357 + 1 395
        approved = self._trip(6000, "2025-03-01")
        self._approve(approved)
        row_2024, row_2025 = self._row(2024, 5000), self._row(2025, 5000)
        for row in (row_2024, row_2025):
            with self.subTest(year=row.year):
                with self.assertRaisesRegex(UserError, "cannot be priced|ne peut pas être calculée"):
                    row.with_user(self.network_admin).unlink()
                with self.assertRaisesRegex(UserError, "cannot be priced|ne peut pas être calculée"):
                    row.with_user(self.network_admin).write({"km_to": 5500})
                self.assertTrue(row.exists())
                self.assertEqual(row.km_to, 20000)
        self.assertAmounts(draft | approved, [3537.00, 3537.00])
        self.assertEqual(approved.state, "approved")
        # a bracket that prices no trip goes
        self._row(2024, 20000, horsepower=7).with_user(self.network_admin).unlink()
        self.assertFalse(self._row(2024, 20000, horsepower=7))

    def test_a_trip_the_bareme_cannot_price_is_not_submitted_nor_approved(self):
        trip = self._trip(6000, "2024-03-01")
        sheet = self._submit(trip)
        draft = self._trip(6000, "2024-04-01")
        # the bracket goes behind the ORM's back: the trips are priced again at approval, and refused
        self.env.cr.execute("DELETE FROM oe_mileage_scale WHERE id = %s", [self._row(2024, 5000).id])
        self.env["oe.mileage.scale"].invalidate_model()
        with self.assertRaisesRegex(UserError, "cannot be priced|ne peut pas être calculée"):
            sheet.with_user(self.manager35).action_approve_expense_sheets()
        self.assertEqual((sheet.state, trip.state), ("submit", "submitted"))
        self.assertFalse(sheet.sudo().account_move_ids)
        with self.assertRaisesRegex(UserError, "cannot be priced|ne peut pas être calculée"):
            self._submit(draft.with_env(self.env))
        self.assertEqual(draft.state, "draft")


@tagged("post_install", "-at_install")
class TestMileageCurrency(OeExpenseCommon):
    def test_a_trip_is_in_the_company_currency(self):
        usd = self.env.ref("base.USD")
        self.assertEqual(self.samad35.currency_id, self.env.ref("base.EUR"))
        with self.assertRaisesRegex(ValidationError, OTHER_CURRENCY):
            self._trip(100, "2024-02-01", currency_id=usd.id)
        trip = self._trip(100, "2024-02-01")
        with self.assertRaisesRegex(ValidationError, OTHER_CURRENCY):
            trip.with_user(self.user_lead).write({"currency_id": usd.id})
        self.assertEqual((trip.currency_id, trip.total_amount), (self.env.ref("base.EUR"), 63.60))
        self.assertEqual(self.env["hr.expense"].search_count([("employee_id", "=", self.es_lead.id)]), 1)
