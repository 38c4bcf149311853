"""The attestation fiscale annuelle of services à la personne (art. D7233-4 Code du travail).

One attestation per (client, CAE, civil year), for the private clients of the SAP CAEs; invoices that cannot be
attested go to the reject list with their reason. How the amounts are counted (docs/architecture.md, "Money rules"):

* **What counts.** The money the client paid, dated in the year, on the SAP-eligible lines of their invoices:
  ``account.move.line.oe_sap_eligible`` decides which lines are eligible (helper A's rule, never re-implemented
  here). A payment is an ``account.payment`` reconciled with the invoice (``account.partial.reconcile``, the
  payment's own date), or, for a payment without journal entry (Odoo 18 leaves the entry out when the payment
  method has no outstanding account), the payment linked to the invoice (``invoice_ids``); a payment linked to
  several invoices is shared between them in proportion of their totals. Only confirmed payments count (in
  process or paid), in company currency. A payment without entry counts at most what is left to settle of the
  invoice once its reconciliations are counted (an overpayment is not attested); when a statement line reconciled
  with the invoice settled what such a payment paid, the money is counted once, with the payment's kind and date.
  A bank statement line reconciled directly counts as a transfer (a cash journal's as cash, the CAE's CESU
  journal's as CESU).
* **Pro rata.** A payment of an invoice that also has non-eligible lines counts for the eligible share of the
  invoice: eligible lines' total (taxes included) / invoice total. Amounts are summed exactly (``Decimal``) and
  each figure of the attestation is rounded once to the cent, half away from zero.
* **Kinds** (``SAP_ELIGIBLE_KINDS``, art. D7233-3): card, direct debit, transfer, cheque, CESU give the right to
  the tax credit; cash does not (an invoice paid in cash only is rejected; cash beside another kind is shown apart
  and not counted). A payment method without SAP kind takes its journal's: a cash journal is cash, any other a
  transfer, except the CAE's CESU journal (``oe_sap_cesu_journal_id``): CESU.
* **Figures.** ``gross_amount`` = eligible payments + APA/PCH; ``amount_paid`` = ``gross_amount`` − CESU
  préfinancé − APA/PCH − avance immédiate (0 until the Urssaf API *Tiers de prestation* is plugged in) −
  refunds: the money given back in the year on eligible credit notes (an outbound payment reconciled with a
  credit note), or on invoices (an outbound payment linked to the invoice, beyond what was overpaid), whatever
  the year of the invoice.
* **Rejects.** An eligible invoice dated in the year and not paid at all at its end (*unpaid*); an invoice whose
  payments of the year are all cash (*cash*); an invoice in another currency than the CAE's (*currency*); an
  invoice whose eligible lines carry several VAT rates and that is only partly settled at the year's end
  (*multi_vat*: which rate a partial payment paid cannot be told; its payments of the year are left out); a
  client whose refunds of the year exceed their payments (*credit_note*, on each refunded document): no
  attestation for them that year.
* **Refresh.** Generating again rewrites only what changed. A sent attestation whose figures or interventions
  change, or that no longer counts any payment (kept with zero figures and no lines: never deleted), goes back to
  *To send* with a message, to send the correction; an unsent one without payment is deleted.
* **Portal.** The client downloads the attestations the CAE has sent (state *Sent*): one that is being
  corrected is back in the portal once sent again.
* **Years.** Each year counts its own payments: partial payments across two years give two attestations, a
  credit note refunded the next year lowers the next year's.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.oe_etd.tools.rounding import round_half_up, to_decimal

from .account_payment import SAP_DEDUCTED_KINDS, SAP_ELIGIBLE_KINDS

REJECT_REASONS = [
    ("unpaid", "Unpaid"),
    ("cash", "Paid in cash only"),
    ("credit_note", "Credit note larger than the year's payments"),
    ("multi_vat", "Several VAT rates, partly paid"),
    ("currency", "Invoice in another currency"),
]
# The figures of an attestation, written by generate() only (docs/architecture.md, "Integrity").
FIGURE_FIELDS = (
    "gross_amount",
    "cesu_amount",
    "apa_pch_amount",
    "advance_amount",
    "refund_amount",
    "cash_amount",
    "amount_paid",
)
ZERO = Decimal(0)


class OeSapAttestation(models.Model):
    _name = "oe.sap.attestation"
    _description = "SAP tax attestation"
    _inherit = ["portal.mixin", "mail.thread"]
    _order = "year desc, company_id, partner_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one("res.partner", string="Client", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", string="CAE", required=True, readonly=True, index=True)
    year = fields.Integer(required=True, readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id", store=True)
    gross_amount = fields.Monetary(
        string="Payments counted", readonly=True, help="Eligible payments and APA/PCH, before deductions."
    )
    cesu_amount = fields.Monetary(string="CESU préfinancé", readonly=True)
    apa_pch_amount = fields.Monetary(string="APA / PCH", readonly=True)
    advance_amount = fields.Monetary(
        string="Avance immédiate",
        readonly=True,
        help="Paid by the Urssaf for the client (avance immédiate de crédit d'impôt): 0 until it is plugged in.",
    )
    refund_amount = fields.Monetary(string="Refunds", readonly=True, help="Money given back on credit notes.")
    cash_amount = fields.Monetary(
        string="Cash (not eligible)", readonly=True, help="Paid in cash: not counted for the tax credit."
    )
    amount_paid = fields.Monetary(
        string="Amount paid by the client",
        readonly=True,
        help="What the client paid personally in the year for services à la personne.",
    )
    line_ids = fields.One2many("oe.sap.attestation.line", "attestation_id", string="Interventions", readonly=True)
    move_ids = fields.Many2many(
        "account.move", string="Invoices counted", readonly=True, copy=False, check_company=True
    )
    total_hours = fields.Float(compute="_compute_total_hours")
    has_cesu = fields.Boolean(compute="_compute_total_hours")
    state = fields.Selection([("draft", "To send"), ("sent", "Sent")], default="draft", required=True, readonly=True)
    sent = fields.Boolean(readonly=True, copy=False, help="Sent to the client by email.")

    _sql_constraints = [
        (
            "oe_sap_attestation_unique",
            "UNIQUE(partner_id, company_id, year)",
            "There is one attestation per client, CAE and year.",
        ),
    ]

    @api.depends("year", "partner_id.name")
    def _compute_name(self):
        for attestation in self:
            attestation.name = _(
                "Tax attestation %(year)s — %(client)s", year=attestation.year, client=attestation.partner_id.name
            )

    @api.depends("line_ids.hours", "cesu_amount")
    def _compute_total_hours(self):
        for attestation in self:
            attestation.total_hours = sum(attestation.line_ids.mapped("hours"))
            attestation.has_cesu = not attestation.currency_id.is_zero(attestation.cesu_amount)

    def _compute_access_url(self):  # pylint: disable=missing-return
        super()._compute_access_url()
        for attestation in self:
            attestation.access_url = f"/my/attestations/{attestation.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return f"Attestation fiscale {self.year} - {self.partner_id.name}"

    # ------------------------------------------------------------------ guards

    @api.model_create_multi
    def create(self, vals_list):
        self._oe_check_trusted()
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - {"message_main_attachment_id", "access_token"}:
            self._oe_check_trusted()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent(self):
        if not self.env.su and self.filtered("sent"):
            raise UserError(_("An attestation sent to the client is never deleted."))

    @api.model
    def _oe_check_trusted(self):
        # Figures are written by generate() and sending by its action, under a scoped sudo, never by hand
        # (docs/architecture.md, "Integrity").
        if not self.env.su:
            raise UserError(_("Tax attestations are made by their generation, never by hand."))

    # ------------------------------------------------------------------ access

    @api.model
    def _oe_check_accountant(self, companies):
        """Only the accountants of these SAP CAEs (or the network administrators) generate and send."""
        user = self.env.user
        if self.env.su:
            return
        if not user.has_group("oe_etd.group_cae_accountant") or not companies <= user.company_ids:
            raise AccessError(_("Only the accountants of the CAE generate and send its tax attestations."))

    @api.model
    def _oe_sap_companies(self, companies=None):
        """The SAP CAEs among ``companies`` (default: the user's): a CAE with a SAP declaration number."""
        if companies is None:
            companies = self.env.user.company_ids
        return companies.filtered(lambda c: c.oe_role == "cae" and c.oe_sap_number)

    # ------------------------------------------------------------------ generation

    @api.model
    def generate(self, year, companies=None):
        """Make, or refresh, the attestations of ``year`` for every private client of the SAP CAEs
        ``companies`` (default: the user's), and the reject list. Idempotent. Returns the attestations."""
        try:
            year = int(year)
        except (TypeError, ValueError):
            raise UserError(_("The year of the attestations must be a number.")) from None
        if year < 2000 or year > fields.Date.context_today(self).year:
            raise UserError(_("Tax attestations are made for a past or current year, not %(year)s.", year=year))
        companies = self._oe_sap_companies(companies)
        self._oe_check_accountant(companies)
        if not companies:
            return self.browse()
        self_sudo = self.sudo()
        # Serialise two generations of the same CAEs (docs/architecture.md, "Integrity", concurrency).
        self.env.cr.execute(SQL("UPDATE res_company SET id = id WHERE id IN %s", tuple(companies.ids)))
        result = self_sudo._oe_compute_year(year, companies)
        return self_sudo._oe_save_year(year, companies, result).sudo(False)

    def _oe_year_bounds(self, year):
        return date(year, 1, 1), date(year, 12, 31)

    def _oe_documents(self, year, companies):
        """{move id: facts} for the posted customer invoices and credit notes of these CAEs with an eligible
        line that were dated in the year or settled by money in the year. One query."""
        start, end = self._oe_year_bounds(year)
        self.env["account.move.line"].flush_model()
        self.env["account.move"].flush_model()
        self.env["account.partial.reconcile"].flush_model()
        self.env["account.payment"].flush_model()
        # Raw SQL: eligible totals, distinct VAT rates and money dated in the year for every document at once,
        # grouped by the database (docs/development.md, "Query budgets").
        query = SQL(
            """
            WITH eligible AS (
                SELECT line.move_id, line.id AS line_id, line.price_total
                  FROM account_move_line line
                  JOIN account_move move ON move.id = line.move_id
                 WHERE line.oe_sap_eligible
                   AND move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.company_id IN %(companies)s
                   AND move.date <= %(end)s
            ), candidates AS (
                SELECT DISTINCT move.id
                  FROM account_move move
                 WHERE move.id IN (SELECT move_id FROM eligible)
                   AND (move.invoice_date BETWEEN %(start)s AND %(end)s
                        OR EXISTS (
                            SELECT 1
                              FROM account_move_line doc_line
                              JOIN account_partial_reconcile part
                                ON doc_line.id IN (part.debit_move_id, part.credit_move_id)
                              JOIN account_move_line other
                                ON other.id = CASE WHEN part.debit_move_id = doc_line.id
                                                   THEN part.credit_move_id ELSE part.debit_move_id END
                             WHERE doc_line.move_id = move.id AND other.date BETWEEN %(start)s AND %(end)s)
                        OR EXISTS (
                            SELECT 1
                              FROM account_move__account_payment rel
                              JOIN account_payment pay ON pay.id = rel.payment_id
                             WHERE rel.invoice_id = move.id AND pay.move_id IS NULL
                               AND pay.state IN ('in_process', 'paid')
                               AND pay.date BETWEEN %(start)s AND %(end)s))
            )
            SELECT move.id, move.company_id, move.commercial_partner_id AS partner_id, move.move_type,
                   move.invoice_date, move.currency_id != company.currency_id AS foreign_currency,
                   move.amount_total,
                   (SELECT SUM(e.price_total) FROM eligible e WHERE e.move_id = move.id) AS eligible_total,
                   (SELECT ARRAY_AGG(e.line_id) FROM eligible e WHERE e.move_id = move.id) AS line_ids,
                   (SELECT COUNT(DISTINCT rel.account_tax_id)
                      FROM eligible e
                      JOIN account_move_line_account_tax_rel rel ON rel.account_move_line_id = e.line_id
                     WHERE e.move_id = move.id) AS tax_count
              FROM account_move move
              JOIN res_company company ON company.id = move.company_id
             WHERE move.id IN (SELECT id FROM candidates)
            """,
            companies=tuple(companies.ids),
            start=start,
            end=end,
        )
        return {row["id"]: row for row in self.env.execute_query_dict(query)}

    def _oe_money(self, year, move_ids):
        """[(move id, amount, date, kind or None, is money, is statement line, is without entry)] for what settled
        these documents up to the year's end: reconciliations (payments, statement lines, credit notes...) and
        payments without journal entry, in company currency, positive when it settles the document (negative:
        money going the other way, e.g. given back on an invoice). One query."""
        _start, end = self._oe_year_bounds(year)
        # Raw SQL: every settlement of every document at once, with its counterpart's payment kind and journal.
        query = SQL(
            """
            SELECT doc_line.move_id, part.amount, other_move.date,
                   COALESCE(pay.oe_sap_payment_kind,
                            CASE WHEN journal.id = company.oe_sap_cesu_journal_id THEN 'cesu'
                                 WHEN journal.type = 'cash' THEN 'cash'
                                 WHEN journal.type = 'bank' THEN 'transfer' END) AS kind,
                   (pay.id IS NOT NULL OR other_move.statement_line_id IS NOT NULL) AS is_money,
                   (pay.id IS NULL AND other_move.statement_line_id IS NOT NULL) AS is_statement,
                   FALSE AS without_entry, part.id AS sequence
              FROM account_move_line doc_line
              JOIN account_account account ON account.id = doc_line.account_id
              JOIN account_partial_reconcile part ON doc_line.id IN (part.debit_move_id, part.credit_move_id)
              JOIN account_move_line other
                ON other.id = CASE WHEN part.debit_move_id = doc_line.id
                                   THEN part.credit_move_id ELSE part.debit_move_id END
              JOIN account_move other_move ON other_move.id = other.move_id
              JOIN account_journal journal ON journal.id = other_move.journal_id
              JOIN res_company company ON company.id = journal.company_id
              LEFT JOIN account_payment pay ON pay.id = other_move.origin_payment_id
             WHERE doc_line.move_id IN %(moves)s
               AND account.account_type = 'asset_receivable'
               AND other_move.id != doc_line.move_id
               AND other.date <= %(end)s
               AND (pay.id IS NULL OR pay.state IN ('in_process', 'paid'))
            UNION ALL
            SELECT rel.invoice_id,
                   ABS(pay.amount_company_currency_signed) * doc.amount_total / NULLIF(shares.total, 0)
                   * CASE WHEN (pay.payment_type = 'inbound') = (doc.move_type = 'out_invoice') THEN 1 ELSE -1 END,
                   pay.date,
                   COALESCE(pay.oe_sap_payment_kind,
                            CASE WHEN journal.id = company.oe_sap_cesu_journal_id THEN 'cesu'
                                 WHEN journal.type = 'cash' THEN 'cash'
                                 ELSE 'transfer' END),
                   TRUE, FALSE, TRUE, pay.id
              FROM account_move__account_payment rel
              JOIN account_payment pay ON pay.id = rel.payment_id
              JOIN account_journal journal ON journal.id = pay.journal_id
              JOIN res_company company ON company.id = journal.company_id
              JOIN account_move doc ON doc.id = rel.invoice_id
              JOIN (SELECT rel2.payment_id, SUM(doc2.amount_total) AS total
                      FROM account_move__account_payment rel2
                      JOIN account_move doc2 ON doc2.id = rel2.invoice_id
                     GROUP BY rel2.payment_id) shares ON shares.payment_id = pay.id
             WHERE rel.invoice_id IN %(moves)s
               AND pay.move_id IS NULL
               AND pay.state IN ('in_process', 'paid')
               AND pay.date <= %(end)s
            """,
            moves=tuple(move_ids),
            end=end,
        )
        return self.env.execute_query(query)

    @api.model
    def _oe_settlements(self, total, rows):
        """[(amount, date, kind, is money)] of one document, each money counted once, from its ``_oe_money``
        rows (amount, date, kind, is money, is statement line, is without entry, sequence).

        A payment without entry counts at most what is left to settle once the reconciliations are counted, and
        an outbound one first gives back what was overpaid; the part of a payment without entry that a statement
        line reconciled with the document also settled (Odoo then marks the payment paid) is that statement
        line's money: counted once, with the payment's kind and date (when the client paid)."""
        reconciled = [row for row in rows if not row[5]]
        remaining = total - sum((row[0] for row in reconciled), ZERO)
        result = []
        overpaid = ZERO
        pool = []  # [amount, date, kind]: payments without entry that the reconciled money covered
        for amount, day, kind, _money, _statement, _without, _seq in sorted(
            (row for row in rows if row[5]), key=lambda row: (row[1], row[6])
        ):
            if amount >= 0:
                count = max(min(amount, remaining), ZERO)
                remaining -= count
                overpaid += amount - count
                if count:
                    result.append((count, day, kind, True))
                if amount - count:
                    pool.append([amount - count, day, kind])
            else:
                back = -amount - min(-amount, overpaid)
                overpaid -= -amount - back
                if back:
                    remaining += back
                    result.append((-back, day, kind, True))
        for amount, day, kind, is_money, is_statement, _without, _seq in reconciled:
            while is_statement and amount > 0 and pool:
                taken = min(amount, pool[0][0])
                result.append((taken, pool[0][1], pool[0][2], True))
                amount -= taken
                pool[0][0] -= taken
                if not pool[0][0]:
                    pool.pop(0)
            if amount:
                result.append((amount, day, kind, is_money))
        return result

    def _oe_compute_year(self, year, companies):
        """The figures, counted invoices, interventions and rejects of the year, in memory."""
        start, end = self._oe_year_bounds(year)
        documents = self._oe_documents(year, companies)
        rows = defaultdict(list)
        if documents:
            for move_id, amount, *rest in self._oe_money(year, list(documents)):
                rows[move_id].append((to_decimal(amount), *rest))
        totals = defaultdict(lambda: defaultdict(lambda: ZERO))  # (company, partner) -> bucket -> amount
        counted = defaultdict(set)  # (company, partner) -> counted invoice ids
        refunded = defaultdict(set)  # (company, partner) -> refunded credit note ids
        rejects = []
        for move_id, doc in documents.items():
            key = (doc["company_id"], doc["partner_id"])
            total = to_decimal(doc["amount_total"])
            share = to_decimal(doc["eligible_total"]) / total if total else ZERO
            money = self._oe_settlements(total, rows[move_id])
            settled = sum((amount for amount, _day, _kind, _money in money), ZERO)
            of_year = [(amount, kind) for amount, day, kind, is_money in money if is_money and day >= start]
            dated_in_year = doc["invoice_date"] and start <= doc["invoice_date"] <= end
            if doc["foreign_currency"]:
                rejects.append((key, move_id, "currency"))
                continue
            if doc["move_type"] == "out_refund":
                if of_year:
                    totals[key]["refund"] += sum((amount for amount, _kind in of_year), ZERO) * share
                    refunded[key].add(move_id)
                continue
            if not of_year:
                if dated_in_year and not settled:
                    rejects.append((key, move_id, "unpaid"))
                continue
            if doc["tax_count"] > 1 and settled < total:
                rejects.append((key, move_id, "multi_vat"))
                continue
            received = [(amount, kind) for amount, kind in of_year if amount > 0]
            if not received or all(kind == "cash" for _amount, kind in received):
                if received:
                    rejects.append((key, move_id, "cash"))
                given_back = -sum((amount for amount, _kind in of_year if amount < 0), ZERO)
                if given_back:  # money given back in the year on an invoice paid before: a refund
                    totals[key]["refund"] += given_back * share
                    refunded[key].add(move_id)
                continue
            for amount, kind in of_year:
                part = amount * share
                if part < 0:  # money given back on the invoice (an outbound payment): a refund of the year
                    totals[key]["refund"] -= part
                elif kind in SAP_ELIGIBLE_KINDS or kind == "apa_pch":
                    totals[key]["gross"] += part
                    if kind in SAP_DEDUCTED_KINDS:
                        totals[key][kind] += part
                elif kind == "cash":
                    totals[key]["cash"] += part
            counted[key].add(move_id)
        figures = {}
        for key in set(counted) | set(refunded):
            bucket = {name: round_half_up(value) for name, value in totals[key].items()}
            gross = bucket.get("gross", ZERO)
            refund = bucket.get("refund", ZERO)
            advance = ZERO  # avance immédiate: a later issue (Urssaf API Tiers de prestation)
            paid = gross - bucket.get("cesu", ZERO) - bucket.get("apa_pch", ZERO) - advance - refund
            if paid < 0:
                rejects += [(key, move_id, "credit_note") for move_id in sorted(refunded[key])]
                continue
            if not counted[key]:
                continue
            figures[key] = {
                "gross_amount": float(gross),
                "cesu_amount": float(bucket.get("cesu", ZERO)),
                "apa_pch_amount": float(bucket.get("apa_pch", ZERO)),
                "advance_amount": float(advance),
                "refund_amount": float(refund),
                "cash_amount": float(bucket.get("cash", ZERO)),
                "amount_paid": float(paid),
                "move_ids": sorted(counted[key]),
            }
        counted_ids = {move_id for values in figures.values() for move_id in values["move_ids"]}
        interventions = self._oe_interventions([i for move_id in counted_ids for i in documents[move_id]["line_ids"]])
        for values in figures.values():
            rows = defaultdict(float)
            for move_id in values["move_ids"]:
                for line_id in documents[move_id]["line_ids"]:
                    for row_key, hours in interventions.get(line_id, {}).items():
                        rows[row_key] += hours
            values["lines"] = rows
        return {"figures": figures, "rejects": rejects}

    def _oe_interventions(self, line_ids):
        """{invoice line id: {(employee id, activity id, month): hours}}: the hours linked to these eligible
        lines by the invoicing of hours, per intervenant (their home employee record, cross-CAE included) and
        month; a line without hours counts the intervenant and the hours that the NOVA statistics give it
        (``account.move.line._oe_sap_line_intervenants``)."""
        if not line_ids:
            return {}
        lines = self.env["account.move.line"].browse(line_ids)
        groups = self.env["account.analytic.line"]._read_group(
            [("oe_invoice_line_id", "in", line_ids)],
            ["oe_invoice_line_id", "employee_id", "date:month"],
            ["unit_amount:sum"],
        )
        result = defaultdict(lambda: defaultdict(float))
        for line, employee, month, hours in groups:
            result[line.id][(employee.id, line.oe_sap_activity_id.id, month)] += hours
        without_hours = lines.filtered(lambda line: line.id not in result)
        worked = without_hours._oe_sap_line_intervenants()
        for line in without_hours:
            month = (line.move_id.invoice_date or line.date).replace(day=1)
            employee_id, hours = worked.get(line.id, (False, 0.0))
            result[line.id][(employee_id, line.oe_sap_activity_id.id, month)] += hours
        return result

    def _oe_save_year(self, year, companies, result):
        """Write what ``_oe_compute_year`` found: create or refresh the attestations, replace their lines and
        the year's rejects. A sent attestation whose figures or interventions change goes back to *To send*."""
        Reject = self.env["oe.sap.attestation.reject"]
        Reject.search([("year", "=", year), ("company_id", "in", companies.ids)]).unlink()
        Reject.create(
            [
                {"company_id": key[0], "partner_id": key[1], "year": year, "move_id": move_id, "reason": reason}
                for key, move_id, reason in result["rejects"]
            ]
        )
        figures = result["figures"]
        existing = self.search([("year", "=", year), ("company_id", "in", companies.ids)])
        by_key = {(a.company_id.id, a.partner_id.id): a for a in existing}
        employees = self.env["hr.employee"].browse(
            {emp for values in figures.values() for emp, _activity, _month in values["lines"] if emp}
        )
        employees.read(["name", "oe_sap_identifier"])
        # One read of the existing lines and invoices of every attestation (a refresh compares them).
        old_lines = defaultdict(list)
        line_fields = [
            "attestation_id",
            "employee_id",
            "intervenant_name",
            "identifier",
            "activity_id",
            "date",
            "hours",
        ]
        for old in existing.line_ids.read(line_fields):
            old_lines[old["attestation_id"][0]].append(self._oe_line_key(old))
        existing.mapped("move_ids")  # prefetch the invoices of every attestation at once
        to_create = []
        for key, values in figures.items():
            vals = {name: values[name] for name in FIGURE_FIELDS}
            line_vals = [
                self._oe_line_vals(self.env["hr.employee"].browse(emp), activity, month, hours)
                for (emp, activity, month), hours in sorted(
                    values["lines"].items(), key=lambda item: (item[0][2], str(item[0][0]), item[0][1] or 0)
                )
            ]
            attestation = by_key.get(key)
            if not attestation:
                vals.update(move_ids=[Command.set(values["move_ids"])], line_ids=[Command.create(v) for v in line_vals])
                to_create.append(dict(vals, company_id=key[0], partner_id=key[1], year=year))
                continue
            # A refresh writes only what changed, so that it costs no more than the first run.
            changed = any(
                attestation.currency_id.compare_amounts(attestation[name], vals[name]) for name in FIGURE_FIELDS
            )
            same_lines = set(attestation.move_ids.ids) == set(values["move_ids"]) and old_lines[attestation.id] == [
                self._oe_line_key(new) for new in line_vals
            ]
            if not changed and same_lines:
                continue
            if attestation.sent and attestation.state == "sent":
                # What the client received no longer says what the CAE attests: figures or interventions.
                attestation.message_post(
                    body=_("The figures changed since it was sent: to send again.")
                    if changed
                    else _("The interventions changed since it was sent: to send again.")
                )
                vals.update(state="draft")
            vals.update(
                move_ids=[Command.set(values["move_ids"])],
                line_ids=[Command.clear()] + [Command.create(v) for v in line_vals],
            )
            attestation.write(vals)
        # Attestations of the year that no longer have a payment: deleted, or emptied when sent (a trace, to send
        # again as a correction). Split before the unlink: deleted records are read no more.
        gone = self.browse([a.id for key, a in by_key.items() if key not in figures])
        gone_sent = gone.filtered("sent")
        (gone - gone_sent).unlink()
        to_empty = gone_sent.filtered(
            lambda a: a.move_ids or a.line_ids or any(not a.currency_id.is_zero(a[name]) for name in FIGURE_FIELDS)
        )
        for attestation in to_empty.filtered(lambda a: a.state == "sent"):
            attestation.message_post(body=_("No payment is counted any more since it was sent: to send again."))
        if to_empty:
            to_empty.write(
                dict(
                    dict.fromkeys(FIGURE_FIELDS, 0.0),
                    move_ids=[Command.clear()],
                    line_ids=[Command.clear()],
                    state="draft",
                )
            )
        created = self.create(to_create)
        return (created | existing.exists()).filtered(lambda a: (a.company_id.id, a.partner_id.id) in figures)

    @api.model
    def _oe_line_key(self, vals):
        def plain(value):
            return value[0] if isinstance(value, tuple) else value

        return tuple(
            round(vals[name], 2) if name == "hours" else plain(vals[name])
            for name in ("employee_id", "intervenant_name", "identifier", "activity_id", "date", "hours")
        )

    def _oe_line_vals(self, employee, activity_id, month, hours):
        return {
            "employee_id": employee.id,
            "intervenant_name": employee.name or "",
            "identifier": employee.oe_sap_identifier or "",
            "activity_id": activity_id,
            "date": month,
            "hours": hours,
        }

    # ------------------------------------------------------------------ sending

    def action_send_by_email(self):
        """Send these attestations (all of the list when called from its button) to their clients, with the
        PDF, in one go."""
        self._oe_check_accountant(self.company_id)
        attestations_sudo = self.sudo().filtered(lambda a: a.partner_id.email and a.amount_paid >= 0)
        missing = self - attestations_sudo
        template = self.env.ref("oe_sap.mail_template_oe_sap_attestation")
        if attestations_sudo:
            composer = (
                self.env["mail.compose.message"]
                .sudo()
                .with_context(active_model=self._name, active_ids=attestations_sudo.ids)
                .create(
                    {
                        "composition_mode": "mass_mail",
                        "model": self._name,
                        "res_ids": attestations_sudo.ids,
                        "template_id": template.id,
                    }
                )
            )
            composer._action_send_mail()
            attestations_sudo.write({"state": "sent", "sent": True})
        message = _("%(count)s attestation(s) sent.", count=len(attestations_sudo))
        if missing:
            message += " " + _(
                "Without email address, not sent: %(clients)s.", clients=", ".join(missing.partner_id.mapped("name"))
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"message": message, "type": "warning" if missing else "success", "sticky": bool(missing)},
        }

    # ------------------------------------------------------------------ portal

    @api.model
    def _oe_portal_domain(self, partner):
        """The attestations a client may download: their own (the commercial partner's), as sent by the CAE."""
        return [("partner_id", "=", partner.commercial_partner_id.id), ("state", "=", "sent")]

    @api.model
    def _oe_portal_attestations(self, partner, count=False):
        # Scoped sudo: a portal client has no access right on attestations; the domain is the access rule.
        Attestation_sudo = self.sudo()
        domain = self._oe_portal_domain(partner)
        return Attestation_sudo.search_count(domain) if count else Attestation_sudo.search(domain)

    # ------------------------------------------------------------------ reminder

    @api.model
    def _cron_oe_sap_reminder(self):
        """1 February: remind the accountants of each SAP CAE to generate and send last year's attestations
        (due before 31 March, art. D7233-4). Once a year and CAE."""
        today = fields.Date.context_today(self)
        year = today.year - 1
        activity_type = self.env.ref("oe_sap.mail_activity_type_oe_sap_attestation")
        companies = self.sudo()._oe_sap_companies(self.env["res.company"].sudo().search([("oe_role", "=", "cae")]))
        if not companies:
            return
        summary = _("Tax attestations %(year)s", year=year)
        existing = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("activity_type_id", "=", activity_type.id),
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", companies.partner_id.ids),
                    ("summary", "=", summary),
                ]
            )
        )
        accountants = self.env.ref("oe_etd.group_cae_accountant").users.filtered(
            lambda u: not u.share and not u.has_group("oe_etd.group_network_admin")
        )
        partner_model = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for company in companies:
            for user in accountants.filtered(lambda u, c=company: c in u.company_ids):
                if existing.filtered(lambda a, c=company, u=user: a.res_id == c.partner_id.id and a.user_id == u):
                    continue
                vals_list.append(
                    {
                        "activity_type_id": activity_type.id,
                        "res_model_id": partner_model,
                        "res_id": company.partner_id.id,
                        "user_id": user.id,
                        "summary": summary,
                        "note": _(
                            "Generate the tax attestations %(year)s of %(company)s and send them to the clients "
                            "before 31 March (art. D7233-4 Code du travail).",
                            year=year,
                            company=company.name,
                        ),
                        "date_deadline": date(today.year, 3, 31),
                    }
                )
        self.env["mail.activity"].sudo().create(vals_list)


