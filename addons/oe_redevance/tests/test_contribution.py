from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import OeRedevanceCommon


@tagged("post_install", "-at_install")
class TestContribution(OeRedevanceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rate = cls.env["oe.contribution.rate"]
        Rate.create({"company_id": cls.samad35.id, "date_from": "2025-01-01", "rate": 10.0})
        Rate.create({"company_id": cls.msg35.id, "date_from": "2025-01-01", "rate": 12.0})
        Rate.create({"company_id": cls.samad35.id, "employee_id": cls.es_c.id, "date_from": "2026-01-01", "rate": 8.0})
        cls.Line = cls.env["oe.contribution.line"]

    def _compute(self, user=None):
        Line = self.Line.with_user(user) if user else self.Line
        return Line.with_context(allowed_company_ids=(self.samad35 | self.msg35).ids).compute_period(
            date(2026, 3, 1), date(2026, 3, 31), self.samad35 | self.msg35
        )

    def test_contribution_per_entrepreneur_with_override(self):
        self._invoice(self.samad35, "2026-03-05", 1000.0, self.es_lead)
        self._invoice(self.samad35, "2026-03-06", 100.0, self.es_lead, refund=True)
        self._invoice(self.samad35, "2026-03-07", 500.0, self.es_c)
        lines = self._compute(self.manager35)
        by_es = {line.employee_id: line for line in lines}
        self.assertEqual((by_es[self.es_lead].base_amount, by_es[self.es_lead].amount), (900.0, 90.0))
        self.assertEqual((by_es[self.es_c].rate, by_es[self.es_c].amount), (8.0, 40.0), "the entrepreneur's own rate")
        self.assertEqual(by_es[self.es_lead].date, date(2026, 3, 1))
        self.assertEqual(self._compute(), lines, "computing again gives the same lines")
        self.assertEqual(len(self._compute()), 2)

    def test_cross_cae_entrepreneur_booked_in_home_cae(self):
        # Builder B (home: MSG 35) invoiced by SAMAD 35's client invoice: booked in MSG 35 at its rate
        self._invoice(self.samad35, "2026-03-05", 1000.0, self.es_b)
        [line] = self._compute().filtered(lambda line: line.employee_id == self.es_b)
        self.assertEqual((line.company_id, line.rate, line.amount), (self.msg35, 12.0, 120.0))
        line.with_user(self.manager35).with_context(allowed_company_ids=self.msg35.ids).action_post()
        self.assertEqual(line.state, "posted")
        analytic = line.analytic_line_ids
        self.assertEqual(len(analytic), 2)
        self.assertEqual(set(analytic.company_id.ids), {self.msg35.id})
        column = self.env.ref("oe_entrepreneur.analytic_plan_entrepreneurs")._column_name()
        by_account = {aal[column]: aal.amount for aal in analytic}
        self.assertEqual(by_account[self.es_b.oe_analytic_account_id], -120.0, "the entrepreneur's account is debited")
        self.assertEqual(by_account[self.msg35.oe_shared_services_account_id], 120.0, "shared services credited")

    def test_correction_by_opposite_lines(self):
        self._invoice(self.samad35, "2026-03-05", 1000.0, self.es_lead)
        [line] = self._compute()
        line.action_post()
        first = line.analytic_line_ids
        self._invoice(self.samad35, "2026-03-25", 200.0, self.es_lead, refund=True)
        self._compute()
        self.assertEqual((line.state, line.amount, line.booked_amount), ("draft", 80.0, 100.0))
        line.action_post()
        self.assertEqual(len(line.analytic_line_ids), 4)
        self.assertEqual(first.mapped("amount"), [-100.0, 100.0], "booked lines are never edited")
        corrections = line.analytic_line_ids - first
        self.assertEqual(sorted(corrections.mapped("amount")), [-20.0, 20.0])
        self.assertEqual(line.booked_amount, 80.0)

    def test_monthly_cron(self):
        today = date.today()
        last_month = (today.replace(day=1) - __import__("datetime").timedelta(days=1)).replace(day=1)
        self._invoice(self.samad35, last_month.replace(day=10), 1000.0, self.es_lead)
        self.Line._cron_compute_last_month()
        line = self.Line.search([("employee_id", "=", self.es_lead.id), ("date", "=", last_month)])
        self.assertEqual((line.amount, line.state), (100.0, "posted"))

    def test_entrepreneur_reads_only_their_own(self):
        self._invoice(self.samad35, "2026-03-05", 1000.0, self.es_lead)
        self._invoice(self.samad35, "2026-03-07", 500.0, self.es_c)
        lines = self._compute()
        mine = self.Line.with_user(self.user_lead).search([("id", "in", lines.ids)])
        self.assertEqual(mine.employee_id, self.es_lead)
        with self.assertRaises(AccessError):
            mine.with_user(self.user_lead).action_post()
        with self.assertRaises(AccessError):
            self._compute(self.user_lead)
        other_cae = self._user("oe_manager_msg_only", self.msg35, "oe_etd.group_cae_manager")
        self.assertFalse(
            self.Line.with_user(other_cae).search([("id", "in", lines.ids), ("company_id", "=", self.samad35.id)])
        )

    def test_wizard(self):
        self._invoice(self.samad35, "2026-03-05", 1000.0, self.es_lead)
        wizard = self.env["oe.contribution.compute"].create(
            {
                "date_from": "2026-03-01",
                "date_to": "2026-03-31",
                "company_ids": [(6, 0, self.samad35.ids)],
                "post": True,
            }
        )
        action = wizard.action_compute()
        lines = self.Line.browse(action["domain"][0][2])
        self.assertEqual(lines.mapped("state"), ["posted"])
