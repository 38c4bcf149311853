from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_round

from .integrity import TRUSTED, check_not_typed, fields_of_create, trusted
from .res_company import SERVICE_SALE_TAX

# Links that only the inter-CAE flow writes (docs/architecture.md, "Integrity"): never from the values of a user.
MOVE_FLOW_FIELDS = {"oe_source_invoice_id", "oe_released_hours"}
LINE_FLOW_FIELDS = {"oe_source_line_id"}
# What makes the amounts of a posted entry: posted documents are reversed, never rewritten
# (docs/architecture.md, "Integrity").
POSTED_MOVE_FIELDS = {
    "line_ids",
    "invoice_line_ids",
    "partner_id",
    "commercial_partner_id",
    "date",
    "invoice_date",
    "currency_id",
    "journal_id",
    "company_id",
    "move_type",
}
POSTED_LINE_FIELDS = {
    "account_id",
    "debit",
    "credit",
    "balance",
    "amount_currency",
    "currency_id",
    "price_unit",
    "quantity",
    "discount",
    "tax_ids",
    "tax_line_id",
    "product_id",
    "partner_id",
    "date",
    "move_id",
    "company_id",
    "display_type",
    "analytic_distribution",
}


def _check_flow_fields(env, fields_written, flow_fields):
    check_not_typed(
        env,
        fields_written,
        flow_fields,
        env._("The documents between CAEs are made by the invoicing of hours, never by hand."),
    )


