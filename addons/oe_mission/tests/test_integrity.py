"""What no role can do to hours, client invoices and the documents between CAEs (issue 9).

Each test plays the scenario as the user who would try it, through the ORM as that user (``with_user``),
and asserts the refusal (type and French message) and that nothing changed.
"""

from datetime import timedelta

import psycopg2.errors

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import HttpCase, tagged

from .common import OeConcurrencyCase, OeJsonRpcMixin, OeMissionCommon


class OeIntegrityCommon(OeMissionCommon):
    """ETD 35: a mission of SAMAD 35 led by ``es_lead``, ``es_b`` of MSG 35 on it (cross-CAE, accepted),
    validated hours of both in February, their client invoice posted; users of one CAE only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="fr_FR"))
        cls.samad35.oe_retention_rate = 10.0
        cls.f_developer = cls.env.ref("oe_entrepreneur.function_developer")
        cls.assignment_b = cls._assign(cls.mission, cls.es_b, cls.f_developer, accept=True)
        cls.gerant_samad = cls._user("oe_gerant_samad35", cls.samad35, "oe_etd.group_cae_manager")
        cls.gerant_msg = cls._user("oe_gerant_msg35", cls.msg35, "oe_etd.group_cae_manager")
        cls.accountant_samad = cls._user("oe_compta_samad35", cls.samad35, "oe_etd.group_cae_accountant")
        cls.accountant_msg = cls._user("oe_compta_msg35", cls.msg35, "oe_etd.group_cae_accountant")
        cls.hours_b = cls._log(cls.es_b, cls.mission, "2026-02-05", 2, user=cls.user_b)
        cls.hours_lead = cls._log(cls.es_lead, cls.mission, "2026-02-06", 5, user=cls.user_lead)
        cls.hours_b.with_user(cls.user_lead).action_oe_validate()
        cls.hours_lead.with_user(cls.manager35).action_oe_validate()
        cls.invoice = cls._invoice_february()
        cls.invoice.action_post()

    @classmethod
    def _invoice_february(cls):
        invoice = (
            cls.mission.with_user(cls.accountant_samad)
            .with_context(allowed_company_ids=cls.samad35.ids)
            .oe_invoice_timesheets(fields.Date.to_date("2026-02-01"), fields.Date.to_date("2026-02-28"))
        )
        invoice.invoice_date = "2026-02-28"
        return invoice

    def _as(self, user, records, companies=None):
        companies = (companies or user.company_ids) & user.company_ids
        return records.with_user(user).with_context(allowed_company_ids=companies.ids, lang="fr_FR")

    def _moves(self, company, partner, move_type):
        return self.env["account.move"].search(
            [("company_id", "=", company.id), ("partner_id", "=", partner.id), ("move_type", "=", move_type)]
        )

    def _home_net(self):
        """What MSG 35 (home CAE of es_b) has invoiced SAMAD 35, net of credit notes, posted only."""
        moves = self.env["account.move"].search(
            [
                ("company_id", "=", self.msg35.id),
                ("partner_id", "=", self.samad35.partner_id.id),
                ("state", "=", "posted"),
            ]
        )
        return sum(moves.mapped("amount_untaxed_signed"))

    def _mirror_net(self):
        """The same, from SAMAD 35's vendor bills (OCA's mirrors)."""
        moves = self.env["account.move"].search(
            [
                ("company_id", "=", self.samad35.id),
                ("partner_id", "=", self.msg35.partner_id.id),
                ("state", "=", "posted"),
            ]
        )
        return -sum(moves.mapped("amount_untaxed_signed"))

    def _snapshot(self, lines):
        return [(line.unit_amount, line.date, line.oe_validated, line.oe_invoice_line_id.id) for line in lines]


@tagged("post_install", "-at_install")
class TestIntegrityHours(OeIntegrityCommon):
    """Findings 1 and 2: validated or invoiced hours are not rewritten, by anybody."""

    def test_entrepreneur_cannot_unlink_her_hours_from_the_invoice(self):
        before = self._snapshot(self.hours_lead)
        with self.assertRaisesRegex(AccessError, "validées et facturées par leurs propres actions"):
            self._as(self.user_lead, self.hours_lead).write({"oe_invoice_line_id": False, "oe_validated": False})
        with self.assertRaisesRegex(AccessError, "validées et facturées par leurs propres actions"):
            self._as(self.user_lead, self.hours_lead).write({"oe_validated": True, "oe_validated_by_id": 2})
        self.assertEqual(self._snapshot(self.hours_lead), before)
        self.assertEqual(self.invoice.invoice_line_ids.oe_timesheet_ids, self.hours_lead | self.hours_b)

    def test_no_hours_are_born_validated_or_invoiced(self):
        Line = self.env["account.analytic.line"]
        count = Line.search_count([])
        for user in (self.user_lead, self.manager35, self.accountant35):
            for extra in ({"oe_validated": True}, {"oe_invoice_line_id": self.invoice.invoice_line_ids[0].id}):
                with self.assertRaisesRegex(AccessError, "validées et facturées par leurs propres actions"):
                    self._as(user, Line, self.samad35 | self.msg35).create(
                        dict(
                            name="Born validated",
                            project_id=self.mission.id,
                            employee_id=self.es_lead.id,
                            date="2026-02-07",
                            unit_amount=1,
                            **extra,
                        )
                    )
        self.assertEqual(Line.search_count([]), count)

    def test_defaults_of_the_context_are_values_too(self):
        Line = self.env["account.analytic.line"]
        count = Line.search_count([])
        for defaults in (
            {"default_oe_validated": True, "default_oe_validated_by_id": self.user_lead.id},
            {"default_oe_invoice_line_id": self.invoice.invoice_line_ids[0].id},
        ):
            with self.assertRaisesRegex(AccessError, "validées et facturées par leurs propres actions"):
                self._as(self.user_b, Line).with_context(**defaults).create(
                    {
                        "name": "Defaults",
                        "project_id": self.mission.id,
                        "employee_id": self.es_b.id,
                        "date": "2026-02-07",
                        "unit_amount": 80,
                    }
                )
        self.assertEqual(Line.search_count([]), count)

    def test_no_validation_through_a_colleague_s_name(self):
        """The lead logs hours, puts them in a colleague's name, and would validate them herself."""
        assignment_c = self._assign(self.mission, self.es_c, self.f_tutor, accept=True)
        line = self._log(self.es_lead, self.mission, "2026-03-02", 8, user=self.user_lead)
        self._as(self.user_lead, line).write({"employee_id": self.es_c.id, "oe_assignment_id": assignment_c.id})
        with self.assertRaisesRegex(AccessError, "Personne ne valide ses propres heures"):
            self._as(self.user_lead, line).action_oe_validate()
        self.assertFalse(line.oe_validated)

    def test_a_gerant_does_not_change_his_own_validated_hours(self):
        gerant_es = self._user("oe_gerant_es35", self.samad35, "oe_etd.group_cae_manager,oe_etd.group_entrepreneur")
        employee = self._new_es("Gérant ES", self.samad35, user=gerant_es, oe_hourly_rate=20.0)
        self._assign(self.mission, employee, self.f_tutor, accept=True)
        line = self._log(employee, self.mission, "2026-03-02", 1, user=gerant_es)
        self._as(self.user_lead, line).action_oe_validate()
        with self.assertRaisesRegex(UserError, "validées ne peuvent plus"):
            self._as(gerant_es, line).write({"unit_amount": 12})
        self.assertEqual(line.unit_amount, 1)
        self._as(self.gerant_samad, line).write({"unit_amount": 2})
        self.assertEqual(line.unit_amount, 2, "another Gérant of the CAE may")

    def test_nobody_validates_their_own_hours(self):
        own = self._log(self.es_lead, self.mission, "2026-03-02", 2, user=self.user_lead)
        with self.assertRaisesRegex(AccessError, "Personne ne valide ses propres heures"):
            self._as(self.user_lead, own).action_oe_validate()
        self.assertFalse(own.oe_validated)
        # Nor a partner of the team who is not the lead, nor a Gérant of another CAE.
        with self.assertRaisesRegex(AccessError, "responsable de la mission"):
            self._as(self.user_b, own).action_oe_validate()
        with self.assertRaisesRegex(AccessError, "responsable de la mission"):
            self._as(self.gerant_msg, own, self.msg35).action_oe_validate()
        self.assertFalse(own.oe_validated)
        self._as(self.gerant_samad, own).action_oe_validate()
        self.assertTrue(own.oe_validated)
        self.assertEqual(own.oe_validated_by_id, self.gerant_samad)

    def test_invoiced_hours_are_frozen_for_everybody(self):
        before = self._snapshot(self.hours_lead)
        changes = (
            {"unit_amount": 9},
            {"date": "2026-02-07"},
            {"employee_id": self.es_c.id},
            {"oe_assignment_id": self.assignment_b.id},
        )
        for user in (self.manager35, self.gerant_samad, self.accountant35, self.network_admin):
            for change in changes:
                with self.assertRaisesRegex(UserError, "sont sur une facture"):
                    self._as(user, self.hours_lead, self.samad35 | self.msg35).write(change)
            with self.assertRaisesRegex(UserError, "sont sur une facture"):
                self._as(user, self.hours_lead, self.samad35 | self.msg35).unlink()
        self.assertEqual(self._snapshot(self.hours_lead), before)
        self.assertEqual(self.invoice.amount_untaxed, 5 * 25.0 + 2 * 30.0)

    def test_a_full_credit_note_releases_them(self):
        refund = self.invoice._reverse_moves([{"invoice_date": "2026-02-28"}])
        refund.action_post()
        self.assertFalse(self.hours_lead.oe_invoice_line_id)
        self._as(self.gerant_samad, self.hours_lead).write({"unit_amount": 4})
        self.assertEqual(self.hours_lead.unit_amount, 4)
        # The entrepreneur still cannot: the hours are validated.
        with self.assertRaisesRegex(UserError, "validées ne peuvent plus"):
            self._as(self.user_lead, self.hours_lead).write({"unit_amount": 6})
        self.assertEqual(self.hours_lead.unit_amount, 4)

    def test_hours_only_worked_on_a_mission_under_way(self):
        Line = self.env["account.analytic.line"]
        count = Line.search_count([])
        tomorrow = fields.Date.context_today(Line) + timedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "dans le futur"):
            self._log(self.es_lead, self.mission, tomorrow, 1, user=self.user_lead)
        self.mission.oe_state = "draft"
        with self.assertRaisesRegex(ValidationError, "pas en cours"):
            self._log(self.es_lead, self.mission, "2026-03-03", 1, user=self.user_lead)
        self.assertEqual(Line.search_count([]), count)