class OeSapAttestationGenerated(models.AbstractModel):
    """What generate() writes beside the attestation (its interventions, the reject list): never by hand."""

    _name = "oe.sap.attestation.generated"
    _description = "Written by the generation of the SAP tax attestations only"

    @api.model_create_multi
    def create(self, vals_list):
        self.env["oe.sap.attestation"]._oe_check_trusted()
        return super().create(vals_list)

    def write(self, vals):
        self.env["oe.sap.attestation"]._oe_check_trusted()
        return super().write(vals)


class OeSapAttestationLine(models.Model):
    _name = "oe.sap.attestation.line"
    _inherit = ["oe.sap.attestation.generated"]
    _description = "SAP tax attestation: intervention"
    _order = "attestation_id, date, intervenant_name, id"

    attestation_id = fields.Many2one("oe.sap.attestation", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="attestation_id.company_id", store=True)
    # The intervenant may belong to another CAE (cross-CAE work): the invoicing CAE attests, naming them.
    employee_id = fields.Many2one("hr.employee", string="Intervenant record", readonly=True)
    intervenant_name = fields.Char(string="Intervenant", readonly=True)
    identifier = fields.Char(string="Identification number", readonly=True)
    activity_id = fields.Many2one("oe.sap.activity", string="Activity", readonly=True)
    date = fields.Date(string="Month", readonly=True, help="First day of the month of the interventions.")
    hours = fields.Float(readonly=True)


