from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

SAP_CURRENCY = "EUR"


class AccountMove(models.Model):
    _inherit = "account.move"

    oe_sap_eligible = fields.Boolean(
        string="Services à la personne",
        compute="_compute_oe_sap_eligible",
        store=True,
        help="At least one line is a service à la personne giving the client the tax credit.",
    )
    oe_sap_warning = fields.Text(
        string="SAP warning",
        compute="_compute_oe_sap_warning",
        help="What the accountant must know before posting: lines on activities the CAE has not declared.",
    )
    oe_sap_cash_warning = fields.Char(
        string="SAP cash warning",
        compute="_compute_oe_sap_cash_warning",
        help="A payment in cash is allowed but gives the client no tax credit (art. D7233-3 Code du travail).",
    )

    @api.depends("invoice_line_ids.oe_sap_eligible")
    def _compute_oe_sap_eligible(self):
        for move in self:
            move.oe_sap_eligible = any(move.invoice_line_ids.mapped("oe_sap_eligible"))

    @api.depends(
        "move_type",
        "company_id",
        "commercial_partner_id.oe_client_type",
        "invoice_line_ids.oe_sap_activity_id",
        "invoice_line_ids.oe_sap_eligible",
    )
    def _compute_oe_sap_warning(self):
        for move in self:
            undeclared = move.invoice_line_ids.filtered(
                lambda line: line.oe_sap_activity_id and not line.oe_sap_eligible and line._oe_sap_candidate()
            )
            if undeclared:
                move.oe_sap_warning = _(
                    "These lines are on services à la personne that %(company)s has not declared: they give the "
                    "client no tax credit and are printed without its mention: %(activities)s.",
                    company=move.company_id.name,
                    activities=", ".join(sorted(set(undeclared.oe_sap_activity_id.mapped("name")))),
                )
            else:
                move.oe_sap_warning = False

    @api.depends("payment_state", "amount_residual", "matched_payment_ids.oe_sap_payment_kind")
    def _compute_oe_sap_cash_warning(self):
        for move in self:
            move_sudo = move.sudo()
            payments = move_sudo.matched_payment_ids | move_sudo._get_reconciled_payments()
            cash = move.is_invoice() and payments.filtered(lambda p: p.oe_sap_payment_kind == "cash")
            move.oe_sap_cash_warning = (
                _("Paid in cash: not eligible for the tax credit of services à la personne.") if cash else False
            )

    def _post(self, soft=True):
        # EXTEND 'account': services à la personne are invoiced in euros (the tax credit, the attestation
        # fiscale and NOVA count euros).
        for move in self:
            if move.currency_id.name != SAP_CURRENCY and move.invoice_line_ids.filtered("oe_sap_eligible"):
                raise ValidationError(
                    _(
                        "%(move)s has services à la personne: it must be in euros, not in %(currency)s.",
                        move=move.display_name,
                        currency=move.currency_id.name,
                    )
                )
        return super()._post(soft=soft)

    def _oe_invoice_report_values(self):
        # EXTEND 'oe_mission': the full block of art. D7233-1 Code du travail replaces the one-line tax-credit
        # sentence, on the invoices with at least one eligible line.
        values = super()._oe_invoice_report_values()
        values["show_sap"] = False
        values["sap"] = self._oe_sap_report_values()
        return values

    def _oe_sap_report_values(self):
        """The mentions of art. D7233-1 Code du travail on this invoice, or False when it has no eligible line."""
        self.ensure_one()
        move_sudo = self.sudo()
        if not move_sudo.oe_sap_eligible:
            return False
        company = move_sudo.company_id
        lines = []
        others = []
        for line in move_sudo.invoice_line_ids.filtered(lambda line: line.display_type == "product"):
            if not line.oe_sap_eligible:
                others.append({"name": line.name, "amount": line.price_subtotal})
                continue
            employees = line.oe_timesheet_ids.employee_id
            lines.append(
                {
                    "activity": line.oe_sap_activity_id.name,
                    "intervenants": [
                        {"name": employee.name, "identifier": employee.oe_sap_identifier or ""}
                        for employee in employees.sorted("name")
                    ],
                    "hourly_rate": line.price_unit if line.oe_sap_activity_id.unit == "hour" else False,
                    "fixed_price": line.price_unit if line.oe_sap_activity_id.unit == "amount" else False,
                    "hours": line.quantity if line.oe_sap_activity_id.unit == "hour" else False,
                    "amount": line.price_subtotal,
                }
            )
        return {
            "company": company,
            "declaration_number": company.oe_sap_number,
            "declaration_date": company.oe_sap_date,
            "agrement_number": company.oe_sap_agrement_number,
            "agrement_date": company.oe_sap_agrement_date,
            "autorisation_number": company.oe_sap_autorisation_number,
            "autorisation_date": company.oe_sap_autorisation_date,
            "client": move_sudo.partner_id,
            "lines": lines,
            "others": others,
        }


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    oe_sap_activity_id = fields.Many2one(
        "oe.sap.activity",
        string="SAP activity",
        compute="_compute_oe_sap_activity_id",
        store=True,
        index="btree_not_null",
    )
    oe_sap_eligible = fields.Boolean(
        string="SAP tax credit",
        compute="_compute_oe_sap_eligible",
        store=True,
        help="A service à la personne giving the client the tax credit: a customer invoice or credit note line "
        "of a CAE with a SAP declaration, for a private person, on an activity the CAE declared.",
    )

    @api.depends("product_id.product_tmpl_id.oe_sap_activity_id", "display_type", "parent_state")
    def _compute_oe_sap_activity_id(self):
        posted = self._oe_sap_posted_values()
        for line in self:
            if line.id in posted:
                line.oe_sap_activity_id = posted[line.id][0]
                continue
            line.oe_sap_activity_id = (
                line.display_type == "product" and line.product_id.product_tmpl_id.oe_sap_activity_id
            )

    def _oe_sap_posted_values(self):
        """{line id: (activity id, eligible)} as stored for the lines that were already posted: a posted line
        keeps the activity and the eligibility it was posted with, whatever later changes to the client, the
        product or the company's declaration (posted documents are never rewritten, docs/architecture.md,
        "Integrity"). A draft line follows them; posting it again computes them anew."""
        ids = tuple(line.id for line in self if line.id and line.parent_state == "posted")  # a draft follows its data
        if not ids:
            return {}
        self.env.cr.execute(
            SQL(
                "SELECT id, oe_sap_activity_id, oe_sap_eligible FROM account_move_line"
                " WHERE id IN %s AND parent_state = 'posted'",
                ids,
            )
        )
        return {line_id: (activity_id, eligible) for line_id, activity_id, eligible in self.env.cr.fetchall()}

    @api.depends(
        "oe_sap_activity_id",
        "display_type",
        "move_id.move_type",
        "move_id.commercial_partner_id.oe_client_type",
        "company_id.oe_sap_number",
        "company_id.oe_sap_date",
        "company_id.oe_sap_activity_ids",
        "parent_state",
    )
    def _compute_oe_sap_eligible(self):
        posted = self._oe_sap_posted_values()
        for line in self.filtered(lambda line: line.id in posted):
            line.oe_sap_eligible = posted[line.id][1]
        self.filtered(lambda line: line.id not in posted)._oe_compute_sap_eligible()

    def _oe_sap_candidate(self):
        """A product line of a customer invoice or credit note to a private person (before the activity test)."""
        self.ensure_one()
        move = self.move_id
        return (
            self.display_type == "product"
            and move.move_type in ("out_invoice", "out_refund")
            and move.commercial_partner_id.oe_client_type == "individual"
        )

    def _oe_compute_sap_eligible(self):
        """The one rule of eligibility to the tax credit of services à la personne (nobody re-implements it):
        a customer invoice or credit note line of a company with a SAP declaration (number and date), for a
        client whose commercial partner is a private person, on an activity the company declared."""
        for line in self:
            company = line.company_id
            line.oe_sap_eligible = bool(
                line.oe_sap_activity_id
                and line._oe_sap_candidate()
                and company.oe_sap_number
                and company.oe_sap_date
                and line.oe_sap_activity_id in company.oe_sap_activity_ids
            )

    def _oe_sap_line_intervenants(self):
        """{invoice line id: (hr.employee id or False, hours)} for these posted eligible lines, by the rules of
        the NOVA statistics (``oe.sap.nova``: the intervenant is the assignment's, else the hours', else the
        entrepreneur of the analytic distribution; the hours are the quantity in hours, 0 for an activity counted
        in euros), the intervenant as their record in the line's CAE, else any of theirs; two queries in all."""
        if not self:
            return {}
        rows = (
            self.env["oe.sap.nova"]
            .sudo()
            .search_fetch([("id", "in", self.ids)], ["intervenant_id", "company_id", "hours"])
        )
        employees = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search_fetch(
                [("work_contact_id", "in", rows.intervenant_id.ids)], ["work_contact_id", "company_id", "active"]
            )
        )
        # Each person's records, the active ones first, then the oldest.
        by_person = defaultdict(list)
        for employee in employees.sorted(lambda e: (not e.active, e.id)):
            by_person[employee.work_contact_id.id].append(employee)
        result = {}
        for row in rows:
            theirs = by_person.get(row.intervenant_id.id, []) if row.intervenant_id else []
            chosen = next((e for e in theirs if e.company_id == row.company_id), theirs[0] if theirs else None)
            result[row.id] = (chosen.id if chosen else False, row.hours)
        return result
