import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .test_quote import OeQuoteCommon

# A 1x1 PNG: the client's drawn signature.
SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="


@tagged("post_install", "-at_install")
class TestQuotePortal(HttpCase, OeQuoteCommon):
    """The client signs online (Odoo's own /my/orders signature); the refusals through JSON-RPC."""

    def _accept(self, order, token):
        return self.make_jsonrpc_request(
            f"/my/orders/{order.id}/accept",
            {"access_token": token, "name": "Client Quote Rennes", "signature": SIGNATURE},
        )

    def _call_kw_error(self, model, method, args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {"model": model, "method": method, "args": args, "kwargs": {}},
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/web/dataset/call_kw", data=json.dumps(payload), headers={"Content-Type": "application/json"}
            )
        self.assertEqual(response.status_code, 200)
        return response.json().get("error", {}).get("data", {})

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
        order = self._quote().sudo()
        self._as(self.user_lead, order).action_oe_submit()
        order.require_signature = True
        token = order._portal_ensure_token()
        result = self._accept(order, token)
        self.assertIn("error", result)
        order.invalidate_recordset()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.signature)
        self.assertFalse(order.oe_mission_id)

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