@tagged("post_install", "-at_install")
class TestIntegrityInterCae(OeIntegrityCommon):
    """Findings 3 and 4: one document between CAEs per client document, only from the invoicing of hours."""

    def test_first_posting(self):
        self.assertEqual(self._home_net(), 54.0, "2 h x 30 x (1 - 10 %)")
        self.assertEqual(self._mirror_net(), 54.0)

    def test_reset_and_post_again_leaves_one_live_document(self):
        invoice = self._as(self.accountant_samad, self.invoice)
        invoice.button_draft()
        self.assertEqual(self._home_net(), 0.0, "resetting reverses the inter-CAE invoice")
        self.assertEqual(self._mirror_net(), 0.0, "and its mirror")
        invoice.action_post()
        self.assertEqual(self._home_net(), 54.0)
        self.assertEqual(self._mirror_net(), 54.0)
        self.assertEqual(len(self.invoice._oe_live_home_documents()), 1)
        # Posting again the same document (soft re-post through another path) adds nothing.
        self.invoice.sudo()._oe_invoice_home_caes()
        self.assertEqual(self._home_net(), 54.0)

    def test_cancelling_the_client_invoice_reverses_both_cae(self):
        self._as(self.accountant_samad, self.invoice).button_cancel()
        self.assertEqual(self.invoice.state, "cancel")
        self.assertEqual(self._home_net(), 0.0)
        self.assertEqual(self._mirror_net(), 0.0)
        self.assertFalse((self.hours_lead | self.hours_b).oe_invoice_line_id, "the hours are free again")

    def test_partial_credit_note_credits_in_proportion(self):
        invoice_line_b = self.hours_b.sudo().oe_invoice_line_id
        self.assertEqual(invoice_line_b.move_id, self.invoice)
        refund = self.invoice._reverse_moves([{"invoice_date": "2026-02-28"}])
        # A price correction of 40 % on every line.
        for line in refund.invoice_line_ids:
            line.price_unit = round(line.price_unit * 0.4, 2)
        refund.action_post()
        self.assertEqual(
            self.hours_b.oe_invoice_line_id, invoice_line_b, "a partial credit note does not release the hours"
        )
        self.assertAlmostEqual(self._home_net(), 54.0 * 0.6)
        self.assertAlmostEqual(self._mirror_net(), 54.0 * 0.6)
        # A second credit note cannot take back more than what is left.
        second = self.invoice._reverse_moves([{"invoice_date": "2026-02-28"}])
        second.action_post()
        self.assertAlmostEqual(self._home_net(), 0.0)
        self.assertAlmostEqual(self._mirror_net(), 0.0)

    def test_credited_documents_are_not_reset(self):
        refund = self.invoice._reverse_moves([{"invoice_date": "2026-02-28"}])
        refund.action_post()
        self.assertTrue(refund.oe_released_hours)
        for user in (self.accountant_samad, self.accountant35, self.network_admin):
            with self.assertRaisesRegex(UserError, "a libéré ses heures"):
                self._as(user, refund, self.samad35).button_draft()
            with self.assertRaisesRegex(UserError, "a libéré ses heures"):
                self._as(user, refund, self.samad35).button_cancel()
            with self.assertRaisesRegex(UserError, "a un avoir comptabilisé"):
                self._as(user, self.invoice, self.samad35).button_draft()
        self.assertEqual((refund.state, self.invoice.state), ("posted", "posted"))
        self.assertAlmostEqual(self._home_net(), 0.0)

    def test_state_is_left_only_by_the_buttons(self):
        for user, companies in ((self.accountant_samad, self.samad35), (self.network_admin, self.samad35)):
            for state in ("cancel", "draft"):
                with self.assertRaisesRegex(UserError, "ne change d.état que par ses boutons"):
                    self._as(user, self.invoice, companies).write({"state": state})
        self.assertEqual(self.invoice.state, "posted")
        self.assertEqual(self._home_net(), 54.0)

    def test_posted_entries_are_not_rewritten_nor_deleted(self):
        draft = self._as(self.accountant_samad, self.invoice).copy()
        with self.assertRaisesRegex(UserError, "ne change d'état que par ses boutons"):
            self._as(self.accountant_samad, draft).write({"state": "posted"})
        self.assertEqual(draft.state, "draft")
        invoice = self._as(self.accountant_samad, self.invoice)
        income = invoice.invoice_line_ids[0]
        other_account = self.env["account.account"].search(
            [("company_ids", "in", self.samad35.ids), ("account_type", "=", "liability_current")], limit=1
        )
        for records, values in (
            (invoice.with_context(skip_readonly_check=True), {"partner_id": self.msg35.partner_id.id}),
            (invoice.with_context(skip_readonly_check=True), {"date": "2026-03-31"}),
            (income, {"account_id": other_account.id}),
            (income, {"price_unit": 1.0}),
            (income, {"analytic_distribution": False}),
        ):
            with self.assertRaisesRegex(UserError, "n'est jamais réécrite"):
                records.write(values)
        with self.assertRaisesRegex(UserError, "n'est jamais réécrite"):
            self._as(self.accountant_samad, self.env["account.move.line"]).with_context(
                check_move_validity=False
            ).create({"move_id": self.invoice.id, "name": "Extra", "account_id": other_account.id, "debit": 500})
        with self.assertRaisesRegex(UserError, "n'est jamais supprimée"):
            invoice.with_context(force_delete=True).unlink()
        self.assertRecordValues(self.invoice, [{"state": "posted", "amount_untaxed": 5 * 25.0 + 2 * 30.0}])
        self.assertEqual(self._home_net(), 54.0)

    def test_documents_between_companies_are_not_scheduled(self):
        with self.assertRaisesRegex(ValidationError, "jamais programmés"):
            self._as(self.accountant_samad, self.env["account.move"]).create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.msg35.partner_id.id,
                    "invoice_date": "2026-02-28",
                    "auto_post": "at_date",
                    "invoice_line_ids": [Command.create({"name": "Prestation", "quantity": 1, "price_unit": 6000})],
                }
            )

    def test_documents_between_companies_are_not_made_by_hand(self):
        home = self.invoice._oe_live_home_documents()
        bill = self.env["account.move"].search([("auto_invoice_id", "=", home.id)])
        self.assertEqual(bill.state, "posted")
        # A hand-made invoice of SAMAD 35 to MSG 35: refused when posted (OCA would post its mirror).
        move = self._as(self.accountant_samad, self.env["account.move"]).create(
            {
                "move_type": "out_invoice",
                "partner_id": self.msg35.partner_id.id,
                "invoice_date": "2026-02-28",
                "invoice_line_ids": [Command.create({"name": "Prestation", "quantity": 1, "price_unit": 10000})],
            }
        )
        with self.assertRaisesRegex(UserError, "entre sociétés du réseau"):
            move.action_post()
        # The mirror bill cannot be reset, cancelled or credited by the accountant of the mission's CAE.
        for action in ("button_draft", "button_cancel"):
            with self.assertRaisesRegex(UserError, "entre sociétés du réseau"):
                getattr(self._as(self.accountant_samad, bill), action)()
        wizard = (
            self._as(self.accountant_samad, self.env["account.move.reversal"])
            .with_context(active_model="account.move", active_ids=bill.ids)
            .create({"journal_id": bill.journal_id.id, "date": "2026-02-28"})
        )
        with self.assertRaisesRegex(UserError, "entre sociétés du réseau"):
            wizard.modify_moves()  # reverse (posted at once) and make a new draft
        wizard.refund_moves()  # a draft credit note: refused when posted
        refund = self.env["account.move"].search([("reversed_entry_id", "=", bill.id)])
        self.assertEqual(refund.state, "draft")
        with self.assertRaisesRegex(UserError, "entre sociétés du réseau"):
            self._as(self.accountant_samad, refund).action_post()
        # Nor the home CAE's invoice by its own accountant.
        with self.assertRaisesRegex(UserError, "entre sociétés du réseau"):
            self._as(self.accountant_msg, home).button_draft()
        self.assertEqual((bill.state, home.state), ("posted", "posted"))
        self.assertEqual(self._home_net(), 54.0)
        self.assertEqual(self._mirror_net(), 54.0)

    def test_home_cae_paid_from_the_hours_not_the_line(self):
        """The mission's CAE strips the assignment from the line before posting: the home CAE is paid all
        the same, from the hours linked to the line."""
        self._as(self.accountant_samad, self.invoice).button_draft()
        for line in self.invoice.invoice_line_ids:
            self._as(self.accountant_samad, line).write({"oe_assignment_id": False})
        self._as(self.accountant_samad, self.invoice).action_post()
        self.assertEqual(self._home_net(), 54.0)
        self.assertEqual(self._mirror_net(), 54.0)

    def test_a_credit_note_keeps_its_mission(self):
        refund = self._as(self.accountant_samad, self.invoice)._reverse_moves([{"invoice_date": "2026-02-28"}])
        with self.assertRaisesRegex(UserError, "ou d'un avoir, ne peut pas changer"):
            self._as(self.accountant_samad, refund).write({"oe_mission_id": False})
        refund.invoice_line_ids.write({"oe_assignment_id": False})
        refund.action_post()
        self.assertFalse((self.hours_lead | self.hours_b).oe_invoice_line_id, "released")
        self.assertAlmostEqual(self._home_net(), 0.0, msg="and the home CAE fully credited")
        self.assertAlmostEqual(self._mirror_net(), 0.0)

    def test_earlier_partial_credit_notes_stay_once_the_hours_are_released(self):
        first = self.invoice._reverse_moves([{"invoice_date": "2026-02-28"}])
        for line in first.invoice_line_ids:
            line.price_unit = round(line.price_unit * 0.4, 2)
        first.action_post()
        second = self.invoice._reverse_moves([{"invoice_date": "2026-02-28"}])
        for line in second.invoice_line_ids:
            line.price_unit = round(line.price_unit * 0.6, 2)
        second.action_post()
        self.assertFalse(self.hours_b.oe_invoice_line_id, "40 % + 60 %: released")
        with self.assertRaisesRegex(UserError, "a libéré ses heures"):
            self._as(self.accountant_samad, first).button_draft()
        self.assertEqual(first.state, "posted")
        self.assertAlmostEqual(self._home_net(), 0.0)

    def test_accountant_of_another_cae_cannot_bill_through_a_mission(self):
        """The attack of finding 4: an accountant of MSG 35 makes SAMAD 35 invoice MSG 35."""
        client_msg = self.env["res.partner"].create(
            {"name": "Client MSG", "zip": "35000", "city": "Rennes", "country_id": self.env.ref("base.fr").id}
        )
        mission_msg = self.env["project.project"].create(
            {
                "name": "Mission MSG",
                "oe_is_mission": True,
                "partner_id": client_msg.id,
                "oe_pole_id": self.pole_bati.id,
                "oe_state": "in_progress",
            }
        )
        proposed = self._assign(mission_msg, self.es_lead, self.f_tutor)
        samad_moves = self.env["account.move"].search_count([("company_id", "=", self.samad35.id)])
        product = self.pole_bati.product_id
        Move = self._as(self.accountant_msg, self.env["account.move"], self.msg35)

        def attack(mission, assignment):
            return Move.create(
                {
                    "move_type": "out_invoice",
                    "company_id": self.msg35.id,
                    "partner_id": client_msg.id,
                    "invoice_date": "2026-02-28",
                    "oe_mission_id": mission.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 100,
                                "price_unit": 1,
                                "oe_assignment_id": assignment.id,
                            }
                        )
                    ],
                }
            )

        # A mission of another CAE: refused by the company check.
        with self.assertRaises(UserError):
            attack(self.mission, self.assignment_b)
        # A proposed assignment: refused.
        with self.assertRaisesRegex(ValidationError, "ne désigne qu'une affectation acceptée"):
            attack(mission_msg, proposed)
        # An accepted one, but no hours behind the line: the invoice posts, and causes nothing in SAMAD.
        proposed.with_user(self.user_lead).action_accept()
        invoice = attack(mission_msg, proposed)
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(self.env["account.move"].search_count([("company_id", "=", self.samad35.id)]), samad_moves)

    def test_flow_fields_are_not_typed(self):
        home = self.invoice._oe_live_home_documents()
        for user in (self.accountant_msg, self.accountant35, self.network_admin):
            with self.assertRaisesRegex(AccessError, "jamais à la main"):
                self._as(user, home, self.msg35).write({"oe_source_invoice_id": False})
            with self.assertRaisesRegex(AccessError, "jamais à la main"):
                self._as(user, home.invoice_line_ids, self.msg35).write({"oe_source_line_id": False})
        self.assertEqual(home.oe_source_invoice_id, self.invoice)
        with self.assertRaisesRegex(UserError, "La mission d'une facture comptabilisée, ou d'un avoir"):
            self._as(self.accountant_samad, self.invoice).write({"oe_mission_id": False})
        self.assertEqual(self.invoice.oe_mission_id, self.mission)


