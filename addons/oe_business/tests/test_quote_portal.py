from odoo.tests import HttpCase, tagged

from odoo.addons.oe_mission.tests.common import OeJsonRpcMixin

from .test_quote import OeQuoteCommon

# A 1x1 PNG: the client's drawn signature.
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


@tagged("post_install", "-at_install")
class TestQuotePortal(OeJsonRpcMixin, HttpCase, OeQuoteCommon):
    """The client signs online (Odoo's own /my/orders signature); the refusals through JSON-RPC."""

    def _accept(self, order, token):
        return self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"access_token": token, "name": "Client Quote Rennes", "signature": SIGNATURE},
        )

    def test_client_signs_and_the_mission_is_made(self):
        order = self._validated(price=30.0).sudo()
        order.require_signature = True
        order.require_payment = False
        token = order._portal_ensure_token()
        page = self.url_open(f"/my/orders/{order.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(order.name, page.text)
        result = self._accept(order, token)
        self.assertFalse(result.get("error"), result)
        order.invalidate_recordset()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.signed_by, "Client Quote Rennes")
        mission = order.oe_mission_id
        self.assertTrue(mission.oe_is_mission)
        self.assertEqual(mission.oe_sale_order_id, order)
        self.assertEqual(mission.company_id, self.samad35)
        assignment = mission.oe_assignment_ids
        self.assertEqual(assignment.state, "accepted")
        self.assertEqual(assignment.employee_id, self.es_lead)
        self.assertEqual(assignment.hourly_rate, 30.0)

    def test_client_cannot_sign_before_validation(self):
        # A link made while the quote was validated: sent back, it is not signed.
        order = self._validated().sudo()
        order.require_signature = True
        token = order._portal_ensure_token()
        self._as(self.gerant_samad, order).action_oe_send_back("Too cheap")
        result = self._accept(order, token)
        self.assertIn("error", result)
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.signature)
        self.assertFalse(order.oe_mission_id)

    def test_portal_waits_for_the_validation(self):
        order = self._validated(price=30.0).sudo()
        order.require_signature = True
        order.require_payment = False
        token = order._portal_ensure_token()
        urls = [f"/my/orders/{order.id}?access_token={token}" + query for query in ("", "&report_type=pdf")]
        for url in urls:
            self.assertEqual(self.url_open(url).status_code, 200, "validated: the client reads it")
        # The entrepreneur reprices it after the validation: the link made before shows nothing.
        self._as(self.user_lead, order.order_line).write({"price_unit": 500.0})
        self.assertEqual(order.oe_validation_state, "draft")
        for url in urls:
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertIn(response.status_code, (302, 303))
                self.assertTrue(response.headers["Location"].endswith("/my"), response.headers["Location"])
        self.assertIn("error", self._accept(order, token))
        order.invalidate_recordset()
        self.assertEqual((order.state, order.oe_validation_state, order.amount_untaxed), ("draft", "draft", 5000.0))
        self.assertFalse(order.signature)
        # A message to the client about the draft is sent, without a link to it.
        order.message_subscribe(partner_ids=self.quote_client.ids)
        message = self._as(self.user_lead, order).message_post(
            body="A question about the hours", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertIn(self.quote_client, message.sudo().notification_ids.res_partner_id)
        groups = order._notify_get_recipients_groups(message, "Quotation")
        customer = next(options for name, _check, options in groups if name == "portal_customer")
        self.assertFalse(customer["has_button_access"])

    def test_portal_link_refused_over_json_rpc(self):
        order = self._quote()
        self._as(self.user_lead, order).action_oe_submit()
        self.authenticate("oe_es_lead", "oe_es_lead")
        error = self._call_kw_error("sale.order", "get_portal_url", [order.ids])
        self.assertEqual(error.get("name"), "odoo.exceptions.UserError")
        error = self._call_kw_error("sale.order", "write", [order.ids, {"access_token": "chosen-token"}])
        self.assertEqual(error.get("name"), "odoo.exceptions.AccessError")
        error = self._call_kw_error(
            "sale.order", "create", [{"partner_id": self.quote_client.id, "access_token": "chosen-token"}]
        )
        self.assertEqual(error.get("name"), "odoo.exceptions.AccessError")
        order.invalidate_recordset()
        self.assertFalse(order.sudo().access_token)
        self.assertFalse(self.env["sale.order"].sudo().search([("access_token", "=", "chosen-token")]))
        self.authenticate("oe_gerant_q_samad35", "oe_gerant_q_samad35")
        for reason in (123, None, ["Too cheap"]):
            with self.subTest(reason=reason):
                error = self._call_kw_error("sale.order", "action_oe_send_back", [order.ids, reason])
                self.assertEqual(error.get("name"), "odoo.exceptions.UserError")
        order.invalidate_recordset()
        self.assertEqual(order.sudo().oe_validation_state, "to_validate")
        self.assertFalse(order.sudo().oe_send_back_reason)

    def test_json_rpc_refusals(self):
        order = self._quote()
        self._as(self.user_lead, order).action_oe_submit()
        self.authenticate("oe_es_c", "oe_es_c")
        error = self._call_kw_error("sale.order", "read", [order.ids, ["amount_untaxed"]])
        self.assertEqual(error.get("name"), "odoo.exceptions.AccessError", "another entrepreneur's quote")
        self.authenticate("oe_es_lead", "oe_es_lead")
        error = self._call_kw_error("sale.order", "action_oe_validate", [order.ids])
        self.assertEqual(error.get("name"), "odoo.exceptions.AccessError", "her own quote")
        error = self._call_kw_error("sale.order", "write", [order.ids, {"oe_validation_state": "validated"}])
        self.assertEqual(error.get("name"), "odoo.exceptions.AccessError")
        error = self._call_kw_error("sale.order", "action_confirm", [order.ids])
        self.assertEqual(error.get("name"), "odoo.exceptions.UserError")
        self.authenticate("oe_compta_q_msg35", "oe_compta_q_msg35")
        error = self._call_kw_error("sale.order", "action_oe_validate", [order.ids])
        self.assertEqual(error.get("name"), "odoo.exceptions.AccessError", "an accountant of another CAE")
        order.invalidate_recordset()
        self.assertEqual(order.sudo().oe_validation_state, "to_validate")
        self.assertEqual(order.sudo().state, "draft")
