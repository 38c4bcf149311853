from odoo import Command, fields, models
from odoo.tools import float_compare, float_round


class AccountMove(models.Model):
    _inherit = "account.move"

    oe_mission_id = fields.Many2one("project.project", string="Mission", index="btree_not_null", copy=True)
    oe_source_invoice_id = fields.Many2one(
        "account.move",
        string="Client document",
        index="btree_not_null",
        copy=False,
        readonly=True,
        help="The client invoice or credit note of the mission's CAE that this inter-CAE document follows.",
    )

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
        originals = posted.filtered(lambda m: m.move_type == "out_refund").reversed_entry_id
        if originals:
            refunded = dict(
                self._read_group(
                    [("reversed_entry_id", "in", originals.ids), ("state", "=", "posted")],
                    ["reversed_entry_id"],
                    ["amount_total:sum"],
                )
            )
            fully_refunded = originals.filtered(
                lambda m: float_compare(refunded.get(m, 0.0), m.amount_total, precision_rounding=m.currency_id.rounding)
                >= 0
            )
            fully_refunded._oe_release_timesheets()
        # The hours of entrepreneurs of another CAE are invoiced by their home CAE to the mission's CAE
        # (architecture.md, cross-CAE work); OCA account_invoice_inter_company mirrors that document as
        # the vendor bill (or refund) of the mission's CAE. A client credit note brings its credit note.
        posted.filtered(
            lambda m: m.move_type in ("out_invoice", "out_refund") and m.oe_mission_id
        )._oe_invoice_home_caes()
        return posted

    def button_cancel(self):
        # EXTEND 'account': a cancelled invoice releases its hours.
        res = super().button_cancel()
        self.filtered(lambda m: m.move_type == "out_invoice")._oe_release_timesheets()
        return res

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

    def _oe_invoice_home_caes(self):
        vals_list = []
        for move in self:
            for home_company, lines in move._oe_cross_company_lines().items():
                vals_list.append(move._oe_prepare_home_cae_invoice_vals(home_company, lines))
        if vals_list:
            invoices_sudo = self.env["account.move"].sudo().create(vals_list)
            invoices_sudo.action_post()

    def _oe_cross_company_lines(self):
        """{home CAE: invoice lines} for the lines worked by entrepreneurs of another CAE."""
        self.ensure_one()
        result = {}
        for line in self.sudo().invoice_line_ids.filtered("oe_assignment_id.is_cross_company"):
            home = line.oe_assignment_id.employee_company_id
            result[home] = result.get(home, line.browse()) | line
        return result

    def _oe_prepare_home_cae_invoice_vals(self, home_company, lines):
        """The home CAE's invoice (or credit note) to the mission's CAE: hours x rate x (1 - retention)."""
        self.ensure_one()
        retention = self.company_id.oe_retention_rate / 100.0
        invoice_lines = []
        for line in lines:
            product = line.product_id
            taxes = product.taxes_id.filtered(lambda t, c=home_company: t.company_id == c)
            invoice_lines.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": line.name,
                        "quantity": line.quantity,
                        "product_uom_id": line.product_uom_id.id,
                        "price_unit": float_round(
                            line.oe_assignment_id.hourly_rate * (1 - retention),
                            precision_digits=self.currency_id.decimal_places,
                        ),
                        "tax_ids": [Command.set(taxes.ids)],
                        # No entrepreneur analytic account: their turnover is the client invoice's.
                        "analytic_distribution": False,
                    }
                )
            )
        return {
            "move_type": self.move_type,
            "company_id": home_company.id,
            "partner_id": self.company_id.partner_id.id,
            "invoice_date": self.invoice_date,
            "invoice_origin": self.name,
            "oe_source_invoice_id": self.id,
            "invoice_line_ids": invoice_lines,
        }


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    oe_timesheet_ids = fields.One2many("account.analytic.line", "oe_invoice_line_id", string="Timesheets")
    oe_assignment_id = fields.Many2one(
        "oe.mission.assignment", string="Assignment", index="btree_not_null", readonly=True
    )
