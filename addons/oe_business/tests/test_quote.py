import base64
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import file_open

from odoo.addons.oe_redevance.tests.common import OeRedevanceCommon


class OeQuoteCommon(OeRedevanceCommon):
    """An entrepreneur of CAE SAMAD 35 with her economics, a client of her CAE, staff of the same CAE and of
    another one, and a helper that drafts a quote as the entrepreneur."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # 20 h a week (90 h a month), 12 net per hour, 300 of running costs: break-even above 25 an hour.
        cls.es_lead.write({"oe_hours_per_week": 20.0, "oe_net_hourly_pay": 12.0, "oe_running_costs": 300.0})
        cls.quote_client = cls.env["res.partner"].create(
            {
                "name": "Client Quote Rennes",
                "oe_client_type": "individual",
                "company_id": cls.samad35.id,
                "zip": "35000",
                "city": "Rennes",
                "country_id": cls.env.ref("base.fr").id,
                "email": "client.quote@example.com",
            }
        )
        cls.product = cls.pole_samad.product_id
        cls.gerant_other = cls.manager  # Gérant of the CAEs of ETD 29 only
        cls.accountant_other = cls._user("oe_compta_q_msg35", cls.msg35, "oe_etd.group_cae_accountant")
        cls.gerant_samad = cls._user("oe_gerant_q_samad35", cls.samad35, "oe_etd.group_cae_manager")
        cls.accountant_samad = cls.cae_accountant

    @classmethod
    def _as(cls, user, records):
        return records.with_user(user).with_context(allowed_company_ids=user.company_ids.ids, lang="en_US")

    @classmethod
    def _quote(cls, user=None, hours=10.0, price=None):
        user = user or cls.user_lead
        line = {"product_id": cls.product.id, "product_uom_qty": hours}
        if price is not None:
            line["price_unit"] = price
        return cls._as(user, cls.env["sale.order"]).create(
            {
                "partner_id": cls.quote_client.id,
                "oe_pole_id": cls.pole_samad.id,
                "oe_function_id": cls.f_tutor.id,
                "order_line": [Command.create(line)],
            }
        )

    def _validated(self, price=None):
        order = self._quote(price=price)
        self._as(self.user_lead, order).action_oe_submit()
        self._as(self.gerant_samad, order).action_oe_validate()
        return order.sudo(False)

    def _snapshot(self, order):
        order.invalidate_recordset()
        return (order.state, order.oe_validation_state, order.oe_validated_by_id, order.amount_untaxed)


@tagged("post_install", "-at_install")
class TestQuote(OeQuoteCommon):
    def test_entrepreneur_quotes_hours_at_her_rate(self):
        order = self._quote()
        self.assertEqual(order.user_id, self.user_lead)
        self.assertEqual(order.company_id, self.samad35)
        self.assertEqual(order.oe_employee_id, self.es_lead)
        self.assertEqual(order.order_line.price_unit, 25.0, "hours x her hourly rate")
        self.assertEqual(order.amount_untaxed, 250.0)
        self.assertEqual(order.oe_validation_state, "draft")
        self.assertFalse(self.user_lead.has_group("sales_team.group_sale_salesman"))

    def test_entrepreneur_drafts_in_the_form(self):
        with Form(self._as(self.user_lead, self.env["sale.order"])) as form:
            form.partner_id = self.quote_client
            form.oe_pole_id = self.pole_samad
            form.oe_function_id = self.f_tutor
            with form.order_line.new() as line:
                line.product_id = self.product
                line.product_uom_qty = 8
        order = form.record
        self.assertEqual(order.user_id, self.user_lead)
        self.assertEqual(order.order_line.price_unit, 25.0)
        self.assertEqual(order.amount_untaxed, 200.0)
        self.assertTrue(order.oe_below_break_even)
        self._as(self.user_lead, order).action_oe_submit()
        self.assertEqual(order.oe_validation_state, "to_validate")

    def test_menus(self):
        Menu = self.env["ir.ui.menu"]
        mine = self.env.ref("oe_business.sale_order_menu_mine")
        to_validate = self.env.ref("oe_business.sale_order_menu_to_validate")
        self.assertIn(mine.id, Menu.with_user(self.user_lead)._visible_menu_ids())
        self.assertNotIn(to_validate.id, Menu.with_user(self.user_lead)._visible_menu_ids())
        for user in (self.gerant_samad, self.accountant_samad):
            self.assertIn(to_validate.id, Menu.with_user(user)._visible_menu_ids())
            self._as(user, self.env["sale.order"]).search([], limit=1)
        order = self._quote()
        self._as(self.user_lead, order).action_oe_submit()
        found = self._as(self.gerant_samad, self.env["sale.order"]).search(
            [("oe_validation_state", "=", "to_validate")]
        )
        self.assertIn(order, found)
        self.assertFalse(
            self._as(self.gerant_other, self.env["sale.order"]).search([("id", "=", order.id)]),
            "a Gérant of another CAE does not see the quote",
        )

    def test_entrepreneur_opens_her_quote_without_odoo_quote_builder(self):
        """Her quote opens in the form (what the browser reads, as her): Odoo's PDF quote builder, which lists
        product documents that only Odoo salespeople may read, is not offered on a CAE quote."""
        with file_open("sale_pdf_quote_builder/static/quote_builder_pdf/quote_header.pdf", "rb") as pdf:
            datas = base64.b64encode(pdf.read())
        advice = self.env["product.product"].create({"name": "Conseil", "type": "service", "list_price": 80.0})
        for product in (self.product, advice):
            self.env["product.document"].create(
                {
                    "name": f"Fiche {product.name}",
                    "res_model": "product.product",
                    "res_id": product.id,
                    "datas": datas,
                    "attached_on_sale": "inside",
                }
            )
        order = self._quote()
        with Form(self._as(self.user_lead, order)) as form:
            self.assertFalse(form.is_pdf_quote_builder_available)
            with form.order_line.edit(0) as line:
                line.product_uom_qty = 12
        self.assertEqual(order.amount_untaxed, 300.0)
        order.order_line.invalidate_recordset()
        self.assertFalse(order.order_line.available_product_document_ids)
        other = self.env["sale.order"].create(
            {
                "partner_id": self.env["res.partner"].create({"name": "Client de la SAS"}).id,
                "company_id": self.sas.id,
                "order_line": [Command.create({"product_id": advice.id})],
            }
        )
        self.assertFalse(other.oe_is_cae_quote)
        other.order_line.invalidate_recordset()  # computed (without the document) while the line was created
        self.assertTrue(other.order_line.available_product_document_ids, "other companies keep the quote builder")

    def test_entrepreneur_sees_her_own_quotes_only(self):
        order = self._quote()
        unassigned = self.env["sale.order"].create(
            {"partner_id": self.quote_client.id, "company_id": self.samad35.id, "user_id": False}
        )
        other = self._as(self.user_c, self.env["sale.order"])
        with self.assertRaises(AccessError):
            other.browse(order.id).check_access("read")
        with self.assertRaises(AccessError):
            other.browse(order.id).read(["amount_untaxed"])
        with self.assertRaises(AccessError):
            self._as(self.user_c, order.order_line).read(["price_unit"])
        self.assertFalse(other.search([("id", "in", (order | unassigned).ids)]))
        mine = self._as(self.user_lead, self.env["sale.order"]).search([("id", "in", (order | unassigned).ids)])
        self.assertEqual(mine, order, "the unassigned order is not shown to entrepreneurs")
        with self.assertRaises(AccessError):
            other.browse(order.id).write({"note": "mine now"})
        # An entrepreneur cannot make a quote in another salesperson's name.
        with self.assertRaises(AccessError):
            other.create({"partner_id": self.quote_client.id, "user_id": self.user_lead.id})

    def test_submit_and_validate_by_the_cae(self):
        order = self._quote()
        self._as(self.user_lead, order).action_oe_submit()
        self.assertEqual(order.oe_validation_state, "to_validate")
        before = self._snapshot(order)
        for user in (self.user_lead, self.user_c, self.gerant_other, self.accountant_other):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._as(user, order).action_oe_validate()
            self.assertEqual(self._snapshot(order), before)
        self._as(self.accountant_samad, order).action_oe_validate()
        self.assertEqual(order.oe_validation_state, "validated")
        self.assertEqual(order.oe_validated_by_id, self.accountant_samad)
        bodies = " ".join(order.message_ids.mapped("body"))
        self.assertIn("submitted to the CAE", bodies)
        self.assertIn("validated by", bodies)

    def test_gerant_cannot_validate_his_own_quote(self):
        order = self._quote().sudo()
        order.user_id = self.gerant_samad
        order.oe_validation_state = "to_validate"
        with self.assertRaisesRegex(AccessError, "never by its own salesperson"):
            self._as(self.gerant_samad, order).action_oe_validate()
        self.assertEqual(order.oe_validation_state, "to_validate")

    def test_send_and_confirm_refused_before_validation(self):
        order = self._quote()
        users = (self.user_lead, self.gerant_samad, self.accountant_samad, self.network_admin)
        for validation in ("draft", "to_validate"):
            if validation == "to_validate":
                self._as(self.user_lead, order).action_oe_submit()
            before = self._snapshot(order)
            for user in users:
                as_user = self._as(user, order)
                if user == self.network_admin:
                    as_user = as_user.with_context(allowed_company_ids=self.samad35.ids)
                for name, call in (
                    ("confirm", as_user.action_confirm),
                    ("mark as sent", as_user.action_quotation_sent),
                    ("send by email", as_user.action_quotation_send),
                    ("preview", as_user.action_preview_sale_order),
                    ("share link", lambda o=as_user: o._get_share_url(redirect=True)),
                    ("portal url", as_user.get_portal_url),
                    ("portal token", as_user._portal_ensure_token),
                    ("write state", lambda o=as_user: o.write({"state": "sale"})),
                    ("mark by email", lambda o=as_user: o.with_context(mark_so_as_sent=True).message_post(body="x")),
                ):
                    with self.subTest(validation=validation, user=user.login, action=name):
                        with self.assertRaisesRegex(UserError, "must be validated by its CAE"):
                            call()
                        self.assertEqual(self._snapshot(order), before)
        self.assertFalse(order._has_to_be_signed(), "not offered to the client's signature")
        Share = (
            self.env["portal.share"]
            .with_user(self.network_admin)
            .with_context(allowed_company_ids=self.samad35.ids, lang="en_US")
        )
        with self.assertRaisesRegex(UserError, "must be validated by its CAE"):
            Share.create({"res_model": "sale.order", "res_id": order.id}).share_link  # noqa: B018
        self.assertEqual(self._snapshot(order), before)

    def test_decisions_are_not_typed(self):
        order = self._quote()
        before = self._snapshot(order)
        for user in (self.user_lead, self.gerant_samad, self.accountant_samad):
            for vals in ({"oe_validation_state": "validated"}, {"oe_validated_by_id": user.id}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    self._as(user, order).write(vals)
        with self.assertRaises(AccessError):
            self._as(self.user_lead, self.env["sale.order"]).create(
                {"partner_id": self.quote_client.id, "oe_validation_state": "validated"}
            )
        with self.assertRaises(AccessError):
            self._as(self.user_lead, self.env["sale.order"]).with_context(
                default_oe_validation_state="validated"
            ).create({"partner_id": self.quote_client.id})
        self.assertEqual(self._snapshot(order), before)

    def test_change_after_validation_needs_a_new_validation(self):
        order = self._validated()
        self._as(self.user_lead, order).action_quotation_sent()
        self.assertEqual(order.state, "sent")
        self._as(self.user_lead, order.order_line).write({"product_uom_qty": 12.0})
        self.assertEqual(order.oe_validation_state, "draft")
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.oe_validated_by_id)
        self.assertIn("needs a new validation", " ".join(order.message_ids.mapped("body")))
        with self.assertRaisesRegex(UserError, "must be validated by its CAE"):
            self._as(self.user_lead, order).action_quotation_sent()
        # A new line after validation, too.
        self._as(self.user_lead, order).action_oe_submit()
        self._as(self.gerant_samad, order).action_oe_validate()
        self._as(self.user_lead, order).write(
            {"order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 1.0})]}
        )
        self.assertEqual(order.oe_validation_state, "draft")

    def test_send_back_with_a_reason(self):
        order = self._quote()
        self._as(self.user_lead, order).action_oe_submit()
        Wizard = self.env["oe.sale.send.back"]
        for user in (self.gerant_other, self.accountant_other, self.user_lead):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._as(user, Wizard).create({"order_id": order.id, "reason": "Too cheap"}).action_send_back()
            self.assertEqual(order.oe_validation_state, "to_validate")
        for reason in ("  ", 123, None, ["Too cheap"], {"reason": "Too cheap"}):
            with self.subTest(reason=reason), self.assertRaisesRegex(UserError, "Say why"):
                self._as(self.gerant_samad, order).action_oe_send_back(reason)
            self.assertEqual(order.oe_validation_state, "to_validate")
            self.assertFalse(order.oe_send_back_reason)
        self._as(self.gerant_samad, Wizard).create({"order_id": order.id, "reason": "Too cheap"}).action_send_back()
        self.assertEqual(order.oe_validation_state, "sent_back")
        self.assertEqual(order.oe_send_back_reason, "Too cheap")
        self.assertIn("Too cheap", " ".join(order.message_ids.mapped("body")))
        self._as(self.user_lead, order.order_line).write({"price_unit": 30.0})
        self._as(self.user_lead, order).action_oe_submit()
        self.assertEqual(order.oe_validation_state, "to_validate")
        self.assertFalse(order.oe_send_back_reason)

    def test_below_break_even_is_warned(self):
        employee = self.es_lead.with_context(date=fields.Date.context_today(self.es_lead))
        expected = round(employee.oe_break_even_turnover / employee.oe_hours_per_month, 2)
        self.assertGreater(expected, 25.0)
        order = self._quote()
        self.assertAlmostEqual(order.oe_suggested_rate, expected)
        self.assertAlmostEqual(order.order_line.oe_suggested_rate, expected)
        self.assertTrue(order.oe_below_break_even)
        self.assertIn("below the break-even of Lead Tutor", order.oe_break_even_warning)
        self._as(self.user_lead, order).action_oe_submit()
        self.assertIn("below the break-even", " ".join(order.message_ids.mapped("body")))
        fair = self._quote(price=expected + 1)
        self.assertFalse(fair.oe_below_break_even)
        self.assertFalse(fair.oe_break_even_warning)
        self._as(self.user_lead, fair).action_oe_submit()
        self.assertNotIn("below the break-even", " ".join(fair.message_ids.mapped("body")))

    def test_submit_refuses_an_incomplete_quote(self):
        order = self._quote()
        self._as(self.user_lead, order.order_line).write({"product_id": self.pole_bati.product_id.id})
        with self.assertRaisesRegex(UserError, "service"):
            self._as(self.user_lead, order).action_oe_submit()
        self.assertEqual(order.oe_validation_state, "draft")
        order = self._quote()
        self._as(self.user_lead, order).write(
            {"order_line": [Command.create({"product_id": self.product.id, "product_uom_qty": 1, "price_unit": 40})]}
        )
        with self.assertRaisesRegex(UserError, "one hourly rate"):
            self._as(self.user_lead, order).action_oe_submit()
        self.assertEqual(order.oe_validation_state, "draft")

    def test_confirmation_makes_the_mission_and_hours_are_invoiced_once(self):
        order = self._validated(price=32.0)
        self._as(self.gerant_samad, order).action_confirm()
        self.assertEqual(order.state, "sale")
        mission = order.oe_mission_id
        self.assertTrue(mission.oe_is_mission)
        self.assertEqual(mission.oe_sale_order_id, order)
        self.assertEqual(mission.partner_id, self.quote_client)
        self.assertEqual(mission.oe_pole_id, self.pole_samad)
        self.assertEqual(mission.oe_lead_employee_id, self.es_lead)
        self.assertEqual(mission.company_id, self.samad35)
        self.assertEqual(mission.oe_state, "in_progress")
        assignment = mission.oe_assignment_ids
        self.assertEqual(len(assignment), 1)
        self.assertEqual(assignment.state, "accepted")
        self.assertEqual(assignment.employee_id, self.es_lead)
        self.assertEqual(assignment.function_id, self.f_tutor)
        self.assertEqual(assignment.sudo().hourly_rate, 32.0)
        self.assertEqual(order.oe_amount_invoiced, 0.0)
        self.assertEqual(order.oe_amount_to_invoice, 320.0)
        # The order never invoices itself.
        for user in (self.accountant_samad, self.gerant_samad, self.network_admin):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "Invoice the hours"):
                self._as(user, order).with_context(allowed_company_ids=self.samad35.ids)._create_invoices()
        # Accountants have no access to Odoo's invoicing wizard; a sales administrator (here the superuser) is
        # refused too, down payment included.
        Advance = self.env["sale.advance.payment.inv"].with_context(allowed_company_ids=self.samad35.ids, lang="en_US")
        for method in ("delivered", "fixed"):
            with self.subTest(method=method), self.assertRaisesRegex(UserError, "Invoice the hours"):
                Advance.with_context(active_model="sale.order", active_ids=order.ids).create(
                    {"advance_payment_method": method, "fixed_amount": 50.0}
                ).create_invoices()
        self.assertFalse(order.invoice_ids)
        self.assertFalse(order.order_line.filtered("is_downpayment"))
        # Hours logged by the entrepreneur, validated by a Gérant of the CAE, invoiced by the wizard.
        today = fields.Date.context_today(order)
        hours = self._log(self.es_lead, mission, today, 4.0, user=self.user_lead)
        self._as(self.gerant_samad, hours).action_oe_validate()
        Invoice = self._as(self.accountant_samad, self.env["oe.mission.invoice"])
        period = {"project_ids": [Command.set(mission.ids)], "date_from": today - timedelta(days=1), "date_to": today}
        action = Invoice.create(period).action_invoice()
        invoice = self.env["account.move"].search(action["domain"])
        self.assertEqual(invoice.amount_untaxed, 128.0, "4 h x 32")
        self._as(self.accountant_samad, invoice).action_post()
        order.invalidate_recordset()
        self.assertEqual(order.oe_amount_invoiced, 128.0)
        self.assertEqual(order.oe_amount_to_invoice, 192.0)
        with self.assertRaisesRegex(UserError, "no validated hours"):
            Invoice.create(period).action_invoice()
        self.assertEqual(self.env["account.move"].search_count([("oe_mission_id", "=", mission.id)]), 1)
        # A credit note of the invoice: nothing invoiced any more.
        refund = self._as(self.accountant_samad, invoice)._reverse_moves()
        refund.action_post()
        order.invalidate_recordset()
        self.assertEqual(order.oe_amount_invoiced, 0.0)
        self.assertEqual(order.oe_amount_to_invoice, 320.0)

    def test_mission_link_is_not_typed(self):
        order = self._validated()
        with self.assertRaises(AccessError):
            self._as(self.gerant_samad, order).write({"oe_mission_id": self.mission.id})
        with self.assertRaises(AccessError):
            self._as(self.gerant_samad, self.mission).write({"oe_sale_order_id": order.id})
        self.assertFalse(order.oe_mission_id)
        self.assertFalse(self.mission.oe_sale_order_id)


@tagged("post_install", "-at_install")
class TestQuoteTerms(OeQuoteCommon):
    """What the CAE validated is what the client signs: every way of changing it needs a new validation."""

    def _assert_refused_to_leave(self, order):
        before = self._snapshot(order)
        for user in (self.user_lead, self.gerant_samad):
            as_user = self._as(user, order)
            for name, call in (("mark as sent", as_user.action_quotation_sent), ("confirm", as_user.action_confirm)):
                with self.subTest(user=user.login, action=name):
                    with self.assertRaisesRegex(UserError, "must be validated by its CAE"):
                        call()
                    self.assertEqual(self._snapshot(order), before)
        self.assertFalse(order.oe_mission_id)

    def test_cancel_edit_draft_needs_a_new_validation(self):
        order = self._validated(price=30.0)
        as_lead = self._as(self.user_lead, order)
        as_lead.action_cancel()
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.oe_validation_state, "draft")
        self.assertFalse(order.oe_validated_by_id)
        self.assertIn("cancelled", " ".join(order.message_ids.mapped("body")))
        self._as(self.user_lead, order.order_line).write({"price_unit": 500.0})
        as_lead.action_draft()
        self.assertEqual((order.state, order.oe_validation_state, order.amount_untaxed), ("draft", "draft", 5000.0))
        self._assert_refused_to_leave(order)
        # The same by writing the state.
        order = self._validated(price=30.0)
        self._as(self.user_lead, order).write({"state": "cancel"})
        self._as(self.user_lead, order.order_line).write({"price_unit": 500.0})
        self._as(self.user_lead, order).write({"state": "draft"})
        self.assertEqual(order.oe_validation_state, "draft")
        self._assert_refused_to_leave(order)

    def test_terms_changed_in_any_state(self):
        # A quote cancelled without the ORM (as before this rule): its terms change, its validation goes.
        order = self._validated(price=30.0)
        order.sudo()._write({"state": "cancel"})
        order.invalidate_recordset()
        self._as(self.user_lead, order.order_line).write({"price_unit": 500.0})
        self.assertEqual(order.oe_validation_state, "draft")
        self.assertFalse(order.oe_validated_by_id)

    def test_lines_stay_on_their_quote(self):
        target = self._validated(price=30.0)
        source = self._quote(price=500.0)
        for moved_from, moved_to in ((source, target), (target, source)):
            line = moved_from.order_line
            before = (self._snapshot(moved_from), self._snapshot(moved_to))
            for user in (self.user_lead, self.gerant_samad):
                with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "stays on its quote"):
                    self._as(user, line).write({"order_id": moved_to.id})
                line.invalidate_recordset()
                self.assertEqual(line.order_id, moved_from)
                self.assertEqual((self._snapshot(moved_from), self._snapshot(moved_to)), before)
        self.assertEqual(target.oe_validation_state, "validated")
        self.assertEqual(target.amount_untaxed, 300.0)

    def test_hours_in_hours_and_in_the_cae_currency(self):
        day = self.env.ref("uom.product_uom_day")
        order = self._quote()
        self.assertEqual(order.order_line.product_uom, self.env.ref("uom.product_uom_hour"))
        self._as(self.user_lead, order.order_line).write({"product_uom": day.id, "price_unit": 200.0})
        self.assertEqual(order.order_line._get_display_price(), 200.0, "a day of 8 hours at her 25 an hour")
        before = self._snapshot(order)
        with self.assertRaisesRegex(UserError, "counted in Hours"):
            self._as(self.user_lead, order).action_oe_submit()
        self.assertEqual(self._snapshot(order), before)
        self.assertEqual(order.oe_validation_state, "draft")
        # Another currency than the CAE's: refused, the rate of the assignment is in euros.
        usd = self.env.ref("base.USD")
        usd.sudo().active = True
        pricelist = (
            self.env["product.pricelist"]
            .sudo()
            .create({"name": "USD quotes", "currency_id": usd.id, "company_id": self.samad35.id})
        )
        order = self._quote(price=100.0)
        self._as(self.user_lead, order).write({"pricelist_id": pricelist.id})
        self.assertEqual(order.currency_id, usd)
        before = self._snapshot(order)
        with self.assertRaisesRegex(UserError, "is in USD"):
            self._as(self.user_lead, order).action_oe_submit()
        self.assertEqual(self._snapshot(order), before)
        self.assertEqual(order.oe_validation_state, "draft")

    def test_salesperson_is_given_by_the_cae_only(self):
        order = self._validated()
        before = self._snapshot(order)
        for user_id in (self.user_c.id, False):
            with self.subTest(user_id=user_id), self.assertRaisesRegex(AccessError, "another salesperson"):
                self._as(self.user_lead, order).write({"user_id": user_id})
            order.invalidate_recordset()
            self.assertEqual(order.user_id, self.user_lead)
            self.assertEqual(self._snapshot(order), before)
        self._as(self.gerant_samad, order).write({"user_id": self.user_c.id})
        self.assertEqual(order.user_id, self.user_c)
        self.assertEqual(order.oe_validation_state, "draft", "a new salesperson, a new validation")

    def test_what_the_client_signs_needs_a_new_validation(self):
        billing = self.env["res.partner"].create(
            {"name": "Billing Rennes", "parent_id": self.quote_client.id, "type": "invoice"}
        )
        changes = {
            "invoice address": {"partner_invoice_id": billing.id},
            "delivery address": {"partner_shipping_id": billing.id},
            "note": {"note": "Payable in cash only"},
            "validity": {"validity_date": fields.Date.add(fields.Date.today(), days=90)},
            "payment terms": {"payment_term_id": self.env.ref("account.account_payment_term_30days").id},
        }
        for name, vals in changes.items():
            order = self._validated()
            with self.subTest(change=name):
                self._as(self.user_lead, order).write(vals)
                self.assertEqual(order.oe_validation_state, "draft")
                self.assertFalse(order.oe_validated_by_id)
        order = self._validated()
        self._as(self.user_lead, order.order_line).write({"name": "Hours, travel included"})
        self.assertEqual(order.oe_validation_state, "draft", "the line's description")
