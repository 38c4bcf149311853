import io
from datetime import date

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import OeSapCommon

JAN, FEB, MAR = date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)


@tagged("post_install", "-at_install")
class TestNova(OeSapCommon):
    """NOVA figures of samad35 for the first quarter of 2025, month by month:

    * January: the mission's hours (5 h of the lead at 25.00, elderly people, invoiced by *Facturer les heures*),
      an invoice of 4 h of housework at 20.00 and 2 h of elderly assistance at 30.00 to ``sap_client``, an
      invoice of 2 h of housework at 20.00 to ``client3``;
    * February: 3 h of housework at 20.00 to ``sap_client``; a credit note of 1 h of housework to ``client3``;
    * March: a shopping delivery of 45.50 (an activity declared in euros) to ``sap_client``;
    * never counted: a draft invoice, an invoice to a company, an invoice of an activity samad35 has not
      declared, an invoice of msg35 (no SAP declaration).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_delivery = cls.env.ref("oe_sap.activity_livraison_courses")  # declared in euros
        cls.samad35.oe_sap_activity_ids = [Command.link(cls.activity_delivery.id)]
        cls.product_delivery = cls.env["product.product"].create(
            {"name": "Shopping delivery", "type": "service", "oe_sap_activity_id": cls.activity_delivery.id}
        )
        cls.samad35._oe_setup_network_company()
        client_vals = {"oe_client_type": "individual", "zip": "35000", "city": "Rennes"}
        cls.client3 = cls.env["res.partner"].create({"name": "Client Three", **client_vals})
        cls.company_client = cls.env["res.partner"].create(
            {"name": "Company Client", "is_company": True, "oe_client_type": "business", "zip": "35000"}
        )
        # January: the mission's hours, validated by a Gérant, invoiced and posted.
        cls._log(cls.es_lead, cls.mission, "2025-01-10", 3.0)
        cls._log(cls.es_lead, cls.mission, "2025-01-20", 2.0)
        cls.env["account.analytic.line"].search([("project_id", "=", cls.mission.id)]).with_user(
            cls.manager35
        ).action_oe_validate()
        cls.mission_invoice = cls.mission.oe_invoice_timesheets("2025-01-01", "2025-01-31")
        cls.mission_invoice.write({"invoice_date": "2025-01-31", "date": "2025-01-31"})
        cls.mission_invoice.action_post()
        cls.inv_jan = cls._sap_invoice(
            cls.sap_client, [(cls.product_housework, 4, 20.0), (cls.product_elderly, 2, 30.0)], "2025-01-15"
        )
        cls.inv_jan3 = cls._sap_invoice(cls.client3, [(cls.product_housework, 2, 20.0)], "2025-01-25")
        # February.
        cls.inv_feb = cls._sap_invoice(cls.sap_client, [(cls.product_housework, 3, 20.0)], "2025-02-10")
        cls.refund_feb = cls._sap_invoice(
            cls.client3, [(cls.product_housework, 1, 20.0)], "2025-02-12", move_type="out_refund"
        )
        # March: an activity counted in euros.
        cls.inv_mar = cls._sap_invoice(cls.sap_client, [(cls.product_delivery, 1, 45.5)], "2025-03-05")
        # Never counted.
        cls._sap_invoice(cls.sap_client, [(cls.product_housework, 10, 20.0)], "2025-01-16", post=False)
        cls._sap_invoice(cls.company_client, [(cls.product_housework, 10, 20.0)], "2025-01-17")
        cls._sap_invoice(cls.sap_client, [(cls.product_gardening, 10, 20.0)], "2025-01-18")
        cls._sap_invoice(cls.sap_client, [(cls.product_housework, 10, 20.0)], "2025-01-19", company=cls.msg35)
        # Staff of another CAE, and people who are not staff.
        cls.accountant_msg = new_test_user(
            cls.env,
            login="oe_nova_acc_msg35",
            groups="oe_etd.group_cae_accountant",
            company_id=cls.msg35.id,
            company_ids=[Command.set(cls.msg35.ids)],
        )
        cls.portal_user = new_test_user(cls.env, login="oe_nova_portal", groups="base.group_portal")
        cls.quarter = [("company_id", "=", cls.samad35.id), ("date", ">=", "2025-01-01"), ("date", "<=", "2025-03-31")]

    def _figures(self, user=None):
        Nova = self.env["oe.sap.nova"]
        if user:
            Nova = Nova.with_user(user).with_context(allowed_company_ids=user.company_ids.ids)
        return Nova._nova_figures(self.quarter)

    def _assert_quarter(self, figures):
        values = figures[self.samad35]
        self.assertEqual(values["months"], [JAN, FEB, MAR])
        activities = {activity.code: dict(by_month) for activity, by_month in values["activities"].items()}
        self.assertEqual(
            activities,
            {
                "assistance_personnes_agees": {JAN: 7.0, "total": 7.0},  # 5 h of the mission + 2 h
                "menage": {JAN: 6.0, FEB: 2.0, "total": 8.0},  # 4 + 2; 3 − 1 (credit note)
                "livraison_courses": {MAR: 45.5, "total": 45.5},  # euros, not hours
            },
        )
        self.assertEqual(values["clients"], {JAN: 3, FEB: 1, MAR: 1, "total": 3})
        self.assertEqual(values["intervenants"], {JAN: 1, FEB: 0, MAR: 0, "total": 1})
        self.assertEqual(values["hours"], {JAN: 13.0, FEB: 2.0, MAR: 0.0, "total": 15.0})
        # 125.00 + 80.00 + 60.00 + 40.00; 60.00 − 20.00; 45.50
        self.assertEqual(values["turnover"], {JAN: 305.0, FEB: 40.0, MAR: 45.5, "total": 390.5})

    def test_monthly_figures(self):
        figures = self._figures()
        self.assertEqual(list(figures), [self.samad35], "msg35 has no SAP declaration: no figures")
        self._assert_quarter(figures)

    def test_rows(self):
        rows = self.env["oe.sap.nova"].search(self.quarter)
        self.assertEqual(len(rows), 7, "one row per eligible posted line")
        mission_row = rows.filtered(lambda r: r.move_id == self.mission_invoice)
        self.assertEqual(mission_row.intervenant_id, self.es_lead.work_contact_id)
        self.assertEqual(mission_row.nova_intervenant_id, self.es_lead.work_contact_id)
        self.assertEqual((mission_row.hours, mission_row.quantity, mission_row.amount), (5.0, 5.0, 125.0))
        refund_row = rows.filtered(lambda r: r.move_id == self.refund_feb)
        self.assertEqual((refund_row.hours, refund_row.amount), (-1.0, -20.0))
        self.assertEqual(refund_row.partner_id, self.client3)
        self.assertFalse(refund_row.nova_client_id, "a credit note brings no client to the count")
        delivery_row = rows.filtered(lambda r: r.move_id == self.inv_mar)
        self.assertEqual((delivery_row.unit, delivery_row.quantity, delivery_row.amount), ("amount", 45.5, 45.5))

    def test_pivot_counts_distinct(self):
        """The pivot's client and intervenant measures are distinct counts at any grouping."""
        groups = self.env["oe.sap.nova"].read_group(
            self.quarter, ["nova_client_id:count_distinct", "amount:sum"], ["date:quarter"]
        )
        self.assertEqual(len(groups), 1)
        self.assertEqual(groups[0]["nova_client_id"], 3)
        self.assertAlmostEqual(groups[0]["amount"], 390.5)

    def test_roles(self):
        """Accountants and Gérants of samad35 read its figures; an accountant of another CAE sees none; an
        entrepreneur, a portal client and a visitor are refused; nobody writes them."""
        self._assert_quarter(self._figures(self.accountant35))
        self._assert_quarter(self._figures(self.manager35))
        self.assertEqual(self._figures(self.accountant_msg), {})
        row = self.env["oe.sap.nova"].search(self.quarter, limit=1)
        with self.assertRaises(AccessError):
            row.with_user(self.accountant_msg).with_context(allowed_company_ids=self.msg35.ids).read(["amount"])
        public = self.env.ref("base.public_user")
        for user in (self.user_lead, self.portal_user, public):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["oe.sap.nova"].with_user(user).search_read(self.quarter, ["amount"])
        for user in (self.accountant35, self.manager35, self.network_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                row.with_user(user).write({"amount": 1.0})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                row.with_user(user).unlink()
        self._assert_quarter(self._figures())

    def test_export_xlsx(self):
        Nova = (
            self.env["oe.sap.nova"]
            .with_user(self.accountant35)
            .with_context(allowed_company_ids=self.samad35.ids, lang="en_US")
        )
        action = Nova.with_context(active_domain=self.quarter).action_export_xlsx()
        self.assertEqual(action["type"], "ir.actions.act_url")
        attachment_id = int(action["url"].split("/")[3].split("?")[0])
        attachment = self.env["ir.attachment"].browse(attachment_id)
        book = openpyxl.load_workbook(io.BytesIO(attachment.raw))
        self.assertEqual(len(book.sheetnames), 1)
        sheet = book.active
        cells = {
            row[0]: row[1:] for row in sheet.iter_rows(min_row=1, values_only=True) if row and isinstance(row[0], str)
        }
        header = next(row for row in sheet.iter_rows(values_only=True) if row[2] == "01/2025")
        self.assertEqual(header[2:6], ("01/2025", "02/2025", "03/2025", "Total"))
        housework = cells[self.activity_housework.with_context(lang="en_US").name]
        self.assertEqual(housework[1:5], (6, 2, 0, 8))
        delivery = cells[self.activity_delivery.with_context(lang="en_US").name]
        self.assertEqual(delivery[1:5], (0, 0, 45.5, 45.5))
        self.assertEqual(cells["Number of clients (private persons)"][1:5], (3, 1, 1, 3))
        self.assertEqual(cells["Number of intervenants"][1:5], (1, 0, 0, 1))
        self.assertEqual(cells["SAP turnover excl. VAT"][1:5], (305, 40, 45.5, 390.5))
        # A second export replaces the first: one file kept per user, another user's untouched.
        other = Nova.with_user(self.manager35).with_context(active_domain=self.quarter).action_export_xlsx()
        again = Nova.with_context(active_domain=self.quarter).action_export_xlsx()
        self.assertFalse(attachment.exists())
        exports = self.env["ir.attachment"].search([("res_model", "=", "oe.sap.nova"), ("res_id", "=", 0)])
        self.assertEqual(sorted(exports.ids), sorted(int(a["url"].split("/")[3].split("?")[0]) for a in (other, again)))
        # Selected rows: only their figures.
        rows = Nova.search(self.quarter).filtered(lambda r: r.date == MAR)
        book = openpyxl.load_workbook(io.BytesIO(Nova._nova_xlsx([("id", "in", rows.ids)])))
        header = next(row for row in book.active.iter_rows(values_only=True) if row[2] == "03/2025")
        self.assertEqual(header[2:4], ("03/2025", "Total"))

    def test_export_nothing(self):
        with self.assertRaisesRegex(UserError, "Aucun service à la personne"):
            self.env["oe.sap.nova"].with_context(lang="fr_FR")._nova_xlsx(
                [("company_id", "=", self.samad35.id), ("date", ">=", "2024-01-01"), ("date", "<=", "2024-12-31")]
            )

    def test_query_budget(self):
        """Three grouped reads, whatever the number of rows."""
        Nova = self.env["oe.sap.nova"]
        Nova._nova_figures(self.quarter)
        with self.assertQueryCount(3):
            Nova._nova_figures(self.quarter)
        for day in range(1, 21):
            self._sap_invoice(self.client3, [(self.product_housework, 1, 20.0)], f"2025-03-{day:02d}")
        Nova._nova_figures(self.quarter)
        with self.assertQueryCount(3):
            Nova._nova_figures(self.quarter)
