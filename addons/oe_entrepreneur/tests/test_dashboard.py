from datetime import date, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import OeEntrepreneurCommon


class DashboardCommon(OeEntrepreneurCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_es = cls._new_es_user("oe_es_dash", cls.samad)
        cls.user_es.lang = "fr_FR"
        cls.es = cls._new_es("Dash Board", user=cls.user_es)
        cls.es.oe_profile_id = cls.env.ref("oe_entrepreneur.profile_tc_dep")  # 30 h a week, 135 h a month
        cls.other = cls._new_es("Someone Else", user=cls._new_es_user("oe_es_other", cls.samad))
        cls.project = cls.env["project.project"].create(
            {"name": "Mission test", "company_id": cls.samad.id, "allow_timesheets": True}
        )

    @classmethod
    def _log(cls, employee, day, hours):
        return cls.env["account.analytic.line"].create(
            {
                "name": "Work",
                "project_id": cls.project.id,
                "employee_id": employee.id,
                "date": day,
                "unit_amount": hours,
                "company_id": cls.samad.id,
            }
        )

    def _history(self, employee, days):
        """One 2-hour line a day over ``days`` days before 2026-01-01."""
        self.env["account.analytic.line"].create(
            [
                {
                    "name": "History",
                    "project_id": self.project.id,
                    "employee_id": employee.id,
                    "date": date(2026, 1, 1) - timedelta(days=n + 1),
                    "unit_amount": 2,
                    "company_id": self.samad.id,
                }
                for n in range(days)
            ]
        )


@tagged("post_install", "-at_install")
class TestDashboard(DashboardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for day, hours in (("2026-03-16", 8), ("2026-03-17", 8), ("2026-03-18", 8), ("2026-03-02", 10)):
            cls._log(cls.es, day, hours)
        cls._log(cls.es, "2026-02-10", 20)
        cls._log(cls.other, "2026-03-17", 20)

    def _data(self):
        return self.env["oe.entrepreneur.dashboard"].with_user(self.user_es)._get_data(today=date(2026, 3, 18))

    def test_hours_against_the_time_chosen(self):
        data = self._data()
        self.assertEqual(data["week_hours"], 24)
        self.assertEqual(data["chosen_week"], 30)
        self.assertEqual(data["week_load"], 80)
        self.assertEqual(data["month_hours"], 34)
        self.assertEqual(data["chosen_month"], 135)
        self.assertFalse(data["overload"])
        self.assertEqual(data["month_turnover"], 0, "no invoice here: no turnover")
        self.assertEqual(data["target"], 2814.75)
        self.assertEqual(data["break_even"], 2812.5)
        self.assertEqual(data["net_income_11"], 1350)
        months = {row["month"]: row["hours"] for row in data["graph"]}
        self.assertEqual(len(data["graph"]), 12)
        self.assertEqual(months[date(2026, 2, 1)], 20)
        self.assertEqual(months[date(2026, 3, 1)], 34)

    def test_workload_warning_beyond_ten_percent(self):
        self._log(self.es, "2026-03-18", 9)  # 33 h this week: +10 %, not beyond
        self.assertFalse(self._data()["overload"])
        self._log(self.es, "2026-03-18", 1)  # 34 h: beyond
        data = self._data()
        self.assertTrue(data["overload"])
        self.assertEqual(data["week_load"], 113)

    def test_no_entrepreneur_record(self):
        self.assertIsNone(self.env["oe.entrepreneur.dashboard"].with_user(self.manager)._get_data())

    def _levy_rates_queries(self, day):
        """The queries of the levy rates hook on its own, the entrepreneur already read: none here; an addon
        that knows the rates reads them for the whole batch, a fixed number of queries whatever the history."""
        employees = self.es.sudo()
        employees._oe_levy_rates(day)  # the records themselves read
        self.env.flush_all()
        count = self.cr.sql_log_count
        employees._oe_levy_rates(day)
        return self.cr.sql_log_count - count

    def test_query_count_does_not_grow_with_history(self):
        Dashboard = self.env["oe.entrepreneur.dashboard"].with_user(self.user_es)
        today = date(2026, 3, 18)
        self._history(self.es, 365)
        Dashboard._get_data(today=today)  # warm the caches
        # The dashboard's own 8 grouped reads, plus what the levy rates cost in the addons installed.
        budget = 8 + self._levy_rates_queries(today)
        self.env.invalidate_all()
        with self.assertQueryCount(budget):
            Dashboard._get_data(today=today)
        self._history(self.other, 1)
        self.env["account.analytic.line"].search([("employee_id", "=", self.es.id)]).filtered(
            lambda line: line.name == "History"
        ).unlink()
        self._history(self.es, 730)
        self.env.invalidate_all()
        with self.assertQueryCount(budget):
            Dashboard._get_data(today=today)

    def test_report_rows_are_private(self):
        Report = self.env["oe.entrepreneur.report"]
        self.assertEqual(Report.with_user(self.user_es).search([]).employee_id, self.es)
        rows = Report.with_user(self.manager).search([("employee_id", "in", (self.es | self.other).ids)])
        self.assertEqual(rows.employee_id, self.es | self.other)
        march = rows.filtered(lambda r: r.employee_id == self.es and r.date == date(2026, 3, 1))
        self.assertRecordValues(march, [{"hours": 34.0, "chosen_hours": 135.0, "target_turnover": 2814.75}])


@tagged("post_install", "-at_install")
class TestDashboardPage(HttpCase, DashboardCommon):
    def test_page_in_french_with_the_warning(self):
        self.user_es.password = "oe_es_dash_pw"
        with freeze_time("2026-03-18"):
            self._log(self.es, "2026-03-16", 20)
            self._log(self.es, "2026-03-17", 20)
            self.authenticate("oe_es_dash", "oe_es_dash_pw")
            response = self.url_open("/oe/dashboard")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Mon tableau de bord", response.text)
        self.assertIn("Prenez soin de vous", response.text)
        self.assertNotIn("Someone Else", response.text)

    def test_page_for_a_user_without_entrepreneur_record(self):
        self.manager.write(
            {
                "password": "oe_manager_pw",
                "lang": "fr_FR",
                "groups_id": [Command.link(self.env.ref("website.group_website_designer").id)],
            }
        )
        self.authenticate("oe_manager_29", "oe_manager_pw")
        response = self.url_open("/oe/dashboard")
        self.assertIn("pas enregistré comme Entrepreneur Social", response.text)