class OeSapAttestationReject(models.Model):
    _name = "oe.sap.attestation.reject"
    _inherit = ["oe.sap.attestation.generated"]
    _description = "SAP tax attestation: invoice not attested"
    _order = "year desc, company_id, partner_id, id"

    company_id = fields.Many2one("res.company", string="CAE", required=True, readonly=True, index=True)
    year = fields.Integer(required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Client", required=True, readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    reason = fields.Selection(REJECT_REASONS, required=True, readonly=True)


# The thin form over generate(); kept here so that helper B touches no shared __init__ (the lead may move it
# to wizard/).
class OeSapAttestationGenerate(models.TransientModel):  # pylint: disable=no-wizard-in-models
    _name = "oe.sap.attestation.generate"
    _description = "Generate the SAP tax attestations"

    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year - 1)
    company_ids = fields.Many2many(
        "res.company",
        string="CAEs",
        default=lambda self: self.env["oe.sap.attestation"]._oe_sap_companies(self.env.companies),
        domain=[("oe_role", "=", "cae"), ("oe_sap_number", "!=", False)],
    )

    def action_generate(self):
        self.ensure_one()
        attestations = self.env["oe.sap.attestation"].generate(self.year, self.company_ids or None)
        action = self.env["ir.actions.act_window"]._for_xml_id("oe_sap.action_oe_sap_attestation")
        action["domain"] = [("id", "in", attestations.ids)]
        return action
