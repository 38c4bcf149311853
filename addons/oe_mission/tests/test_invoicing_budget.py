from odoo import fields
from odoo.tests import tagged

from .common import OeMissionCommon

# Measured: 710 queries with 1 line per mission, 720 with 10 (oe_etd, oe_entrepreneur, oe_mission installed,
# Odoo 18 community): the cost follows the number of invoices (missions), not the number of hours.
QUERY_BUDGET = 725
# With sale_timesheet (auto-installed beside sale_management, which oe_business depends on): 916 and 926, two
# queries more per invoice (its own fields of the invoice lines), still none per hour.
QUERY_BUDGET_SALE_TIMESHEET = 940


@tagged("post_install", "-at_install")
class TestInvoicingQueryBudget(OeMissionCommon):
    """Invoicing 100 missions costs the same number of queries with 1 or 10 validated lines each."""

    def _build(self, lines_per_mission):
        missions = self.env["project.project"].create(
            [
                {
                    "name": f"Budget mission {n}",
                    "oe_is_mission": True,
                    "partner_id": self.client.id,
                    "oe_pole_id": self.pole_samad.id,
                    "oe_lead_employee_id": self.es_lead.id,
                    "oe_state": "in_progress",
                }
                for n in range(100)
            ]
        )
        assignments = self.env["oe.mission.assignment"].create(
            [
                {"project_id": mission.id, "employee_id": self.es_lead.id, "function_id": self.f_tutor.id}
                for mission in missions
            ]
        )
        assignments.write({"state": "accepted"})
        # Hours spread over the month so that no day passes 24 hours.
        lines = (
            self.env["account.analytic.line"]
            .with_context(allowed_company_ids=self.samad35.ids)
            .create(
                [
                    {
                        "name": "Budget",
                        "project_id": assignment.project_id.id,
                        "employee_id": self.es_lead.id,
                        "oe_assignment_id": assignment.id,
                        "date": fields.Date.to_date(f"2026-04-{1 + (index % 28):02d}"),
                        "unit_amount": 0.1,
                    }
                    for index, assignment in enumerate(assignments)
                    for _line in range(lines_per_mission)
                ]
            )
        )
        lines.sudo().write({"oe_validated": True})
        self.env.invalidate_all()
        return missions

    def _invoice_with_budget(self, lines_per_mission):
        missions = self._build(lines_per_mission)
        with_sale_timesheet = "timesheet_invoice_id" in self.env["account.analytic.line"]._fields
        with self.assertQueryCount(__system__=QUERY_BUDGET_SALE_TIMESHEET if with_sale_timesheet else QUERY_BUDGET):
            invoices = missions.oe_invoice_timesheets(
                fields.Date.to_date("2026-04-01"), fields.Date.to_date("2026-04-30")
            )
        self.assertEqual(len(invoices), 100)
        self.assertEqual(len(invoices.invoice_line_ids.oe_timesheet_ids), 100 * lines_per_mission)

    def test_budget_one_line_per_mission(self):
        self._invoice_with_budget(1)

    def test_budget_ten_lines_per_mission(self):
        self._invoice_with_budget(10)
