from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import OeMissionCommon


class RevenueStory:
    """The same client documents of March 2026 in ETD 35, for the tests that hold one figure on every
    path (mixin of a test class of ``OeMissionCommon``; not a test case itself).

    * Lead Tutor (person P) has a second operational record in MSG 35, where she invoices nothing;
    * in SAMAD 35: an invoice of 1,000 on her account, one of 300 whose key combines her account with an
      account of another plan ("12,34"), a credit note of 200, a line of 500 on a non-income account and
      an invoice of 700 to MSG 35 (a company of the network): her turnover is 1,100;
    * in MSG 35: an invoice of 400 for Builder B.
    """

    MONTH = date(2026, 3, 1)
    MONTH_END = date(2026, 3, 31)
    DAY = date(2026, 3, 10)

    @classmethod
    def _build_revenue_story(cls):
        cls.es_lead_msg = cls._new_es("Lead Tutor", cls.msg35, user=cls.user_lead)
        cls.person = cls.es_lead.work_contact_id
        plan = cls.env["account.analytic.plan"].create({"name": "Test projects"})
        cls.other_account = cls.env["account.analytic.account"].create({"name": "Project X", "plan_id": plan.id})
        lead, other = cls.es_lead.oe_analytic_account_id.id, cls.other_account.id
        cls.revenue_customer = cls.env["res.partner"].create(
            {"name": "Client Vitré", "country_id": cls.env.ref("base.fr").id}
        )
        Account = cls.env["account.account"]
        cls.non_income_account = Account.search(
            [*Account._check_company_domain(cls.samad35), ("account_type", "=", "liability_current")], limit=1
        )
        cls.story_moves = (
            cls._revenue_move(cls.samad35, [(1000.0, {str(lead): 100})])
            | cls._revenue_move(cls.samad35, [(300.0, {f"{other},{lead}": 100})])
            | cls._revenue_move(cls.samad35, [(200.0, {str(lead): 100})], refund=True)
            | cls._revenue_move(cls.samad35, [(500.0, {str(lead): 100}, cls.non_income_account)])
            | cls._revenue_move(cls.samad35, [(700.0, {str(lead): 100})], partner=cls.msg35.partner_id)
            | cls._revenue_move(cls.msg35, [(400.0, {str(cls.es_b.oe_analytic_account_id.id): 100})])
        )
        # employee record -> its turnover of the month
        cls.expected = {cls.es_lead: 1100.0, cls.es_lead_msg: 0.0, cls.es_b: 400.0}

    @classmethod
    def _revenue_move(cls, company, lines, partner=None, refund=False, day=None, post=True):
        """A client invoice (or credit note) of ``company``: lines (amount excl. VAT, distribution[, account])."""
        product = cls.pole_samad.product_id
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_refund" if refund else "out_invoice",
                    "company_id": company.id,
                    "partner_id": (partner or cls.revenue_customer).id,
                    "invoice_date": day or cls.DAY,
                    "date": day or cls.DAY,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1,
                                "price_unit": line[0],
                                "tax_ids": [Command.clear()],
                                "analytic_distribution": line[1],
                                **({"account_id": line[2].id} if len(line) > 2 else {}),
                            }
                        )
                        for line in lines
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    def _report_turnover(self, employees, date_from=None, date_to=None):
        """The entrepreneurs' report: {employee record: turnover} of the month."""
        groups = (
            self.env["oe.entrepreneur.report"]
            .sudo()
            ._read_group(
                [
                    ("employee_id", "in", employees.ids),
                    ("date", ">=", date_from or self.MONTH),
                    ("date", "<=", date_to or self.MONTH_END),
                ],
                ["employee_id"],
                ["turnover:sum"],
            )
        )
        turnover = dict.fromkeys(employees, 0.0)
        turnover.update(dict(groups))
        return turnover

    def _dashboard_month_turnover(self, user):
        return self.env["oe.entrepreneur.dashboard"]._get_data(user, today=date(2026, 3, 20))["month_turnover"]


@tagged("post_install", "-at_install")
class TestRevenue(RevenueStory, OeMissionCommon):
    """The revenue rules of oe.revenue, seen from the entrepreneurs' report and the dashboard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_revenue_story()

    def test_report_counts_each_revenue_item_once_on_one_record(self):
        self.assertEqual(self._report_turnover(self.es_lead | self.es_lead_msg | self.es_b), self.expected)

    def test_dashboard_month_turnover(self):
        self.assertEqual(self._dashboard_month_turnover(self.user_lead), 1100.0)
        self.assertEqual(self._dashboard_month_turnover(self.user_b), 400.0)

    def test_item_of_the_second_record_cae_goes_to_that_record(self):
        """Operational in the item's CAE: the record of that CAE carries it, not the home one."""
        april = date(2026, 4, 8)
        self._revenue_move(self.msg35, [(250.0, {str(self.es_lead.oe_analytic_account_id.id): 100})], day=april)
        turnover = self._report_turnover(self.es_lead | self.es_lead_msg, date(2026, 4, 1), date(2026, 4, 30))
        self.assertEqual(turnover, {self.es_lead: 0.0, self.es_lead_msg: 250.0})

    def test_item_of_another_cae_goes_to_the_home_record(self):
        """No record in the item's CAE (cross-CAE work): the person's home record carries it, the
        operational one even when an older record of another status exists."""
        user_d = self._new_es_user("oe_es_d", self.msg35, name="Dora D")
        volunteer = self._new_es("Dora D", self.association, status="volunteer", user=user_d)
        home = self._new_es("Dora D", self.msg35, user=user_d)
        self.assertLess(volunteer.id, home.id)
        april = date(2026, 4, 9)
        self._revenue_move(self.samad35, [(80.0, {str(home.oe_analytic_account_id.id): 100})], day=april)
        turnover = self._report_turnover(volunteer | home, date(2026, 4, 1), date(2026, 4, 30))
        self.assertEqual(turnover, {volunteer: 0.0, home: 80.0})

    def test_archived_home_record_gives_way(self):
        """An archived record carries nothing while the person has an active one."""
        self.es_lead.action_archive()
        turnover = self._report_turnover(self.es_lead | self.es_lead_msg)
        self.assertEqual(turnover, {self.es_lead: 0.0, self.es_lead_msg: 1100.0})

    def test_draft_and_cancelled_documents_are_not_revenue(self):
        lead = str(self.es_lead.oe_analytic_account_id.id)
        self._revenue_move(self.samad35, [(90.0, {lead: 100})], post=False)
        self._revenue_move(self.samad35, [(60.0, {lead: 100})]).button_cancel()
        self.assertEqual(self._report_turnover(self.es_lead)[self.es_lead], 1100.0)
