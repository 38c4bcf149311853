from datetime import date

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from odoo.addons.oe_mission.tests.common import OeConcurrencyCase
from odoo.addons.oe_mission.tests.test_revenue import RevenueStory

from .common import OeRedevanceCommon

COUNTED = "est comptée dans le relevé de redevance .*Émettez plutôt un avoir"
BOOKED = "comptabilise la contribution coopérative"


@tagged("post_install", "-at_install")
class TestIntegrityRevenue(RevenueStory, OeRedevanceCommon):
    """The revenue rules are written once (oe.revenue): the same figure on every path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._build_revenue_story()

    def test_same_figure_on_every_path(self):
        person_b = self.es_b.work_contact_id
        # the entrepreneurs' report
        self.assertEqual(self._report_turnover(self.es_lead | self.es_lead_msg | self.es_b), self.expected)
        # the dashboard of each person
        self.assertEqual(self._dashboard_month_turnover(self.user_lead), 1100.0)
        self.assertEqual(self._dashboard_month_turnover(self.user_b), 400.0)
        # the contribution base: one line per record that carries revenue, none in MSG 35 for Lead Tutor
        lines = self.env["oe.contribution.line"].compute_period(self.MONTH, self.MONTH_END, self.samad35 | self.msg35)
        self.assertEqual(
            {line.employee_id: line.base_amount for line in lines}, {self.es_lead: 1100.0, self.es_b: 400.0}
        )
        # the redevance statements: base per entrepreneur, on the same records
        statements = self._generate(self.MONTH, self.MONTH_END, self.samad35 | self.msg35)
        by_person = {}
        for line in statements.line_ids:
            key = (line.company_id, line.partner_id, line.employee_id)
            by_person[key] = by_person.get(key, 0.0) + line.base_amount
        self.assertEqual(
            by_person,
            {
                (self.samad35, self.person, self.es_lead): 1100.0,
                (self.msg35, person_b, self.es_b): 400.0,
            },
        )
        self.assertEqual(sum(statements.mapped("base_amount")), 1500.0)
        # the yearly review of the ETD
        review = (
            self.env["oe.redevance.readjust"]
            .with_user(self.network_admin)
            .create({"etd_id": self.etd35.id, "year": 2026, "rate": 6.0, "reason": "Review"})
        )
        self.assertEqual(review.turnover, 1500.0)

    def test_statement_line_of_a_combined_key(self):
        statement = self._generate(self.MONTH, self.MONTH_END, self.samad35)
        combined = self.story_moves.line_ids.filtered(
            lambda line: line.analytic_distribution and "," in next(iter(line.analytic_distribution))
        )
        self.assertEqual(len(combined), 1)
        counting = statement.line_ids.filtered(lambda line: combined <= line.move_line_ids)
        self.assertEqual((counting.partner_id, counting.employee_id), (self.person, self.es_lead))


@tagged("post_install", "-at_install")
class TestIntegrity(OeRedevanceCommon):
    """What no role can do to the redevance base, the levy rates and the booked contributions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant29 = cls._user("oe_accountant_29", cls.samad | cls.msg, "oe_etd.group_cae_accountant")
        cls.invoice = cls._invoice(cls.samad35, date(2026, 2, 10), 1000.0, cls.es_lead)
        cls.refund = cls._invoice(cls.samad35, date(2026, 2, 12), 100.0, cls.es_lead, refund=True)
        cls.feb = cls._generate_as_sas(date(2026, 2, 1), date(2026, 2, 28))
        feb = cls.feb.with_user(cls.sas_accountant).with_context(allowed_company_ids=(cls.sas | cls.samad35).ids)
        feb.action_confirm()
        feb.action_post()
        cls.roles = {
            "cae accountant": cls.cae_accountant,
            "accountant of both CAEs": cls.accountant35,
            "Gérant": cls.manager35,
            "SAS accountant": cls.sas_accountant,
            "network admin": cls.network_admin,
            "accountant of another CAE": cls.accountant29,
            "entrepreneur": cls.user_lead,
        }

    @classmethod
    def _generate_as_sas(cls, date_from, date_to, companies=None):
        return (
            cls.env["oe.redevance.statement"]
            .with_user(cls.sas_accountant)
            .with_context(allowed_company_ids=(cls.sas | cls.samad35 | cls.msg35).ids)
            .generate(date_from, date_to, companies or cls.samad35)
        )

    def _as(self, records, user):
        return records.with_user(user).with_context(lang="fr_FR", allowed_company_ids=user.company_ids.ids)

    def _snapshot(self, moves):
        moves.invalidate_recordset()
        moves.line_ids.invalidate_recordset()
        return [
            (
                move.state,
                move.date,
                move.partner_id,
                move.amount_total,
                *((line.account_id, line.balance, line.date, line.analytic_distribution) for line in move.line_ids),
            )
            for move in moves
        ]

    def _counted_count(self):
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT COUNT(*) FROM oe_redevance_statement_line_aml_rel rel "
                "JOIN oe_redevance_statement_line sl ON sl.id = rel.statement_line_id "
                "JOIN oe_redevance_statement s ON s.id = sl.statement_id WHERE s.state != 'cancel'"
            )
        )
        return self.env.cr.fetchone()[0]

    # ------------------------------------------------------------------ finding 6: counted documents

    def test_counted_documents_cannot_be_reset_nor_cancelled_by_any_role(self):
        moves = self.invoice | self.refund
        before, counted = self._snapshot(moves), self._counted_count()
        income = self.invoice.invoice_line_ids.account_id
        other_income = self.env["account.account"].search(
            [
                *self.env["account.account"]._check_company_domain(self.samad35),
                ("account_type", "=", "income"),
                ("id", "!=", income.id),
            ],
            limit=1,
        )
        attempts = {
            "reset to draft": lambda m: m.button_draft(),
            "cancel": lambda m: m.button_cancel(),
            "state": lambda m: m.write({"state": "draft"}),
            "date": lambda m: m.write({"date": date(2026, 1, 15)}),
            "partner": lambda m: m.write({"partner_id": self.msg35.partner_id.id}),
            "line amount": lambda m: m.invoice_line_ids.write({"price_unit": 1.0}),
            "line balance": lambda m: m.line_ids.write({"balance": 0.0}),
            "line account": lambda m: m.invoice_line_ids.write({"account_id": other_income.id}),
            "line date": lambda m: m.invoice_line_ids.write({"date": date(2026, 4, 1)}),
            "line analytic": lambda m: m.invoice_line_ids.write({"analytic_distribution": {}}),
            "line unlink": lambda m: m.invoice_line_ids.with_context(force_delete=True).unlink(),
        }
        for role, user in self.roles.items():
            for what, attempt in attempts.items():
                for move in moves:
                    with self.subTest(role=role, attempt=what, move=move.move_type), mute_logger("odoo.models"):
                        with self.assertRaises(UserError) as caught:
                            attempt(self._as(move, user))
                        if role in ("cae accountant", "accountant of both CAEs", "SAS accountant", "network admin"):
                            # those who may touch the document are told why not
                            self.assertRegex(str(caught.exception), COUNTED)
        self.assertEqual(self._snapshot(moves), before, "nothing changed")
        self.assertEqual(self._counted_count(), counted)

    def test_counted_document_refused_even_as_superuser(self):
        with self.assertRaisesRegex(UserError, COUNTED):
            self.invoice.with_context(lang="fr_FR").button_draft()
        self.assertEqual(self.invoice.state, "posted")

    def test_refused_while_the_statement_is_draft_then_allowed_once_cancelled(self):
        march = self._invoice(self.samad35, date(2026, 3, 5), 300.0, self.es_lead)
        statement = self._generate_as_sas(date(2026, 3, 1), date(2026, 3, 31))
        with self.assertRaisesRegex(UserError, COUNTED):
            self._as(march, self.cae_accountant).button_draft()
        self.assertEqual(march.state, "posted")
        self._as(statement, self.sas_accountant).action_cancel()
        self._as(march, self.cae_accountant).button_draft()
        self.assertEqual(march.state, "draft")

    def test_credit_note_is_the_way_and_the_next_statement_counts_it(self):
        """The posted bases of the months add up to the ledger's revenue of those months, credit notes
        and late documents included."""
        self._invoice(self.samad35, date(2026, 3, 4), 500.0, self.es_lead)
        reversal = self.invoice._reverse_moves([{"date": date(2026, 3, 20), "invoice_date": date(2026, 3, 20)}])
        reversal.action_post()
        march = self._generate_as_sas(date(2026, 3, 1), date(2026, 3, 31))
        self.assertEqual(march.base_amount, 500.0 - 1000.0)
        self._invoice(self.samad35, date(2026, 3, 28), 250.0, self.es_b, product=self.product_bati)  # late
        april_invoice = self._invoice(self.samad35, date(2026, 4, 2), 80.0)  # no entrepreneur: still revenue
        for statement in march:
            self._as(statement, self.sas_accountant).action_confirm()
            self._as(statement, self.sas_accountant).action_post()
        april = self._generate_as_sas(date(2026, 4, 1), date(2026, 4, 30))
        self.assertEqual((april.base_amount, april.regularisation_amount), (330.0, 250.0))
        self._as(april, self.sas_accountant).action_confirm()
        self._as(april, self.sas_accountant).action_post()
        self.assertEqual(april_invoice.state, "posted")
        posted = self.Statement.search([("company_id", "=", self.samad35.id), ("state", "=", "posted")])
        self.assertEqual(len(posted), 3)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT SUM(-aml.balance) FROM account_move_line aml
                   JOIN account_move am ON am.id = aml.move_id
                   JOIN account_account acc ON acc.id = aml.account_id
                  WHERE aml.company_id = %s AND aml.date BETWEEN '2026-02-01' AND '2026-04-30' AND %s""",
                self.samad35.id,
                self.env["oe.revenue"]._item_conditions(),
            )
        )
        ledger = self.env.cr.fetchone()[0]
        self.assertEqual(ledger, 1000.0 - 100.0 + 500.0 - 1000.0 + 250.0 + 80.0)
        self.assertEqual(sum(posted.mapped("base_amount")), ledger)

    def test_payment_of_a_counted_invoice_is_allowed(self):
        """Only what the base depends on is frozen: a counted invoice is still paid."""
        payment = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=self.invoice.ids)
            .create({"payment_date": date(2026, 2, 20)})
            ._create_payments()
        )
        self.assertTrue(payment)
        self.assertIn(self.invoice.payment_state, ("paid", "in_payment"))

    # ------------------------------------------------------------------ finding 10: levies below 100 %

    def _rates_snapshot(self):
        rates = [
            *self.env["oe.contribution.rate"].search([("company_id", "in", (self.samad35 | self.msg35).ids)]),
            *self.env["oe.redevance.rate"].search([("etd_id", "=", self.etd35.id)]),
        ]
        return sorted((rate._name, rate.id, rate.rate, rate.date_from) for rate in rates)

    def test_contribution_rate_next_to_the_redevance_stays_below_100(self):
        Rate = self.env["oe.contribution.rate"]
        before = self._rates_snapshot()
        for role, user in (("Gérant", self.manager35), ("accountant", self.accountant35)):
            for vals in (
                {"company_id": self.samad35.id, "date_from": "2026-01-01", "rate": 94.0},
                {"company_id": self.samad35.id, "employee_id": self.es_lead.id, "date_from": "2026-05-01", "rate": 95},
                {"company_id": self.msg35.id, "date_from": "2024-01-01", "rate": 96.0},
            ):
                with self.subTest(role=role, vals=vals), mute_logger("odoo.sql_db"):
                    with self.assertRaisesRegex(ValidationError, r"font ensemble 1\d\d,00 %.*sous 100,00 %"):
                        self._as(Rate, user).create(vals)
        self.assertEqual(self._rates_snapshot(), before)
        allowed = self._as(Rate, self.manager35).create(
            {"company_id": self.samad35.id, "date_from": "2026-01-01", "rate": 93.99}
        )
        with self.assertRaisesRegex(ValidationError, "À partir du 01/01/2026.*de CAE SAMAD 35 "):
            self._as(allowed, self.manager35).write({"rate": 94.0})
        self.assertEqual(allowed.rate, 93.99)

    def test_redevance_rate_checked_at_every_date_where_either_side_changes(self):
        Rate = self.env["oe.contribution.rate"]
        Rate.create({"company_id": self.samad35.id, "date_from": "2026-01-01", "rate": 20.0})
        Rate.create({"company_id": self.samad35.id, "date_from": "2027-06-01", "rate": 85.0})
        before = self._rates_snapshot()
        # 16 % from January 2027: fine on that day (20 + 16), not from June 2027 (85 + 16)
        with self.assertRaisesRegex(ValidationError, r"À partir du 01/06/2027.*\(85,00 %\).*\(16,00 %\)"):
            self._as(self.env["oe.redevance.rate"], self.network_admin).create(
                {"etd_id": self.etd35.id, "date_from": "2027-01-01", "rate": 16.0, "reason": "Results"}
            )
        self.assertEqual(self._rates_snapshot(), before)
        # Builder B's own rate: 89 + 11
        Rate.create({"company_id": self.msg35.id, "employee_id": self.es_b.id, "date_from": "2026-03-01", "rate": 89.0})
        april = self.env["oe.redevance.rate"].create(
            {"etd_id": self.etd35.id, "date_from": "2026-04-01", "rate": 6.0, "reason": "Results"}
        )
        before = self._rates_snapshot()
        with self.assertRaisesRegex(ValidationError, "À partir du 01/04/2026, le taux de contribution de Builder B"):
            self._as(april, self.network_admin).write({"rate": 11.0})
        self.assertEqual(self._rates_snapshot(), before)

    def test_removing_a_rate_that_keeps_the_levies_below_100(self):
        Rate = self.env["oe.contribution.rate"]
        Rate.create({"company_id": self.samad35.id, "date_from": "2026-01-01", "rate": 90.0})
        lower = Rate.create({"company_id": self.samad35.id, "date_from": "2026-06-01", "rate": 50.0})
        self.env["oe.redevance.rate"].create(
            {"etd_id": self.etd35.id, "date_from": "2026-07-01", "rate": 20.0, "reason": "Results"}
        )
        before = self._rates_snapshot()
        with self.assertRaisesRegex(ValidationError, "À partir du 01/07/2026"):
            self._as(lower, self.manager35).unlink()
        self.assertEqual(self._rates_snapshot(), before)

    # ------------------------------------------------------------------ booked contributions

    def test_booked_contribution_lines_are_not_edited_by_hand(self):
        self.env["oe.contribution.rate"].create({"company_id": self.samad35.id, "date_from": "2025-01-01", "rate": 10})
        line = self._as(self.env["oe.contribution.line"], self.accountant35).compute_period(
            date(2026, 2, 1), date(2026, 2, 28), self.samad35
        )
        line.action_post()
        analytic = line.analytic_line_ids
        self.assertEqual(sorted(analytic.mapped("amount")), [-90.0, 90.0])
        count = self.env["account.analytic.line"].search_count([("oe_contribution_line_id", "!=", False)])
        for role, user in self.roles.items():
            for what, attempt in {
                "amount": lambda lines: lines.write({"amount": 0.0}),
                "name": lambda lines: lines.write({"name": "Oops"}),
                "unlink": lambda lines: lines.unlink(),
                "create": lambda lines: lines.create(
                    {"name": "Fake", "amount": 5.0, "oe_contribution_line_id": line.id, "company_id": self.samad35.id}
                ),
                "create with a default": lambda lines: lines.with_context(
                    default_oe_contribution_line_id=line.id
                ).create({"name": "Fake", "amount": -999.0, "company_id": self.samad35.id}),
            }.items():
                with self.subTest(role=role, attempt=what), mute_logger("odoo.models"):
                    with self.assertRaises(UserError) as caught:
                        attempt(self._as(analytic, user))
                    if role in ("cae accountant", "accountant of both CAEs") and not what.startswith("create"):
                        # those who may write analytic lines are told why not
                        self.assertRegex(str(caught.exception), BOOKED)
        analytic.invalidate_recordset()
        self.assertEqual(sorted(analytic.mapped("amount")), [-90.0, 90.0])
        self.assertEqual(
            self.env["account.analytic.line"].search_count([("oe_contribution_line_id", "!=", False)]), count
        )
        # the booking itself still books corrections by new lines
        self._invoice(self.samad35, date(2026, 2, 25), 100.0, self.es_lead)
        line.compute_period(date(2026, 2, 1), date(2026, 2, 28), self.samad35)
        line.action_post()
        self.assertEqual(len(line.analytic_line_ids), 4)

    # ------------------------------------------------------------------ the yearly review

    def test_yearly_review_of_a_sane_year_only(self):
        Readjust = self._as(self.env["oe.redevance.readjust"], self.network_admin)
        next_year = date.today().year + 1
        for year in (0, -3, 1999, next_year + 1, 99999):
            with self.subTest(year=year):
                with self.assertRaisesRegex(ValidationError, f"année de 2000 à {next_year}, pas {year}"):
                    Readjust.create({"etd_id": self.etd35.id, "year": year, "rate": 6.0, "reason": "R"})
        review = Readjust.new({"etd_id": self.etd35.id, "year": 0})
        self.assertEqual((review.turnover, review.current_rate), (0.0, 0.0), "no raw error while typing")
        review = Readjust.create({"etd_id": self.etd35.id, "year": 2026, "rate": 6.0, "reason": "R"})
        self.assertEqual(review.turnover, 900.0)


@tagged("post_install", "-at_install")
class TestIntegrityConcurrency(OeConcurrencyCase):
    """Two generations of the same statements at the same time, in two transactions: one wins, the other
    fails to serialise and, run again (as Odoo retries it), finds the first one's statement; no journal
    item is counted twice.

    They work on the committed demo data of CAE SAMAD 44 (this month, which no demo statement covers); the
    statement is deleted at the end.
    """

    def test_two_generations_at_once(self):
        company_id = self.env.ref("oe_etd.company_samad_44").id
        Statement = self.env["oe.redevance.statement"]
        date_from, date_to = Statement._period_of(fields.Date.context_today(Statement), "month")

        def generate(env, ready):
            env["oe.redevance.statement"].search_count([("company_id", "=", company_id)])  # the snapshot
            ready()
            return env["oe.redevance.statement"].generate(date_from, date_to, env["res.company"].browse(company_id)).ids

        def statements_of_the_month(env):
            return env["oe.redevance.statement"].search(
                [("company_id", "=", company_id), ("date_from", "=", date_from), ("state", "!=", "cancel")]
            )

        def retry(env):
            """What Odoo does with a transaction that failed to serialise: run it again."""
            again = generate(env, lambda: None)
            counted = statements_of_the_month(env).line_ids.move_line_ids
            env.cr.execute(
                "SELECT move_line_id FROM oe_redevance_statement_line_aml_rel rel"
                " JOIN oe_redevance_statement_line l ON l.id = rel.statement_line_id"
                " JOIN oe_redevance_statement s ON s.id = l.statement_id"
                " WHERE s.state != 'cancel' AND rel.move_line_id IN %s"
                " GROUP BY move_line_id HAVING COUNT(*) > 1",
                [tuple(counted.ids) or (0,)],
            )
            return again, len(statements_of_the_month(env)), env.cr.fetchall()

        try:
            outcomes = self._run_at_once(generate)
            self.assertEqual(sorted(kind for kind, _ids in outcomes), ["done", "refused"], outcomes)
            [won] = [ids for kind, ids in outcomes if kind == "done"]
            again, count, counted_twice = self._in_new_cursor(retry)
            self.assertEqual(again, won, "the retry finds the same statement")
            self.assertEqual(count, 1)
            self.assertFalse(counted_twice, "no journal item counted twice")
        finally:
            self._in_new_cursor(lambda env: statements_of_the_month(env).unlink())