@tagged("post_install", "-at_install")
class TestIntegrityAssignments(OeIntegrityCommon):
    """Findings 5 and 7: proposals, answers on behalf, the companies they open, and who reads the rates."""

    def test_gerant_proposes_only_on_missions_of_his_cae(self):
        Assignment = self.env["oe.mission.assignment"]
        count = Assignment.search_count([])
        with self.assertRaisesRegex(AccessError, "Seul un gérant de"):
            self._as(self.gerant_msg, Assignment, self.msg35).create(
                {"project_id": self.mission.id, "employee_id": self.es_c.id, "function_id": self.f_tutor.id}
            )
        self.assertEqual(Assignment.search_count([]), count)

    def test_default_state_is_a_value_too(self):
        mission = self.mission.copy({"name": "Mission 4", "oe_state": "in_progress"})
        Assignment = self.env["oe.mission.assignment"]
        count = Assignment.search_count([])
        with self.assertRaisesRegex(AccessError, "par ses propres boutons"):
            self._as(self.gerant_samad, Assignment).with_context(default_state="accepted").create(
                {"project_id": mission.id, "employee_id": self.es_b.id, "function_id": self.f_developer.id}
            )
        self.assertEqual(Assignment.search_count([]), count)

    def test_staff_do_not_get_another_cae_through_a_mission(self):
        gerant_es = self._user("oe_gerant_es_msg35", self.msg35, "oe_etd.group_cae_manager,oe_etd.group_entrepreneur")
        employee = self._new_es(
            "Gérant ES MSG",
            self.msg35,
            user=gerant_es,
            functions=self.f_developer,
            skills=self.env.ref("oe_entrepreneur.skill_business_development"),
            oe_hourly_rate=20.0,
        )
        proposal = self._assign(self.mission, employee, self.f_developer)
        with self.assertRaisesRegex(UserError, "utilisateur entrepreneur distinct"):
            self._as(gerant_es, proposal).action_accept()
        self.assertEqual(proposal.state, "proposed")
        self.assertNotIn(self.samad35, gerant_es.company_ids)

    def test_answer_on_behalf_only_by_the_home_cae(self):
        # A new mission of SAMAD 35, proposed to es_b of MSG 35.
        mission = self.mission.copy({"name": "Mission 2", "oe_state": "in_progress"})
        proposal = self._assign(mission, self.es_b, self.f_developer)
        companies_before = self.user_b.company_ids
        with self.assertRaisesRegex(AccessError, "gérant de sa CAE d'origine"):
            self._as(self.gerant_samad, proposal).action_accept()
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(self.user_b.company_ids, companies_before)
        self._as(self.gerant_msg, proposal, self.msg35).action_accept()
        self.assertEqual(proposal.state, "accepted")

    def test_decisions_are_not_typed(self):
        mission = self.mission.copy({"name": "Mission 3", "oe_state": "in_progress"})
        proposal = self._assign(mission, self.es_c, self.f_tutor)
        for user in (self.gerant_samad, self.manager35, self.network_admin):
            with self.assertRaisesRegex(AccessError, "par ses propres boutons"):
                self._as(user, proposal).write({"state": "accepted"})
        self.assertEqual(proposal.state, "proposed")
        with self.assertRaisesRegex(ValidationError, "plus que zéro"):
            self._as(self.gerant_samad, proposal).write({"hourly_rate": 0})
        with self.assertRaisesRegex(UserError, "Des heures de cette affectation sont facturées"):
            self._as(self.gerant_samad, self.assignment_lead).write({"hourly_rate": 99})
        self.assertEqual(self.assignment_lead.hourly_rate, 25.0)
        with self.assertRaisesRegex(UserError, "garde sa mission"):
            self._as(self.gerant_samad, self.assignment_lead).write({"employee_id": self.es_c.id})

    def test_companies_opened_and_closed_by_missions(self):
        self.assertIn(self.samad35, self.user_b.company_ids, "accepting opened SAMAD 35")
        self.assertIn(self.samad35, self.user_b.sudo().oe_mission_company_ids)
        # Choosing the mission's CAE as her default company does not make it her home.
        self.user_b.with_user(self.user_b).write({"company_id": self.samad35.id})
        self.mission.with_user(self.manager35).action_oe_done()
        self.assertNotIn(self.samad35, self.user_b.company_ids, "no live assignment needs it any more")
        self.assertIn(self.msg35, self.user_b.company_ids, "the home CAE stays")
        self.mission.with_user(self.manager35).action_oe_reset()
        self.assertIn(self.samad35, self.user_b.company_ids)

    def test_entrepreneur_reads_only_her_own_rate(self):
        team = self._as(self.user_lead, self.assignment_lead | self.assignment_b)
        self.assertEqual(len(team.search([("project_id", "=", self.mission.id)])), 2, "the team is visible")
        with self.assertRaises(AccessError):
            team.read(["hourly_rate"])
        mine, other = team
        self.assertEqual(mine.my_hourly_rate, 25.0)
        self.assertEqual(other.my_hourly_rate, 0.0)
        self.assertEqual(self._as(self.user_b, self.assignment_b).my_hourly_rate, 30.0)

    def test_function_kept_while_an_assignment_uses_it(self):
        functions = self.es_b.oe_function_ids
        with self.assertRaisesRegex(ValidationError, "gardez cette fonction"):
            self._as(self.gerant_msg, self.es_b, self.msg35).write(
                {"oe_function_ids": [Command.unlink(self.f_developer.id)]}
            )
        self.assertEqual(self.es_b.oe_function_ids, functions)


