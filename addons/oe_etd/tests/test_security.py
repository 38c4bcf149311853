from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import OeEtdCommon, company_vals


@tagged("post_install", "-at_install")
class TestNetworkAccess(OeEtdCommon):
    """Who sees what across ETDs: multi-company rules and role groups."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.etd_a, cls.companies_a = cls._create_etd_without_chart("49", "Maine-et-Loire")
        cls.etd_b = (
            cls.env["oe.etd"]
            .with_user(cls.network_admin)
            .create_etd("35", "Ille-et-Vilaine", cae_kinds=["samad"], samad=company_vals("samad"))
        ).sudo(False)
        cls.companies_b = cls.etd_b.company_ids
        cls.manager_a = cls._new_manager(
            "oe_manager_49", cls.companies_a, groups="oe_etd.group_cae_manager,oe_etd.group_cae_accountant"
        )
        client = cls.env["res.partner"].create({"name": "Client 35"})
        cls.invoice_b = (
            cls.env["account.move"]
            .with_company(cls.companies_b)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": client.id,
                    "invoice_line_ids": [Command.create({"name": "Heures", "quantity": 1, "price_unit": 30.0})],
                }
            )
        )

    def test_manager_sees_only_the_etds_of_their_companies(self):
        Etd = self.env["oe.etd"].with_user(self.manager_a)
        self.assertIn(self.etd_a, Etd.search([]))
        self.assertNotIn(self.etd_b, Etd.search([]))
        self.assertEqual(self.etd_a.with_user(self.manager_a).name, "Maine-et-Loire")
        with self.assertRaises(AccessError):
            self.etd_b.with_user(self.manager_a).read(["name"])

    def test_manager_cannot_read_the_records_of_another_etd(self):
        with self.assertRaises(AccessError):
            self.companies_b.with_user(self.manager_a).read(["name"])
        with self.assertRaises(AccessError):
            self.invoice_b.with_user(self.manager_a).read(["name"])
        moves = self.env["account.move"].with_user(self.manager_a).search([("company_id", "in", self.companies_b.ids)])
        self.assertFalse(moves)
        # Forcing the other company in the context does not open it either.
        with self.assertRaises(AccessError):
            self.invoice_b.with_user(self.manager_a).with_context(allowed_company_ids=self.companies_b.ids).read(
                ["name"]
            )

    def test_manager_reads_but_does_not_edit_the_network(self):
        etd = self.etd_a.with_user(self.manager_a)
        with self.assertRaises(AccessError):
            etd.write({"name": "Changed"})
        with self.assertRaises(AccessError):
            self.pole_dom.with_user(self.manager_a).write({"name": "Changed"})

    def test_entrepreneur_reads_poles_only(self):
        self.assertEqual(self.pole_bati.with_user(self.entrepreneur).code, "BATI")
        with self.assertRaises(AccessError):
            self.pole_bati.with_user(self.entrepreneur).write({"launched": False})
        with self.assertRaises(AccessError):
            self.env["oe.pole"].with_user(self.entrepreneur).create({"name": "X", "code": "X", "cae_kind": "msg"})

    def test_network_admin_manages_poles(self):
        pole = (
            self.env["oe.pole"]
            .with_user(self.network_admin)
            .create({"name": "Mobility", "code": "MOB", "cae_kind": "msg", "launched": False})
        )
        self.assertFalse(pole.launched)

    def test_groups(self):
        self.assertTrue(self.network_admin.has_group("base.group_system"))
        self.assertTrue(self.network_admin.has_group("oe_etd.group_cae_manager"))
        self.assertTrue(self.manager_a.has_group("account.group_account_invoice"))
        self.assertTrue(self.entrepreneur.has_group("base.group_user"))
        self.assertFalse(self.entrepreneur.has_group("account.group_account_invoice"))


@tagged("post_install", "-at_install")
class TestCreateEtdOverRpc(HttpCase):
    """``create_etd`` is a public model method: RPC must not bypass its check."""

    @mute_logger("odoo.http")
    def test_manager_gets_access_error_over_rpc(self):
        company = self.env.company
        manager = self.env["res.users"].create(
            {
                "name": "Gérant RPC",
                "login": "oe_manager_rpc",
                "password": "oe_manager_rpc",
                "groups_id": [Command.set([self.env.ref("oe_etd.group_cae_manager").id])],
                "company_id": company.id,
                "company_ids": [Command.set(company.ids)],
            }
        )
        self.authenticate(manager.login, "oe_manager_rpc")
        with self.assertRaises(JsonRpcException) as caught:
            self.make_jsonrpc_request(
                "/web/dataset/call_kw/oe.etd/create_etd",
                {"model": "oe.etd", "method": "create_etd", "args": ["22", "Côtes-d'Armor"], "kwargs": {}},
            )
        self.assertIn("AccessError", str(caught.exception))
        self.assertFalse(self.env["oe.etd"].search([("code", "=", "22")]))
