import io
from collections import defaultdict
from datetime import date

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL

from .oe_sap_activity import UNITS


class OeSapNova(models.Model):
    """The NOVA statistics of the SAP CAEs (art. R7232-19 Code du travail), one row per journal item.

    Declared providers of services à la personne report their activity on NOVA, the State's extranet:
    monthly activity states (EMA) and a yearly statistical table (TSA). For each SAP CAE and month NOVA asks
    the number of clients, the hours of each activity (euros for the activities declared in euros,
    ``oe.sap.activity.unit``), the SAP turnover excluding VAT and the number of intervenants. What public
    sources confirm is that EMA and TSA exist and carry these figures; the exact layout of NOVA's entry
    screens could not be confirmed, and no official import format is known: the XLSX export
    (:meth:`_nova_xlsx`) lays the figures out to be typed into NOVA, it is not a file NOVA imports.

    The rows are the posted journal items that give the tax credit (``account.move.line.oe_sap_eligible``,
    the one rule of eligibility), in the month of their accounting date; a credit note counts negatively.
    Counts of distinct clients and intervenants do not add up across activities or months, so each row
    carries its client and intervenant as many2one measures (``nova_client_id``, ``nova_intervenant_id``),
    which the pivot and :meth:`_nova_figures` count distinctly at any grouping (month, quarter, year).
    Credit notes bring no client nor intervenant to the counts.
    """

    _name = "oe.sap.nova"
    _description = "NOVA statistics of services à la personne"
    _auto = False
    _order = "date desc, company_id, activity_id"
    _rec_name = "activity_id"

    company_id = fields.Many2one("res.company", string="Company", readonly=True)
    currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    activity_id = fields.Many2one("oe.sap.activity", string="SAP activity", readonly=True)
    unit = fields.Selection(UNITS, string="Counted in", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", readonly=True)
    intervenant_id = fields.Many2one("res.partner", string="Intervenant", readonly=True)
    nova_client_id = fields.Many2one(
        "res.partner", string="Clients", readonly=True, help="Distinct clients invoiced (credit notes excluded)."
    )
    nova_intervenant_id = fields.Many2one(
        "res.partner",
        string="Intervenants",
        readonly=True,
        help="Distinct people who worked on the services invoiced (credit notes excluded).",
    )
    hours = fields.Float(readonly=True, help="Hours invoiced, net of credit notes.")
    quantity = fields.Float(
        string="Hours or euros",
        readonly=True,
        help="What NOVA counts for the activity: hours, or euros excluding VAT for the activities declared in euros.",
    )
    amount = fields.Monetary(string="Turnover excl. VAT", readonly=True, currency_field="currency_id")

    def _query(self):
        """One row per posted eligible journal item. The month is the item's accounting date; the hours are its
        quantity, converted to hours when its unit of measure is another unit of time (days), as the invoice
        prints it (``account.move._oe_sap_report_values``), none for an activity counted in euros; the
        intervenant is the entrepreneur of the line's assignment, else of its hours, else the entrepreneur of
        the revenue rules (docs/architecture.md, "Money rules"). Raw SQL: an SQL view, like
        ``oe.entrepreneur.report``."""
        return SQL(
            """
            WITH items AS MATERIALIZED (
                SELECT aml.id, aml.company_id, aml.move_id, aml.date, aml.oe_sap_activity_id AS activity_id,
                       am.move_type, am.commercial_partner_id AS partner_id, aml.quantity, aml.product_uom_id,
                       aml.balance, aml.analytic_distribution AS distribution, aml.oe_assignment_id
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                 WHERE aml.oe_sap_eligible
                   AND aml.parent_state = 'posted'
                   AND aml.display_type = 'product'
                   AND am.move_type IN ('out_invoice', 'out_refund')
            ), people AS MATERIALIZED (
                %(people)s
            ), worked AS (
                SELECT t.oe_invoice_line_id AS item_id, MIN(e.work_contact_id) AS person_id
                  FROM account_analytic_line t
                  JOIN hr_employee e ON e.id = t.employee_id
                 WHERE t.oe_invoice_line_id IN (SELECT id FROM items)
              GROUP BY t.oe_invoice_line_id
            ), hour_uom AS (
                SELECT u.id, u.category_id, u.factor
                  FROM uom_uom u
                  JOIN ir_model_data imd ON imd.model = 'uom.uom' AND imd.res_id = u.id
                 WHERE imd.module = 'uom' AND imd.name = 'product_uom_hour'
            ), rows AS (
                SELECT i.id, i.company_id, c.currency_id, i.move_id,
                       date_trunc('month', i.date)::date AS date,
                       i.activity_id, act.unit, i.partner_id,
                       COALESCE(ae.work_contact_id, w.person_id, p.partner_id) AS intervenant_id,
                       i.move_type,
                       CASE WHEN i.move_type = 'out_refund' THEN -1 ELSE 1 END
                       * CASE WHEN u.category_id = h.category_id AND u.factor <> 0
                              THEN i.quantity / u.factor * h.factor ELSE i.quantity END AS hours,
                       -i.balance AS amount
                  FROM items i
                  JOIN res_company c ON c.id = i.company_id
                  JOIN oe_sap_activity act ON act.id = i.activity_id
                  CROSS JOIN hour_uom h
             LEFT JOIN uom_uom u ON u.id = i.product_uom_id
             LEFT JOIN oe_mission_assignment asg ON asg.id = i.oe_assignment_id
             LEFT JOIN hr_employee ae ON ae.id = asg.employee_id
             LEFT JOIN worked w ON w.item_id = i.id
             LEFT JOIN people p ON p.distribution = i.distribution
            )
            SELECT r.id, r.company_id, r.currency_id, r.move_id, r.date, r.activity_id, r.unit, r.partner_id,
                   r.intervenant_id,
                   CASE WHEN r.move_type = 'out_invoice' THEN r.partner_id END AS nova_client_id,
                   CASE WHEN r.move_type = 'out_invoice' THEN r.intervenant_id END AS nova_intervenant_id,
                   CASE WHEN r.unit = 'amount' THEN 0 ELSE r.hours END AS hours,
                   CASE WHEN r.unit = 'amount' THEN r.amount ELSE r.hours END AS quantity,
                   r.amount
              FROM rows r
            """,
            people=self.env["oe.revenue"]._people_query(
                SQL("SELECT DISTINCT distribution FROM items WHERE distribution IS NOT NULL")
            ),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query()))

    # ------------------------------------------------------------------ figures

    @api.model
    def _nova_figures(self, domain):
        """The NOVA figures of the rows of ``domain``, per company, in three grouped reads whatever the number
        of rows: ``{company: {"months": [first days], "activities": {activity: {month: quantity, "total": …}},
        "clients": {month: n, "total": n}, "intervenants": {…}, "turnover": {…}, "hours": {…}}}``. The totals
        of the counts are distinct over the whole period, not sums of the months."""
        per_activity = self._read_group(domain, ["company_id", "date:month", "activity_id"], ["quantity:sum"])
        per_month = self._read_group(
            domain,
            ["company_id", "date:month"],
            ["nova_client_id:count_distinct", "nova_intervenant_id:count_distinct", "amount:sum", "hours:sum"],
        )
        per_period = self._read_group(
            domain,
            ["company_id"],
            ["nova_client_id:count_distinct", "nova_intervenant_id:count_distinct", "amount:sum", "hours:sum"],
        )
        result = {}

        def figures(company):
            return result.setdefault(
                company,
                {
                    "months": [],
                    "activities": defaultdict(lambda: defaultdict(float)),
                    "clients": {},
                    "intervenants": {},
                    "turnover": {},
                    "hours": {},
                },
            )

        for company, month, activity, quantity in per_activity:
            activities = figures(company)["activities"]
            activities[activity][month] += quantity
            activities[activity]["total"] += quantity
        for company, month, clients, intervenants, amount, hours in per_month:
            values = figures(company)
            values["clients"][month] = clients
            values["intervenants"][month] = intervenants
            values["turnover"][month] = amount
            values["hours"][month] = hours
        for company, clients, intervenants, amount, hours in per_period:
            values = figures(company)
            values["clients"]["total"] = clients
            values["intervenants"]["total"] = intervenants
            values["turnover"]["total"] = amount
            values["hours"]["total"] = hours
        for values in result.values():
            months = sorted(key for key in values["clients"] if key != "total")
            if months:
                month, last = fields.Date.to_date(months[0]), fields.Date.to_date(months[-1])
                values["months"] = []
                while month <= last:
                    values["months"].append(month)
                    month += relativedelta(months=1)
        return result

    # ------------------------------------------------------------------ XLSX export

    def action_export_xlsx(self):
        """Download the NOVA figures of the selected rows, or of the current search when none is selected, as
        an XLSX workbook laid out to be typed into NOVA (one sheet per CAE)."""
        domain = [("id", "in", self.ids)] if self else self.env.context.get("active_domain") or []
        content = self._nova_xlsx(domain)
        # One export kept per user: the previous ones are downloaded already (attachments of no record).
        self.env["ir.attachment"].search(
            [("res_model", "=", self._name), ("res_id", "=", 0), ("create_uid", "=", self.env.uid)]
        ).unlink()
        attachment = self.env["ir.attachment"].create(
            {
                "name": _("NOVA statistics.xlsx"),
                "raw": content,
                "res_model": self._name,
                "mimetype": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "download",
        }

    @api.model
    def _nova_xlsx(self, domain):
        """The XLSX workbook (bytes) of the NOVA figures of the rows of ``domain``. No official import format of
        NOVA is known: the sheet follows the figures NOVA asks (clients, hours per activity or euros, turnover
        excluding VAT, intervenants), one column per month and one for the period."""
        data = self._nova_figures(domain)
        if not data:
            raise UserError(_("No services à la personne were invoiced in the selected period: nothing to export."))
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True})
        title = workbook.add_format({"bold": True, "font_size": 14})
        header = workbook.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True})
        number = workbook.add_format({"num_format": "# ##0.00", "border": 1})
        integer = workbook.add_format({"num_format": "0", "border": 1})
        money = workbook.add_format({"num_format": "# ##0.00 €", "border": 1})
        cell = workbook.add_format({"border": 1, "text_wrap": True})
        used_names = set()
        for company in sorted(data, key=lambda c: c.name):
            values = data[company]
            months = values["months"]
            sheet_name = self._nova_sheet_name(company, used_names)
            sheet = workbook.add_worksheet(sheet_name)
            sheet.set_column(0, 0, 48)
            sheet.set_column(1, 1, 10)
            sheet.set_column(2, len(months) + 2, 13)
            sheet.write(0, 0, _("NOVA statistics — %(company)s", company=company.name), title)
            sheet.write(1, 0, _("SAP declaration number"), bold)
            sheet.write(1, 2, company.oe_sap_number or "")
            sheet.write(2, 0, _("Period"), bold)
            sheet.write(
                2,
                2,
                _(
                    "%(start)s to %(end)s",
                    start=months[0].strftime("%m/%Y"),
                    end=months[-1].strftime("%m/%Y"),
                ),
            )
            sheet.write(
                3,
                0,
                _(
                    "No official import format of NOVA is known: type these figures into NOVA's entry screens "
                    "(monthly activity states and yearly statistical table)."
                ),
            )
            row = 5
            columns = [month.strftime("%m/%Y") for month in months] + [_("Total")]
            keys = [*months, "total"]

            # The activity of the period: one line per activity, hours or euros.
            sheet.write(row, 0, _("Activity of services à la personne"), bold)
            row += 1
            self._nova_header_row(sheet, row, [_("Activity"), _("Unit"), *columns], header)
            row += 1
            units = dict(self._fields["unit"]._description_selection(self.env))
            for activity in sorted(values["activities"], key=lambda a: (a.sequence, a.code)):
                by_month = values["activities"][activity]
                sheet.write(row, 0, activity.name, cell)
                sheet.write(row, 1, units.get(activity.unit, ""), cell)
                for index, key in enumerate(keys):
                    fmt = money if activity.unit == "amount" else number
                    sheet.write_number(row, 2 + index, by_month.get(key, 0.0), fmt)
                row += 1
            row += 1
            # The figures of the CAE: clients, intervenants, hours, turnover.
            sheet.write(row, 0, _("Figures of the organisation"), bold)
            row += 1
            self._nova_header_row(sheet, row, [_("Figure"), "", *columns], header)
            row += 1
            for label, key, fmt in (
                (_("Number of clients (private persons)"), "clients", integer),
                (_("Number of intervenants"), "intervenants", integer),
                (_("Hours invoiced"), "hours", number),
                (_("SAP turnover excl. VAT"), "turnover", money),
            ):
                sheet.write(row, 0, label, cell)
                sheet.write(row, 1, "", cell)
                for index, month in enumerate(keys):
                    sheet.write_number(row, 2 + index, values[key].get(month, 0), fmt)
                row += 1
            sheet.write(
                row + 1,
                0,
                _(
                    "The period's counts of clients and intervenants are distinct over the period: they are not "
                    "the sum of the months."
                ),
            )
        workbook.close()
        return output.getvalue()

    @api.model
    def _nova_header_row(self, sheet, row, labels, cell_format):
        for column, label in enumerate(labels):
            sheet.write(row, column, label, cell_format)

    @api.model
    def _nova_sheet_name(self, company, used_names):
        """A sheet name Excel accepts (31 characters, no []:*?/\\), unique in the workbook."""
        name = "".join(char for char in company.name if char not in "[]:*?/\\")[:28] or str(company.id)
        candidate, index = name, 2
        while candidate.lower() in used_names:
            candidate = f"{name[:25]} ({index})"
            index += 1
        used_names.add(candidate.lower())
        return candidate

    # ------------------------------------------------------------------ demo

    @api.model
    def _oe_load_demo(self):
        """The demo's year of services à la personne in CAE SAMAD 44, called from demo/oe_sap_demo.xml only (as
        ``oe_redevance`` loads its demo history): last year, every month, Camille's hours for Martine Kerhervé
        (assistance to elderly people, 5.5 %) invoiced by *Facturer les heures*, and housework (10 %) for Jeanne
        Le Floch; a quarterly invoice of both activities for Paul Guérin. Payments of every kind: APA / PCH and
        transfer (Martine), CESU préfinancé and cheque (Jeanne, in cash once), card, direct debit, a partial
        payment, a credit note and a payment in January of this year (Paul). Then the attestations fiscales of
        last year, sent."""
        ref = self.env.ref
        company = ref("oe_etd.company_samad_44")
        elderly, housework = ref("oe_sap.activity_assistance_personnes_agees"), ref("oe_sap.activity_menage")
        company.write(
            {
                "oe_sap_activity_ids": [Command.link(elderly.id), Command.link(housework.id)],
                "oe_crcesu_number": "CRCESU-44-000912",
            }
        )
        camille = ref("oe_entrepreneur.employee_camille")
        camille.oe_sap_identifier = "SAMAD44-CB-0001"
        mission = ref("oe_mission.mission_martine")
        assignment = ref("oe_mission.assignment_martine_camille")
        jeanne, paul = ref("oe_sap.client_jeanne"), ref("oe_sap.client_paul")
        product_elderly = ref("oe_mission.product_service_samad")
        product_housework = ref("oe_sap.product_service_menage")
        today = fields.Date.context_today(self)
        year = today.year - 1
        Move = self.env["account.move"].with_company(company)
        accounts = camille.oe_analytic_account_id | ref("oe_etd.pole_samad").analytic_account_id
        distribution = {str(account.id): 100 for account in accounts}

        def invoice(partner, lines, day, move_type="out_invoice", reversed_entry=None):
            move = Move.create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": day,
                    "date": day,
                    "reversed_entry_id": reversed_entry.id if reversed_entry else False,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": hours,
                                "price_unit": price,
                                "analytic_distribution": distribution,
                            }
                        )
                        for product, hours, price in lines
                    ],
                }
            )
            move.action_post()
            return move

        def pay(move, amount, day, kind):
            method_line = self.env["account.payment.method.line"].search(
                [("journal_id.company_id", "=", company.id), ("oe_sap_payment_kind", "=", kind)], limit=1
            )
            self.env["account.payment.register"].with_company(company).with_context(
                active_model="account.move", active_ids=move.ids
            ).create(
                {
                    "amount": amount,
                    "payment_date": min(day, today),
                    "journal_id": method_line.journal_id.id,
                    "payment_method_line_id": method_line.id,
                }
            )._create_payments()

        Timesheet = self.env["account.analytic.line"].with_company(company)
        for month in range(1, 13):
            first = date(year, month, 1)
            last = first + relativedelta(months=1, days=-1)
            paid_on = last + relativedelta(days=10)
            # Martine: four visits of two hours, validated, invoiced by the hours; APA / PCH pays 100.00.
            timesheets = Timesheet.create(
                [
                    {
                        "name": "Aide au lever et à la toilette",
                        "project_id": mission.id,
                        "employee_id": camille.id,
                        "oe_assignment_id": assignment.id,
                        "company_id": company.id,
                        "date": first + relativedelta(days=day),
                        "unit_amount": 2.0,
                    }
                    for day in (2, 9, 16, 23)
                ]
            )
            timesheets.write({"oe_validated": True, "oe_validated_by_id": self.env.ref("base.user_admin").id})
            mission_invoice = mission.oe_invoice_timesheets(first, last)
            mission_invoice.write({"invoice_date": last, "date": last})
            mission_invoice.action_post()
            pay(mission_invoice, 100.0, paid_on, "apa_pch")
            pay(mission_invoice, mission_invoice.amount_residual, paid_on, "transfer")
            # Jeanne: six hours of housework at 22.00 (145.20 incl. VAT): CESU 100.00 and a cheque, cash in June.
            jeanne_invoice = invoice(jeanne, [(product_housework, 6, 22.0)], last)
            if month == 6:
                pay(jeanne_invoice, jeanne_invoice.amount_total, paid_on, "cash")
            else:
                pay(jeanne_invoice, 100.0, paid_on, "cesu")
                pay(jeanne_invoice, jeanne_invoice.amount_residual, paid_on, "cheque")
            # Paul: each quarter, 4 h of assistance at 24.00 and 3 h of housework at 22.00 (173.88 incl. VAT).
            if month % 3:
                continue
            paul_invoice = invoice(paul, [(product_elderly, 4, 24.0), (product_housework, 3, 22.0)], last)
            if month == 3:
                pay(paul_invoice, paul_invoice.amount_total, paid_on, "card")
            elif month == 6:
                pay(paul_invoice, paul_invoice.amount_total, paid_on, "direct_debit")
            elif month == 9:
                pay(paul_invoice, 100.0, paid_on, "transfer")  # partial: the rest is still due
            else:
                # One hour of housework credited (24.20 incl. VAT), the rest paid in January of this year.
                refund = invoice(paul, [(product_housework, 1, 22.0)], last, "out_refund", paul_invoice)
                receivables = (paul_invoice | refund).line_ids.filtered(
                    lambda line: line.account_id.account_type == "asset_receivable" and not line.reconciled
                )
                if len(receivables.move_id) == 2:
                    receivables.reconcile()
                pay(paul_invoice, paul_invoice.amount_residual, paid_on, "transfer")
        # Generated and sent by the CAE in February: the clients find them in their portal.
        self.env["oe.sap.attestation"].generate(year, company).action_send_by_email()