@tagged("post_install", "-at_install")
class TestIntegrityData(OeIntegrityCommon):
    """Clients, company numbers, names and menus."""

    def test_staff_read_the_clients_of_their_cae_only(self):
        Partner = self.env["res.partner"]
        self.assertIn(self.client, self._as(self.gerant_samad, Partner).search([("oe_client_type", "!=", False)]))
        self.assertIn(self.client, self._as(self.accountant_msg, Partner).search([("oe_client_type", "!=", False)]))
        # The staff of ETD 29 do not see the clients of ETD 35.
        accountant29 = self._user("oe_compta_29", self.samad, "oe_etd.group_cae_accountant")
        for user in (self.manager, accountant29):
            self.assertNotIn(self.client, self._as(user, Partner).search([("oe_client_type", "!=", False)]))
            with self.assertRaises(AccessError):
                self._as(user, self.client).read(["name"])
        self.assertIn(self.client, self._as(self.network_admin, Partner).search([]))

    def test_company_numbers(self):
        company = self._as(self.network_admin, self.samad35, self.samad35)
        for values, message in (
            ({"oe_retention_rate": 120}, "entre 0 % et 100 %"),
            ({"oe_retention_rate": -1}, "entre 0 % et 100 %"),
            ({"oe_late_penalty_rate": -3}, "ne peut pas être négatif"),
            ({"oe_share_capital": -5}, "ne peut pas être négatif"),
        ):
            with self.assertRaisesRegex(ValidationError, message):
                company.write(values)
        self.assertRecordValues(
            self.samad35, [{"oe_retention_rate": 10.0, "oe_late_penalty_rate": 10.0, "oe_share_capital": 0.0}]
        )

    def test_mission_name_is_not_blank(self):
        with self.assertRaisesRegex(ValidationError, "Donnez un nom"):
            self._as(self.manager35, self.mission).write({"name": "   "})
        self.assertEqual(self.mission.name, "Mission Rennes")

    def test_every_menu_opens_for_its_users(self):
        """The menus a user sees lead to records that user may read (no access error behind a menu)."""
        Menu = self.env["ir.ui.menu"]
        for user in (self.user_lead, self.gerant_samad, self.accountant_samad, self.manager35, self.accountant35):
            menus = Menu.browse(Menu.with_user(user)._visible_menu_ids()).filtered(
                lambda m: m.action and m.action._name == "ir.actions.act_window"
            )
            self.assertTrue(menus)
            for menu in menus:
                model = menu.action.sudo().res_model
                with self.subTest(user=user.login, menu=menu.complete_name):
                    self._as(user, self.env[model]).check_access("read")
                    self._as(user, self.env[model]).search([], limit=1)

    def test_gerant_menus(self):
        menu = self.env.ref("oe_mission.oe_mission_invoice_menu")
        Menu = self.env["ir.ui.menu"]
        self.assertNotIn(menu.id, Menu.with_user(self.gerant_samad)._visible_menu_ids())
        self.assertIn(menu.id, Menu.with_user(self.accountant_samad)._visible_menu_ids())
        with self.assertRaises(AccessError):
            self.env["oe.mission.invoice"].with_user(self.gerant_samad).create({})


