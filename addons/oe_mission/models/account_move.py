from collections import defaultdict

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import float_compare, float_round

# Links that only the inter-CAE flow writes (architecture.md, integrity): never from the values of a user.
MOVE_FLOW_FIELDS = {"oe_source_invoice_id", "oe_released_hours"}
LINE_FLOW_FIELDS = {"oe_source_line_id"}


def _check_flow_fields(env, fields_written, flow_fields):
    if not env.su and flow_fields.intersection(fields_written):
        raise AccessError(env._("The documents between CAEs are made by the invoicing of hours, never by hand."))


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
            _check_flow_fields(self.env, vals, MOVE_FLOW_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        _check_flow_fields(self.env, vals, MOVE_FLOW_FIELDS)
        if "oe_mission_id" in vals and not self.env.su:
            if self.filtered(lambda m: m.state == "posted" and m.oe_mission_id.id != vals["oe_mission_id"]):
                raise UserError(_("The mission of a posted invoice cannot change."))
        return super().write(vals)

    @api.constrains("oe_mission_id")
    def _check_oe_mission_assignments(self):
        self.line_ids._check_oe_assignment()

    def button_draft(self):
        # EXTEND 'account': what a client document of a mission caused in other CAEs is reversed with it.
        client_docs = self.filtered(lambda m: m.move_type in ("out_invoice", "out_refund") and m.oe_mission_id)
        released = client_docs.filtered("oe_released_hours")
        if released:
            raise UserError(
                _(
                    "The credit note %(name)s released the hours of its invoice, to be invoiced again: "
                    "it can no longer be reset or cancelled.",
                    name=released[0].name,
                )
            )
        credited = client_docs.filtered(
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
        res = super().button_draft()
        client_docs._oe_reverse_home_documents()
        return res

    def button_cancel(self):
        # EXTEND 'account': a cancelled invoice releases its hours (a posted one is reset to draft first,
        # which reverses its inter-CAE documents).
        res = super().button_cancel()
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
        # EXTEND 'account': a client credit note that reverses the whole invoice releases its hours;
        # a partial one does not.
        posted = super()._post(soft)
        refunds = posted.filtered(lambda m: m.move_type == "out_refund" and m.reversed_entry_id)
        originals = refunds.reversed_entry_id
        if originals:
            refunded = dict(
                self._read_group(
                    [("reversed_entry_id", "in", originals.ids), ("state", "=", "posted")],
                    ["reversed_entry_id"],
                    ["amount_total:sum"],
                )
            )
            fully_refunded = originals.filtered(
                lambda m: m.invoice_line_ids.oe_timesheet_ids
                and float_compare(refunded.get(m, 0.0), m.amount_total, precision_rounding=m.currency_id.rounding) >= 0
            )
            fully_refunded._oe_release_timesheets()
            refunds.filtered(lambda r: r.reversed_entry_id in fully_refunded).sudo().oe_released_hours = True
        # The hours of entrepreneurs of another CAE are invoiced by their home CAE to the mission's CAE
        # (architecture.md, cross-CAE work); OCA account_invoice_inter_company mirrors that document as
        # the vendor bill (or refund) of the mission's CAE. A client credit note brings its credit note.
        posted.filtered(
            lambda m: m.move_type in ("out_invoice", "out_refund") and m.oe_mission_id
        )._oe_invoice_home_caes()
        return posted

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
        """{home CAE: [(invoice line, hours)]} for the lines that the invoicing of hours made for
        entrepreneurs of another CAE: an accepted assignment of this mission, in this CAE, and the hours
        linked to the line (never the line's own quantity or price)."""
        self.ensure_one()
        move_sudo = self.sudo()
        mission = move_sudo.oe_mission_id
        result = defaultdict(list)
        for line in move_sudo.invoice_line_ids:
            assignment = line.oe_assignment_id
            if not (
                assignment.is_cross_company
                and assignment.state == "accepted"
                and assignment.project_id == mission
                and assignment.company_id == move_sudo.company_id
            ):
                continue
            timesheets = line.oe_timesheet_ids.filtered(
                lambda t, a=assignment: t.oe_assignment_id == a and t.project_id == mission and t.oe_validated
            )
            hours = sum(timesheets.mapped("unit_amount"))
            if hours > 0:
                result[assignment.employee_company_id].append((line, hours))
        return result

    def _oe_home_line_vals(self, line, quantity, price_unit, home_company):
        product = line.product_id
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
                float_round(
                    line.oe_assignment_id.hourly_rate * (1 - retention),
                    precision_digits=self.currency_id.decimal_places,
                ),
                home_company,
            )
            for line, hours in items
        ]
        return self._oe_home_document_vals("out_invoice", home_company, lines)

    def _oe_prepare_home_cae_refund_vals(self):
        """The home CAEs' credit notes for this client credit note: for each assignment, the share of the
        original invoice's amount that it credits (capped by the credit notes posted before it), applied to
        the inter-CAE lines of that assignment. A full credit note credits them all."""
        self.ensure_one()
        move_sudo = self.sudo()
        original = move_sudo.reversed_entry_id
        home_documents = original._oe_live_home_documents() if original else original
        if not home_documents:
            return []

        def by_assignment(moves):
            totals = defaultdict(float)
            for line in moves.invoice_line_ids.filtered("oe_assignment_id"):
                totals[line.oe_assignment_id] += line.price_subtotal
            return totals

        invoiced = by_assignment(original)
        earlier = by_assignment(original.reversal_move_ids.filtered(lambda r: r.state == "posted" and r != move_sudo))
        credited = by_assignment(move_sudo)
        fractions = {}
        for assignment, amount in credited.items():
            if invoiced.get(assignment, 0.0) > 0:
                left = max(invoiced[assignment] - earlier.get(assignment, 0.0), 0.0)
                fractions[assignment] = min(max(amount, 0.0), left) / invoiced[assignment]
        vals_list = []
        for document in home_documents:
            lines = []
            for home_line in document.invoice_line_ids:
                source = home_line.oe_source_line_id
                fraction = fractions.get(source.oe_assignment_id, 0.0)
                if fraction <= 0:
                    continue
                price = home_line.price_unit * fraction
                lines.append(
                    dict(
                        self._oe_home_line_vals(
                            source,
                            home_line.quantity,
                            float_round(price, precision_digits=self.currency_id.decimal_places),
                            document.company_id,
                        ),
                        oe_source_line_id=home_line.id,
                    )
                )
            if lines:
                vals_list.append(self._oe_home_document_vals("out_refund", document.company_id, lines))
        return vals_list


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    oe_timesheet_ids = fields.One2many("account.analytic.line", "oe_invoice_line_id", string="Timesheets")
    oe_assignment_id = fields.Many2one(
        "oe.mission.assignment", string="Assignment", index="btree_not_null", readonly=True, check_company=True
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
            _check_flow_fields(self.env, vals, LINE_FLOW_FIELDS)
        return super().create(vals_list)

    def write(self, vals):
        _check_flow_fields(self.env, vals, LINE_FLOW_FIELDS)
        if "oe_assignment_id" in vals and not self.env.su:
            if self.filtered(lambda line: line.parent_state == "posted"):
                raise UserError(_("The assignment of a posted invoice line cannot change."))
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