class AccountMove(models.Model):
    _inherit = "account.move"

    oe_mission_id = fields.Many2one(
        "project.project", string="Mission", index="btree_not_null", copy=True, check_company=True
    )
    oe_source_invoice_id = fields.Many2one(
        "account.move",
        string="Client document",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The client invoice or credit note of the mission's CAE that this inter-CAE document follows.",
    )
    oe_released_hours = fields.Boolean(
        string="Released the hours",
        copy=False,
        readonly=True,
        help="This credit note reversed the whole invoice and released its hours, to be invoiced again.",
    )

    # ------------------------------------------------------------------ guards

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            _check_flow_fields(self.env, fields_of_create(self.env, vals), MOVE_FLOW_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        _check_flow_fields(self.env, vals, MOVE_FLOW_FIELDS)
        if not self.env.su:
            if "oe_mission_id" in vals and self.filtered(
                lambda m: (m.state == "posted" and m.oe_mission_id.id != vals["oe_mission_id"])
                or (m.reversed_entry_id and m.reversed_entry_id.oe_mission_id.id != vals["oe_mission_id"])
            ):
                raise UserError(_("The mission of a posted invoice, or of a credit note, cannot change."))
            if "state" in vals and not trusted(self.env):
                # Only Confirm, Reset to draft and Cancel change the state, with their checks.
                raise UserError(
                    _("A journal entry changes state only by its buttons Confirm, Reset to draft or Cancel.")
                )
            if POSTED_MOVE_FIELDS.intersection(vals) and self.filtered(lambda m: m.state == "posted"):
                raise UserError(self._oe_posted_message())
        return super().write(vals)

    @api.model
    def _oe_posted_message(self):
        return _("A posted entry is never rewritten: reverse it by a credit note, or reset it to draft first.")

    @api.ondelete(at_uninstall=False)
    def _unlink_except_oe_posted_before(self):
        if not self.env.su and self.filtered("posted_before"):
            raise UserError(_("An entry that was posted is never deleted: reverse it by a credit note."))

    @api.constrains("auto_post", "partner_id", "move_type")
    def _check_oe_network_auto_post(self):
        if self._oe_network_documents().filtered(lambda m: m.auto_post != "no"):
            raise ValidationError(
                _("Documents between companies of the network are posted by their own flows, never scheduled.")
            )

    def _oe_network_documents(self):
        """The invoices and bills among these whose partner is a company of the network (all the companies
        of the database)."""
        network = self.env["res.company"].sudo().with_context(active_test=False).search([]).partner_id
        return self.filtered(lambda m: m.is_invoice(include_receipts=True) and m.commercial_partner_id in network)

    def _oe_check_network_documents(self):
        """Invoices and bills between companies of the network are made, posted and reversed by their
        flows only (cross-CAE hours, redevance statements, and OCA's mirror of them), never by hand."""
        if self.env.su:
            return
        documents = self._oe_network_documents()
        if documents:
            raise UserError(
                _(
                    "%(name)s is a document between companies of the network: such documents are made and reversed "
                    "by their own flows (cross-CAE hours, redevance statements), never by hand.",
                    name=documents[0].display_name,
                )
            )

    @api.constrains("oe_mission_id")
    def _check_oe_mission_assignments(self):
        self.line_ids._check_oe_assignment()

    def button_draft(self):
        # EXTEND 'account': checked first, then reset under a scoped sudo (the state of a posted entry is
        # written by no one else, see write()); what a client document of a mission caused in other CAEs is
        # reversed with it.
        if not self.env.su:
            self._oe_check_resettable()
            self.check_access("write")
        res = super(AccountMove, self.sudo()).button_draft()
        self._oe_client_mission_documents()._oe_reverse_home_documents()
        return res

    def _oe_client_mission_documents(self):
        return self.filtered(
            lambda m: m.move_type in ("out_invoice", "out_refund")
            and (m.oe_mission_id or m.reversed_entry_id.oe_mission_id)
        )

    def _oe_check_resettable(self):
        self._oe_check_network_documents()
        released = self.filtered(
            lambda m: m.oe_released_hours or m.reversed_entry_id.reversal_move_ids.filtered("oe_released_hours")
        )
        if released:
            raise UserError(
                _(
                    "A credit note of %(invoice)s released its hours, to be invoiced again: its credit notes can no "
                    "longer be reset or cancelled.",
                    invoice=released[0].reversed_entry_id.display_name,
                )
            )
        credited = self._oe_client_mission_documents().filtered(
            lambda m: m.move_type == "out_invoice" and m.reversal_move_ids.filtered(lambda r: r.state == "posted")
        )
        if credited:
            raise UserError(
                _(
                    "The invoice %(name)s has a posted credit note: it can no longer be reset or cancelled. "
                    "Issue a credit note instead.",
                    name=credited[0].name,
                )
            )

    def button_cancel(self):
        # EXTEND 'account': a cancelled invoice releases its hours (a posted one is reset to draft first,
        # which reverses its inter-CAE documents).
        res = super(AccountMove, self.with_context(oe_trusted=TRUSTED)).button_cancel()
        self.filtered(lambda m: m.move_type == "out_invoice")._oe_release_timesheets()
        return res

    # ------------------------------------------------------------------ hours

    def _oe_release_timesheets(self):
        """Free the hours invoiced by these invoices, so that they can be invoiced again."""
        timesheets = (
            self.env["account.analytic.line"].sudo().search([("oe_invoice_line_id", "in", self.invoice_line_ids.ids)])
        )
        timesheets.write({"oe_invoice_line_id": False})

    def _post(self, soft=True):
        self._oe_check_network_documents()
        posted = super(AccountMove, self.with_context(oe_trusted=TRUSTED))._post(soft).with_env(self.env)
        client_documents = posted._oe_client_mission_documents()
        for refund in client_documents.filtered(lambda m: m.move_type == "out_refund" and not m.oe_mission_id):
            refund.sudo().oe_mission_id = refund.reversed_entry_id.oe_mission_id
        # A client credit note that completes the credit of the whole invoice releases its hours; a partial
        # one does not.
        refunds = client_documents.filtered(lambda m: m.move_type == "out_refund" and m.reversed_entry_id)
        # The hours are read as they are, whatever the poster may read of timesheets (with sale_timesheet
        # installed, an accountant reads only their own).
        fully_refunded = refunds.reversed_entry_id.filtered(
            lambda m: m.sudo().invoice_line_ids.oe_timesheet_ids
            and m.company_currency_id.compare_amounts(m._oe_credited_amount(), abs(m.amount_untaxed_signed)) >= 0
        )
        fully_refunded._oe_release_timesheets()
        refunds.filtered(lambda r: r.reversed_entry_id in fully_refunded).sudo().oe_released_hours = True
        # The hours of entrepreneurs of another CAE are invoiced by their home CAE to the mission's CAE
        # (docs/architecture.md, "Cross-CAE work"); OCA account_invoice_inter_company mirrors that document as
        # the vendor bill (or refund) of the mission's CAE. A client credit note brings its credit note.
        client_documents._oe_invoice_home_caes()
        # The client's portal users reach the documents of every CAE that invoices them.
        clients = posted.filtered(lambda m: m.is_sale_document()).commercial_partner_id
        if clients:
            portal_users = (
                self.env["res.users"].sudo().search([("partner_id", "child_of", clients.ids), ("share", "=", True)])
            )
            portal_users._oe_sync_portal_companies()
        return posted

    def _oe_credited_amount(self, excluding=None):
        """The untaxed amount of this invoice credited by its posted credit notes, in company currency."""
        self.ensure_one()
        refunds = self.reversal_move_ids.filtered(lambda r: r.state == "posted" and r != excluding)
        return sum(abs(amount) for amount in refunds.mapped("amount_untaxed_signed"))

    # ------------------------------------------------------------------ printed invoice

    def _oe_invoice_report_values(self):
        """What the printed invoice of a mission shows beyond the standard document."""
        self.ensure_one()
        mission_sudo = self.sudo().oe_mission_id
        values = {
            "is_mission": bool(mission_sudo),
            "hours": [],
            "entrepreneurs": [],
            "date_from": False,
            "date_to": False,
            "show_sap": False,
            "show_penalties": False,
        }
        if not mission_sudo:
            return values
        timesheets = self.sudo().invoice_line_ids.oe_timesheet_ids.sorted(lambda t: (t.date, t.employee_id.name))
        values["hours"] = [
            {
                "date": line.date,
                "employee": line.employee_id.name,
                "function": line.oe_assignment_id.function_id.name,
                "hours": line.unit_amount,
            }
            for line in timesheets
        ]
        values["entrepreneurs"] = sorted(set(timesheets.employee_id.mapped("name")))
        if timesheets:
            values["date_from"] = min(timesheets.mapped("date"))
            values["date_to"] = max(timesheets.mapped("date"))
        client_type = self.commercial_partner_id.oe_client_type
        values["show_sap"] = bool(
            client_type == "individual" and mission_sudo.oe_pole_id.sap_eligible and self.company_id.oe_sap_number
        )
        values["show_penalties"] = client_type in ("business", "association", "ehpad")
        return values

    # ------------------------------------------------------------------ inter-CAE documents

    def _oe_live_home_documents(self):
        """The posted inter-CAE documents these client documents caused, not reversed since."""
        documents = (
            self.env["account.move"].sudo().search([("oe_source_invoice_id", "in", self.ids), ("state", "=", "posted")])
        )
        return documents.filtered(lambda d: not d.reversal_move_ids.filtered(lambda r: r.state == "posted"))

    def _oe_reverse_home_documents(self):
        """Reverse, by credit notes in each home CAE (mirrored in the mission's CAE by OCA), what these
        client documents had caused."""
        for document in self._oe_live_home_documents():
            day = max(document.date, fields.Date.context_today(self))
            reversal = document.with_company(document.company_id)._reverse_moves(
                [
                    {
                        "date": day,
                        "invoice_date": day,
                        "ref": _(
                            "Reversal of %(name)s: its client document was reset to draft",
                            name=document.name,
                        ),
                    }
                ]
            )
            reversal.action_post()

    def _oe_invoice_home_caes(self):
        """One inter-CAE document per client document and home CAE, ever live at once."""
        vals_list = []
        for move in self - self._oe_live_home_documents().oe_source_invoice_id:
            if move.move_type == "out_invoice":
                for home_company, items in move._oe_cross_company_lines().items():
                    vals_list.append(move._oe_prepare_home_cae_invoice_vals(home_company, items))
            else:
                vals_list += move._oe_prepare_home_cae_refund_vals()
        if vals_list:
            invoices_sudo = self.env["account.move"].sudo().create(vals_list)
            invoices_sudo.action_post()

    def _oe_cross_company_lines(self):
        """{home CAE: [(invoice line, assignment, hours)]} for the hours, linked to this invoice's lines by the
        invoicing of hours, of entrepreneurs of another CAE: each hour carries its accepted assignment on this
        mission, in this CAE (never the line's own quantity, price or assignment)."""
        self.ensure_one()
        move_sudo = self.sudo()
        mission = move_sudo.oe_mission_id
        result = defaultdict(list)
        for line in move_sudo.invoice_line_ids:
            hours = line.oe_timesheet_ids.filtered(lambda t: t.oe_validated and t.project_id == mission)
            for assignment, timesheets in hours.grouped("oe_assignment_id").items():
                if not (
                    assignment.is_cross_company
                    and assignment.state == "accepted"
                    and assignment.project_id == mission
                    and assignment.company_id == move_sudo.company_id
                ):
                    continue
                total = sum(timesheets.mapped("unit_amount"))
                if total > 0:
                    result[assignment.employee_company_id].append((line, assignment, total))
        return result

    def _oe_home_line_vals(self, line, quantity, price_unit, home_company):
        product = line.product_id
        # Between two CAEs the service is taxed at the home CAE's normal rate on payment, whatever the client
        # document's rate (a reduced rate of services à la personne is for the private client's invoice); the
        # mirrored vendor bill deducts the same rate (docs/architecture.md, "Cross-CAE work").
        taxes = self.env.ref(f"account.{home_company.id}_{SERVICE_SALE_TAX}", raise_if_not_found=False)
        if not taxes:
            taxes = product.taxes_id.filtered(lambda t: t.company_id == home_company)
        return {
            "product_id": product.id,
            "name": line.name,
            "quantity": quantity,
            "product_uom_id": line.product_uom_id.id,
            "price_unit": price_unit,
            "tax_ids": [Command.set(taxes.ids)],
            # No entrepreneur analytic account: their turnover is the client invoice's.
            "analytic_distribution": False,
            "oe_source_line_id": line.id,
        }

    def _oe_home_document_vals(self, move_type, home_company, lines):
        return {
            "move_type": move_type,
            "company_id": home_company.id,
            "partner_id": self.company_id.partner_id.id,
            "invoice_date": self.invoice_date,
            "invoice_origin": self.name,
            "oe_source_invoice_id": self.id,
            "invoice_line_ids": [Command.create(vals) for vals in lines],
        }

    def _oe_prepare_home_cae_invoice_vals(self, home_company, items):
        """The home CAE's invoice to the mission's CAE: hours x assignment rate x (1 - retention)."""
        self.ensure_one()
        retention = self.company_id.oe_retention_rate / 100.0
        lines = [
            self._oe_home_line_vals(
                line,
                hours,
                float_round(assignment.hourly_rate * (1 - retention), precision_digits=self.currency_id.decimal_places),
                home_company,
            )
            for line, assignment, hours in items
        ]
        return self._oe_home_document_vals("out_invoice", home_company, lines)

    def _oe_prepare_home_cae_refund_vals(self):
        """The home CAEs' credit notes for this client credit note, in proportion: it credits a share of the
        original invoice's untaxed amount (what earlier credit notes left), and each inter-CAE line of that
        invoice is credited by the same share, in cents, so that the credits add up to the line exactly."""
        self.ensure_one()
        move_sudo = self.sudo()
        original = move_sudo.reversed_entry_id
        home_documents = original._oe_live_home_documents() if original else original
        total = abs(original.amount_untaxed_signed) if original else 0.0
        if not home_documents or original.company_currency_id.is_zero(total):
            return []
        before = min(original._oe_credited_amount(excluding=move_sudo), total)
        after = min(before + abs(move_sudo.amount_untaxed_signed), total)
        currency = original.company_currency_id
        vals_list = []
        for document in home_documents:
            lines = []
            for home_line in document.invoice_line_ids:
                subtotal = home_line.price_subtotal
                credit = currency.round(subtotal * after / total) - currency.round(subtotal * before / total)
                if currency.is_zero(credit):
                    continue
                full = not currency.compare_amounts(credit, subtotal)
                vals = self._oe_home_line_vals(
                    home_line.oe_source_line_id,
                    home_line.quantity if full else 1,
                    home_line.price_unit if full else credit,
                    document.company_id,
                )
                vals.update(name=home_line.name, oe_source_line_id=home_line.id)
                lines.append(vals)
            if lines:
                vals_list.append(self._oe_home_document_vals("out_refund", document.company_id, lines))
        return vals_list


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    oe_timesheet_ids = fields.One2many("account.analytic.line", "oe_invoice_line_id", string="Timesheets")
    oe_assignment_id = fields.Many2one(
        "oe.mission.assignment",
        string="Assignment",
        index="btree_not_null",
        readonly=True,
        copy=False,
        check_company=True,
    )
    oe_source_line_id = fields.Many2one(
        "account.move.line",
        string="Client invoice line",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="On a document between CAEs: the line of the client document (or of the inter-CAE invoice, on its "
        "credit note) it follows.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            _check_flow_fields(self.env, fields_of_create(self.env, vals), LINE_FLOW_FIELDS)
        lines = super().create(vals_list)
        if not self.env.su and lines.filtered(lambda line: line.parent_state == "posted"):
            raise UserError(self.env["account.move"]._oe_posted_message())
        return lines

    def write(self, vals):
        _check_flow_fields(self.env, vals, LINE_FLOW_FIELDS)
        if not self.env.su and self.filtered(lambda line: line.parent_state == "posted"):
            if "oe_assignment_id" in vals:
                raise UserError(_("The assignment of a posted invoice line cannot change."))
            if POSTED_LINE_FIELDS.intersection(vals):
                raise UserError(self.env["account.move"]._oe_posted_message())
        return super().write(vals)

    @api.constrains("oe_assignment_id")
    def _check_oe_assignment(self):
        for line in self.sudo().filtered("oe_assignment_id"):
            assignment = line.oe_assignment_id
            if assignment.state != "accepted" or assignment.project_id != line.move_id.oe_mission_id:
                raise ValidationError(
                    _(
                        "An invoice line names only an accepted assignment of the invoice's mission, "
                        "not that of %(employee)s on %(mission)s.",
                        employee=assignment.employee_id.name,
                        mission=assignment.project_id.name,
                    )
                )