@tagged("post_install", "-at_install")
class TestIntegrityHttp(OeJsonRpcMixin, HttpCase, OeIntegrityCommon):
    """The same refusals through JSON-RPC and the client portal."""

    def test_json_rpc_entrepreneur_cannot_unvalidate(self):
        self.authenticate("oe_es_lead", "oe_es_lead")
        before = self._snapshot(self.hours_lead)
        error = self._call_kw_error(
            "account.analytic.line", "write", [self.hours_lead.ids, {"oe_validated": False, "unit_amount": 9}]
        )
        self.assertEqual(error.get("name"), "odoo.exceptions.AccessError")
        self.assertIn("validées et facturées par leurs propres actions", error.get("message"))
        self.hours_lead.invalidate_recordset()
        self.assertEqual(self._snapshot(self.hours_lead), before)

    def test_json_rpc_accountant_of_another_cae_cannot_touch_the_flow(self):
        self.authenticate("oe_compta_msg35", "oe_compta_msg35")
        home = self.invoice._oe_live_home_documents()
        error = self._call_kw_error("account.move", "write", [home.ids, {"oe_source_invoice_id": False}])
        self.assertIn("jamais à la main", error.get("message"))
        error = self._call_kw_error("account.move", "button_draft", [self.invoice.ids])
        self.assertEqual(
            error.get("name"), "odoo.exceptions.AccessError", "the client invoice of another CAE is out of reach"
        )
        home.invalidate_recordset()
        self.invoice.invalidate_recordset()
        self.assertEqual(home.oe_source_invoice_id, self.invoice)
        self.assertEqual(self.invoice.state, "posted")
        self.assertEqual(self._home_net(), 54.0)

    def test_portal_shows_missions_under_way_and_validated_hours(self):
        portal = self.env["res.users"].create(
            {
                "name": "Client Rennes",
                "login": "oe_client_integrity",
                "password": "oe_client_integrity",
                "partner_id": self.client.id,
                "groups_id": [Command.set(self.env.ref("base.group_portal").ids)],
            }
        )
        self._log(self.es_lead, self.mission, "2026-03-04", 7, user=self.user_lead)  # not validated
        draft = self.mission.copy({"name": "Mission brouillon", "oe_state": "draft"})
        self.authenticate(portal.login, portal.login)
        page = self.url_open(f"/my/missions/{self.mission.id}")
        self.assertEqual(page.status_code, 200)
        details = self.mission.sudo()._oe_portal_details()
        self.assertEqual(details["total_hours"], 7.0, "5 h + 2 h validated; the 7 h not validated are not shown")
        self.assertEqual(self.url_open(f"/my/missions/{draft.id}").status_code, 404)
        self.assertNotIn("Mission brouillon", self.url_open("/my/missions").text)


