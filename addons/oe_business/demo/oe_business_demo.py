from datetime import timedelta

from odoo import Command, api, fields, models


class SaleOrder(models.Model):
    """The demo's story of the entrepreneurs' own business in ETD 44, called from demo/oe_business_demo.xml only
    (as oe_redevance/demo/oe_redevance_demo.py is)."""

    _inherit = "sale.order"

    @api.model
    def _create_demo_business(self):
        """Camille (CAE SAMAD 44), Maëlle and Yanis (CAE MSG 44) each quote a new client: the Gérant validates,
        the client signs, the mission is made. Each logs hours on it, part of them invoiced and paid; each records
        trips in km and a meal. Camille's and Yanis's reports are approved, Maëlle's waits for the Gérant; another
        quote of Camille waits for validation."""
        ref = self.env.ref
        today = fields.Date.context_today(self)
        gerant = ref("oe_entrepreneur.user_gerant_44")
        # The network administrator carries the last published barème over to the current year, as each year
        # until the new one is published.
        Scale = self.env["oe.mileage.scale"]
        last = max(Scale.search([]).mapped("year"))
        for year in range(last, today.year):
            Scale.copy_year(year, year + 1)
        stories = (
            (
                ref("oe_entrepreneur.employee_camille"),
                ref("oe_business.client_helene"),
                ref("oe_etd.pole_samad"),
                ref("oe_entrepreneur.function_tutor"),
                40.0,
                (5, "GH-512-KL"),
                (42.0, 36.0, 118.0),
                True,
            ),
            (
                ref("oe_entrepreneur.employee_maelle"),
                ref("oe_business.client_boulangerie"),
                ref("oe_etd.pole_bati"),
                ref("oe_entrepreneur.function_developer"),
                24.0,
                (4, "FT-208-AB"),
                (64.0, 64.0),
                False,
            ),
            (
                ref("oe_entrepreneur.employee_yanis"),
                ref("oe_business.client_regie"),
                ref("oe_etd.pole_dom"),
                ref("oe_entrepreneur.function_trainer"),
                14.0,
                (6, "EZ-731-QR"),
                (55.0, 55.0),
                True,
            ),
        )
        for employee, client, pole, function, hours, (horsepower, plate), trips, approve in stories:
            user = employee.user_id
            employee.sudo().write(
                {"oe_vehicle_type": "car", "oe_vehicle_horsepower": horsepower, "oe_vehicle_plate": plate}
            )
            order = self._demo_quote(user, client, pole, function, hours)
            order.with_user(user).action_oe_submit()
            order.with_user(gerant).with_context(allowed_company_ids=order.company_id.ids).action_oe_validate()
            order.sudo().write({"signed_by": client.name, "signed_on": fields.Datetime.now()})
            order.sudo().action_confirm()
            mission = order.sudo().oe_mission_id
            self._demo_hours(employee, mission, today)
            self._demo_expenses(employee, mission, today, trips, approve_by=gerant if approve else None)
        # A quote of Camille that waits for the Gérant.
        camille = ref("oe_entrepreneur.employee_camille")
        waiting = self._demo_quote(
            camille.user_id,
            ref("oe_mission.client_martine"),
            ref("oe_etd.pole_samad"),
            ref("oe_entrepreneur.function_tutor"),
            12.0,
        )
        waiting.with_user(camille.user_id).action_oe_submit()

    @api.model
    def _demo_quote(self, user, client, pole, function, hours):
        return (
            self.with_user(user)
            .with_context(allowed_company_ids=user.company_ids.ids)
            .create(
                {
                    "partner_id": client.id,
                    "oe_pole_id": pole.id,
                    "oe_function_id": function.id,
                    "order_line": [Command.create({"product_id": pole.product_id.id, "product_uom_qty": hours})],
                }
            )
        )

    @api.model
    def _demo_hours(self, employee, mission, today):
        """Hours of the last three weeks, validated by the Gérant; those of more than a week ago invoiced,
        the invoice half paid."""
        Line = self.env["account.analytic.line"].with_context(
            allowed_company_ids=(mission.company_id | employee.company_id).ids
        )
        days = (20, 17, 13, 9, 4)
        lines = Line.with_user(employee.user_id).create(
            [
                {
                    "name": "Intervention",
                    "project_id": mission.id,
                    "employee_id": employee.id,
                    "date": today - timedelta(days=days_ago),
                    "unit_amount": 3.0,
                }
                for days_ago in days
            ]
        )
        lines.with_user(self.env.ref("oe_entrepreneur.user_gerant_44")).with_context(
            allowed_company_ids=mission.company_id.ids
        ).action_oe_validate()
        invoice = mission.oe_invoice_timesheets(today - timedelta(days=21), today - timedelta(days=7))
        invoice.write({"invoice_date": today - timedelta(days=7)})
        invoice.action_post()
        self.env["account.payment.register"].with_company(invoice.company_id).with_context(
            active_model="account.move", active_ids=invoice.ids
        ).create(
            {"amount": round(invoice.amount_total / 2, 2), "payment_date": today - timedelta(days=2)}
        )._create_payments()

    @api.model
    def _demo_expenses(self, employee, mission, today, trips, approve_by=None):
        """Trips in km to the client (priced on the year's cumulated km) and a meal, in one report."""
        user = employee.user_id
        Expense = self.env["hr.expense"].with_user(user).with_context(allowed_company_ids=employee.company_id.ids)
        expenses = Expense.create(
            [
                {
                    "name": f"Trajet vers {mission.partner_id.name}",
                    "employee_id": employee.id,
                    "product_id": self.env.ref("oe_business.product_mileage").id,
                    "quantity": km,
                    "date": today - timedelta(days=18 - 4 * index),
                    "oe_mission_id": mission.id,
                }
                for index, km in enumerate(trips)
            ]
        )
        expenses |= Expense.create(
            {
                "name": "Repas sur le chantier",
                "employee_id": employee.id,
                "total_amount_currency": 16.5,
                "date": today - timedelta(days=9),
                "oe_mission_id": mission.id,
            }
        )
        sheet = (
            self.env["hr.expense.sheet"]
            .with_user(user)
            .create(
                {
                    "name": f"Frais — {mission.name}",
                    "employee_id": employee.id,
                    "expense_line_ids": [Command.set(expenses.ids)],
                }
            )
        )
        sheet.with_user(user).action_submit_sheet()
        if approve_by:
            sheet.with_user(approve_by).with_context(
                allowed_company_ids=employee.company_id.ids
            ).action_approve_expense_sheets()
