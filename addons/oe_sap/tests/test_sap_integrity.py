from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.oe_mission.tests.common import OeJsonRpcMixin

from .common import OeSapCommon


@tagged("post_install", "-at_install")
class TestSapIntegrity(OeSapCommon):
    """What the attestation counts cannot be bent afterwards: the kind of a payment, the eligibility of a
    posted line (docs/architecture.md, "Integrity")."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice = cls._sap_invoice(cls.sap_client, [(cls.product_housework, 2, 30.0)], "2026-03-02")
        cls.cash_payment = cls._pay(cls.invoice, 20.0, "2026-03-05", "cash")
        cls.cash_line = cls._sap_method_line(cls.samad35, "cash")
        cls.accountant_msg = cls._new_manager("oe_accountant_msg35", cls.msg35, groups="oe_etd.group_cae_accountant")

    def test_nobody_turns_cash_into_card(self):
        for user in (self.accountant35, self.accountant_msg, self.manager35):
            with self.subTest(user=user.login):
                with self.assertRaises(UserError):
                    self.cash_line.with_user(user).write({"oe_sap_payment_kind": "card"})
                with self.assertRaises(UserError):
                    self.cash_payment.with_user(user).write({"oe_sap_payment_kind": "card"})
        self.assertEqual(self.cash_line.oe_sap_payment_kind, "cash")
        self.assertEqual(self.cash_payment.oe_sap_payment_kind, "cash")

    def test_no_new_line_of_a_kind_by_hand(self):
        cash_journal = self.cash_line.journal_id
        before = cash_journal.inbound_payment_method_line_ids
        with self.assertRaisesRegex(UserError, "administrateur réseau"):
            self.env["account.payment.method.line"].with_user(self.accountant35).with_context(lang="fr_FR").create(
                {
                    "name": "Carte (fausse)",
                    "journal_id": cash_journal.id,
                    "payment_method_id": self.env.ref("account.account_payment_method_manual_in").id,
                    "oe_sap_payment_kind": "card",
                }
            )
        self.assertEqual(cash_journal.inbound_payment_method_line_ids, before)

    def test_used_kind_frozen_even_for_the_network_admin(self):
        with self.assertRaisesRegex(UserError, "ne peut plus changer"):
            self.cash_line.with_user(self.network_admin).with_context(lang="fr_FR").write(
                {"oe_sap_payment_kind": "card"}
            )
        self.assertEqual(self.cash_line.oe_sap_payment_kind, "cash")

    def test_posted_line_keeps_its_eligibility(self):
        line = self.invoice.invoice_line_ids
        self.assertEqual((line.oe_sap_eligible, line.oe_sap_activity_id), (True, self.activity_housework))
        self.sap_client.oe_client_type = "business"
        self.samad35.oe_sap_activity_ids = [Command.unlink(self.activity_housework.id)]
        self.product_housework.oe_sap_activity_id = self.activity_gardening
        self.env.flush_all()
        line.invalidate_recordset()
        self.assertEqual((line.oe_sap_eligible, line.oe_sap_activity_id), (True, self.activity_housework))
        # A draft follows the data it is made of.
        draft = self._sap_invoice(self.sap_client, [(self.product_housework, 1, 30.0)], "2026-03-10", post=False)
        self.assertEqual(draft.invoice_line_ids.oe_sap_activity_id, self.activity_gardening)
        self.assertFalse(draft.invoice_line_ids.oe_sap_eligible)

    def test_cesu_journal_has_no_untyped_method(self):
        lines = self.samad35.oe_sap_cesu_journal_id.inbound_payment_method_line_ids
        self.assertEqual(lines.mapped("oe_sap_payment_kind"), ["cesu"])


@tagged("post_install", "-at_install")
class TestSapPortalHttp(OeJsonRpcMixin, HttpCase, OeSapCommon):
    """A private client in the portal reads their own SAP invoices, never another client's, and changes no
    payment nor eligibility by JSON-RPC; a visitor is sent to the login page. Nothing changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_client = cls.env["res.partner"].create({"name": "Autre client SAP", "oe_client_type": "individual"})
        cls.invoice = cls._sap_invoice(cls.sap_client, [(cls.product_housework, 2, 30.0)], "2026-03-02")
        cls.other_invoice = cls._sap_invoice(cls.other_client, [(cls.product_housework, 1, 30.0)], "2026-03-02")
        cls.payment = cls._pay(cls.invoice, 20.0, "2026-03-05", "cash")
        # The fixtures run without mail tracking: follow the invoices as posting them does in real life.
        for invoice in (cls.invoice, cls.other_invoice):
            invoice.with_context(tracking_disable=False).message_subscribe(invoice.partner_id.ids)
        portal = cls.env.ref("base.group_portal")
        cls.env["res.users"].create(
            {
                "name": cls.sap_client.name,
                "login": "oe_sap_portal_client",
                "password": "oe_sap_portal_client",
                "partner_id": cls.sap_client.id,
                "groups_id": [Command.set(portal.ids)],
                # As the portal wizard makes it for a client of the CAE.
                "company_id": cls.samad35.id,
                "company_ids": [Command.set(cls.samad35.ids)],
            }
        )

    def _snapshot(self):
        lines = (self.invoice | self.other_invoice).invoice_line_ids
        lines.invalidate_recordset()
        self.payment.invalidate_recordset()
        return (
            [(line.oe_sap_eligible, line.oe_sap_activity_id.id, line.price_subtotal) for line in lines],
            (self.payment.oe_sap_payment_kind, self.payment.amount, self.payment.state),
            (self.invoice.amount_residual, self.other_invoice.amount_residual),
        )

    def test_client_reads_own_invoice_only(self):
        before = self._snapshot()
        self.authenticate("oe_sap_portal_client", "oe_sap_portal_client")
        mine = self.url_open(f"/my/invoices/{self.invoice.id}")
        self.assertEqual(mine.status_code, 200)
        self.assertIn(self.invoice.name, mine.text)
        other = self.url_open(f"/my/invoices/{self.other_invoice.id}", allow_redirects=False)
        self.assertIn(other.status_code, (302, 303, 403, 404))
        self.assertNotIn(self.other_invoice.name, other.text)
        self.assertEqual(self._snapshot(), before)

    def test_client_changes_nothing_by_json_rpc(self):
        before = self._snapshot()
        self.authenticate("oe_sap_portal_client", "oe_sap_portal_client")
        for model, method, args in (
            ("account.payment", "write", [self.payment.ids, {"oe_sap_payment_kind": "card"}]),
            ("account.move.line", "write", [self.invoice.invoice_line_ids.ids, {"oe_sap_eligible": False}]),
            ("account.move", "button_draft", [self.invoice.ids]),
            ("oe.sap.attestation", "generate", [2026]),
        ):
            with self.subTest(model=model, method=method):
                error = self._call_kw_error(model, method, args)
                self.assertEqual(error.get("name"), "odoo.exceptions.AccessError", error)
        self.assertEqual(self._snapshot(), before)
        self.assertFalse(self.env["oe.sap.attestation"].search([("year", "=", 2026)]))

    def test_visitor_goes_to_login(self):
        before = self._snapshot()
        response = self.url_open(f"/my/invoices/{self.invoice.id}")
        self.assertIn("/web/login", response.url)
        self.assertNotIn(self.invoice.name, response.text)
        error = self._call_kw_error("account.payment", "write", [self.payment.ids, {"oe_sap_payment_kind": "card"}])
        self.assertIn(error.get("name"), ("odoo.http.SessionExpiredException", "odoo.exceptions.AccessDenied"), error)
        self.assertEqual(self._snapshot(), before)