@tagged("post_install", "-at_install")
class TestIntegrityConcurrency(OeConcurrencyCase):
    """Two invoicings of the same hours at the same time, in two transactions: one wins, the other is
    refused, nothing is invoiced twice.

    The hours are committed on the demo's mission of CAE SAMAD 44 (the committed data of the test database)
    and removed at the end.
    """

    DAY = "2025-06-10"

    def test_two_invoicings_of_the_same_hours(self):
        def prepare(env):
            lines = env["account.analytic.line"].create(
                [
                    {
                        "name": f"Concurrence {index}",
                        "project_id": env.ref("oe_mission.mission_martine").id,
                        "employee_id": env.ref("oe_entrepreneur.employee_camille").id,
                        "date": self.DAY,
                        "unit_amount": 2,
                    }
                    for index in range(2)
                ]
            )
            lines.write({"oe_validated": True, "oe_validated_by_id": env.ref("base.user_admin").id})
            return lines.ids

        def invoice(env, ready):
            env["account.analytic.line"].browse(line_ids).mapped("oe_invoice_line_id")  # the snapshot
            ready()
            day = fields.Date.to_date(self.DAY)
            return env.ref("oe_mission.mission_martine").oe_invoice_timesheets(day, day).ids

        def check(env):
            lines = env["account.analytic.line"].browse(line_ids)
            invoices = env["account.move"].search([("invoice_line_ids.oe_timesheet_ids", "in", line_ids)])
            return len(invoices), len(lines.oe_invoice_line_id), sum(invoices.invoice_line_ids.mapped("quantity"))

        def clean(env):
            env["account.move"].search([("invoice_line_ids.oe_timesheet_ids", "in", line_ids)]).unlink()
            env["account.analytic.line"].browse(line_ids).exists().unlink()

        line_ids = self._in_new_cursor(prepare)
        try:
            outcomes = self._run_at_once(invoice, (psycopg2.errors.SerializationFailure, UserError))
            self.assertEqual(sorted(kind for kind, _value in outcomes), ["done", "refused"], outcomes)
            self.assertEqual(self._in_new_cursor(check), (1, 1, 4.0), "one invoice of the 4 hours, once")
        finally:
            self._in_new_cursor(clean)
