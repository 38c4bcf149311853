from collections import defaultdict
from datetime import date as Date
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from odoo.addons.oe_etd.tools.rounding import from_cents, levy_cents, to_cents, to_decimal

LATE_DAYS = 45  # a client invoice still unpaid this long after its date is late (the legal maximum term)
PAY_ACCOUNT_PREFIX = "421"  # 421000 Personnel - Rémunérations dues (French chart)
PURCHASE_ACCOUNT_PREFIX = "60"  # 60xxxx Achats (French chart)
GRAPH_MONTHS = 12
# The figures of Mon activité, each in the company currency (docs/architecture.md, "Money rules").
FIGURES = (
    "invoiced",
    "cashed",
    "outstanding",
    "late",
    "quotes_to_invoice",
    "expenses",
    "expenses_paid",
    "contribution",
    "redevance",
    "pay",
    "available",
)
STATEMENT_KINDS = ("revenue", "purchases", "expenses", "contribution", "redevance")


class HrEmployee(models.Model):
    """Mon activité: the business figures of each entrepreneur's employee record (docs/architecture.md,
    "Money rules", rows "Mon activité").

    * **invoiced**: the record's turnover of the period, the rules of ``oe.revenue`` (revenue journal items,
      their entrepreneur, the record that carries them), net of credit notes;
    * **cashed**: for each client document (invoice or credit note) of the record, its share of the
      document's revenue × the part of the document paid in the period / the document's total: a payment
      (or a credit note, or any reconciliation) counts on the date of its reconciliation
      (``account.partial.reconcile.max_date``), as Odoo's aged receivable does. Written once, in
      :meth:`_oe_activity_cashed`;
    * **outstanding**: the record's share of what its client documents still owe at the period's end, by the
      same proportion; **late**: the part of it on invoices dated more than 45 days before the period's end;
    * **quotes_to_invoice**: signed quotes (``sale.order`` in state ``sale``) of the entrepreneur's user, not
      invoiced yet (``oe_amount_to_invoice``, the quotes' own rule), on the record of the order's company;
    * **expenses**: ``hr.expense`` of the record approved and not paid yet, paid by the entrepreneur (what the
      CAE owes them, taxes included); **expenses_paid**: the expenses of the period that are paid (reimbursed,
      or paid by the CAE), excluding the deductible VAT (the CAE recovers it);
    * **contribution**: the ``oe.contribution.line`` of the record for the months of the period (computed
      by the CAE; a month not computed yet counts 0);
    * **redevance**: the record's revenue of the period at the redevance rate of the item's CAE's ETD in force
      on the item's date (rates as date ranges, as the statements count them), base × rate rounded to the
      cent per rate;
    * **pay**: the pay already drawn: posted journal items of the person's partner on 421 (Rémunérations
      dues) in bank and cash journals, net (debit − credit): the net pay paid out to them;
    * **available**: cashed − contribution − redevance − expenses paid − pay drawn.

    Receivable and bank lines carry no analytic account, so these figures are read from the documents, not
    from the analytic accounts. Every figure comes from a fixed set of grouped reads, whatever the number of
    records, documents or payments (:meth:`_oe_activity_data`).
    """

    _inherit = "hr.employee"

    # ------------------------------------------------------------------ who sees what

    @api.model
    def _oe_activity_staff_companies(self):
        """The companies whose entrepreneurs the current user sees in Mon activité: a Gérant's or an
        accountant's companies as staff (docs/architecture.md, "Groups and implied groups"); none for others."""
        user = self.env.user
        if not (user.has_group("oe_etd.group_cae_manager") or user.has_group("oe_etd.group_cae_accountant")):
            return self.env["res.company"]
        return user._oe_staff_companies()

    def _oe_activity_check_access(self):
        """Refuse unless every record is the current user's own, or an entrepreneur of a company where they
        are staff (docs/architecture.md, "Privacy", Mon activité)."""
        if self.env.su:
            return
        companies = self._oe_activity_staff_companies()
        records_sudo = self.sudo()
        refused = records_sudo.filtered(
            lambda e: not e.oe_is_entrepreneur or (e.user_id != self.env.user and e.company_id not in companies)
        )
        if refused:
            raise AccessError(_("You may only see your own activity, or that of the entrepreneurs of your CAEs."))

    @api.model
    def _oe_activity_employees(self):
        """The entrepreneur records the current user sees in Mon activité: their own and, as staff, those of
        their companies (active records)."""
        Employee = self.sudo()
        domain = [("oe_is_entrepreneur", "=", True)]
        companies = self._oe_activity_staff_companies()
        if companies:
            domain += ["|", ("user_id", "=", self.env.uid), ("company_id", "in", companies.ids)]
        else:
            domain += [("user_id", "=", self.env.uid)]
        return self.browse(Employee.search(domain, order="company_id, name, id").ids)

    # ------------------------------------------------------------------ the figures

    def _oe_activity_figures(self, date_from, date_to):
        """``{employee id: {figure: amount}}`` for these records over [date_from, date_to] (``date_from``
        empty: since the beginning), amounts in the company currency; the figures of :data:`FIGURES`
        (see the class docstring). Refused for records that are not the user's own or of their CAEs."""
        date_from, date_to = self._oe_activity_period(date_from, date_to)
        data = self._oe_activity_data(date_to)
        return {employee_id: self._oe_activity_sum(rows, date_from, date_to) for employee_id, rows in data.items()}

    @api.model
    def _oe_activity_period(self, date_from, date_to):
        date_from = fields.Date.to_date(date_from) if date_from else None
        date_to = fields.Date.to_date(date_to)
        if not date_to or (date_from and date_from > date_to):
            raise UserError(_("Give a period whose start is before its end."))
        return date_from, date_to

    def _oe_activity_data(self, date_to):
        """What the figures are made of, up to ``date_to``, per employee id: client documents with their
        payments, contribution lines, expenses, pay and quotes. A fixed number of queries for the batch."""
        self._oe_activity_check_access()
        employees = self.sudo().with_context(active_test=False)
        data = {
            employee.id: {
                "documents": [],
                "contributions": [],
                "expenses": [],
                "pay": [],
                "quotes": [],
            }
            for employee in employees
        }
        if not employees:
            return data
        employees.fetch(["user_id", "company_id", "work_contact_id", "active", "oe_status"])
        for row in self._oe_activity_documents(employees, date_to):
            data[row["employee_id"]]["documents"].append(row)
        for employee, month, amount in (
            self.env["oe.contribution.line"]
            .sudo()
            ._read_group(
                [("employee_id", "in", employees.ids), ("date", "<=", date_to)],
                ["employee_id", "date:month"],
                ["amount:sum"],
            )
        ):
            data[employee.id]["contributions"].append((month, to_decimal(amount)))
        for employee, day, state, mode, total, tax in (
            self.env["hr.expense"]
            .sudo()
            ._read_group(
                [
                    ("employee_id", "in", employees.ids),
                    ("date", "<=", date_to),
                    ("state", "in", ("approved", "done")),
                ],
                ["employee_id", "date:day", "state", "payment_mode"],
                ["total_amount:sum", "tax_amount:sum"],
            )
        ):
            data[employee.id]["expenses"].append((day, state, mode, to_decimal(total), to_decimal(tax)))
        # Pay booked in a CAE is drawn by the person's record in that CAE: a record reads nothing of another CAE.
        records = self._oe_activity_company_records(employees)
        for partner_id, company_id, day, amount in self._oe_activity_pay(employees, date_to):
            data[records[partner_id, company_id].id]["pay"].append((day, to_decimal(amount)))
        for employee, amount in self._oe_activity_quotes(employees):
            data[employee.id]["quotes"].append(amount)
        return data

    @api.model
    def _oe_activity_company_records(self, employees):
        """``{(partner id, company id): employee record}``: each person's record in each company of the batch
        (active first, operational first, oldest)."""
        records = {}
        for employee in employees.sorted(lambda e: (not e.active, e.oe_status != "operational", e.id)):
            records.setdefault((employee.work_contact_id.id, employee.company_id.id), employee)
        return records

    @api.model
    def _oe_activity_documents(self, employees, date_to):
        """Rows (dicts) of the client documents up to ``date_to`` that carry revenue of these records: their
        share (``amount``, net of credit notes, the rules of ``oe.revenue``), the document's total, the rate
        of redevance in force on its date and its reconciliations (``paid``: [(date, amount)]).

        One query: the revenue items are narrowed to the distributions that name one of these people's
        analytic accounts, then mapped by ``oe.revenue``'s own queries (a distribution whose entrepreneur is
        someone else, or carried by another record, drops out)."""
        accounts = [str(account_id) for account_id in employees.work_contact_id.oe_analytic_account_id.ids]
        if not accounts:
            return []
        Revenue = self.env["oe.revenue"]
        # Raw SQL (docs/architecture.md, "Money rules"): the rules of oe.revenue are SQL; flush first.
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH items AS MATERIALIZED (
                SELECT aml.company_id, aml.analytic_distribution AS distribution, aml.move_id,
                       SUM(-aml.balance) AS amount
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE aml.analytic_distribution IS NOT NULL
                   AND %(revenue)s
                   AND aml.date <= %(date_to)s
                   AND EXISTS (
                        SELECT 1 FROM jsonb_object_keys(aml.analytic_distribution) AS k(key)
                         WHERE string_to_array(k.key, ',') && %(accounts)s::text[])
              GROUP BY 1, 2, 3
            ), people AS MATERIALIZED (
                %(people)s
            ), carriers AS MATERIALIZED (
                %(carriers)s
            ), mine AS MATERIALIZED (
                SELECT c.employee_id, i.move_id, SUM(i.amount) AS amount
                  FROM items i
                  JOIN people p ON p.distribution = i.distribution
                  JOIN carriers c ON c.company_id = i.company_id AND c.partner_id = p.partner_id
                 WHERE c.employee_id IN %(employees)s
              GROUP BY 1, 2
            ), reconciled AS (
                SELECT rl.move_id, apr.max_date AS date, apr.amount
                  FROM account_move_line rl
                  JOIN account_account ra ON ra.id = rl.account_id AND ra.account_type = 'asset_receivable'
                  JOIN account_partial_reconcile apr ON apr.debit_move_id = rl.id
                 WHERE rl.move_id IN (SELECT move_id FROM mine) AND apr.max_date <= %(date_to)s
             UNION ALL
                SELECT rl.move_id, apr.max_date AS date, apr.amount
                  FROM account_move_line rl
                  JOIN account_account ra ON ra.id = rl.account_id AND ra.account_type = 'asset_receivable'
                  JOIN account_partial_reconcile apr ON apr.credit_move_id = rl.id
                 WHERE rl.move_id IN (SELECT move_id FROM mine) AND apr.max_date <= %(date_to)s
             UNION ALL
                -- A payment registered without journal entry (Odoo 18: a payment method without outstanding
                -- account) settles the documents it names on its date, split by their totals.
                SELECT rel.invoice_id, pay.date,
                       ABS(pay.amount_company_currency_signed) * ABS(doc.amount_total_signed) / shares.total
                  FROM account_move__account_payment rel
                  JOIN account_payment pay ON pay.id = rel.payment_id
                  JOIN account_move doc ON doc.id = rel.invoice_id
                  JOIN (SELECT rel2.payment_id, SUM(ABS(doc2.amount_total_signed)) AS total
                          FROM account_move__account_payment rel2
                          JOIN account_move doc2 ON doc2.id = rel2.invoice_id
                      GROUP BY rel2.payment_id) shares ON shares.payment_id = pay.id AND shares.total > 0
                 WHERE rel.invoice_id IN (SELECT move_id FROM mine)
                   AND pay.move_id IS NULL
                   AND pay.state IN ('in_process', 'paid')
                   AND pay.date <= %(date_to)s
            ), paid AS (
                SELECT move_id, ARRAY_AGG(date ORDER BY date) AS dates, ARRAY_AGG(amount ORDER BY date) AS amounts
                  FROM reconciled
              GROUP BY move_id
            ), rates AS (
                SELECT r.id, r.etd_id, r.rate, r.date_from,
                       LEAD(r.date_from) OVER (PARTITION BY r.etd_id ORDER BY r.date_from) AS date_end
                  FROM oe_redevance_rate r
            )
            SELECT m.employee_id, m.move_id, am.name, am.move_type, am.date, am.invoice_date, am.company_id,
                   am.partner_id, ABS(am.amount_total_signed) AS total, m.amount, r.id AS rate_id, r.rate,
                   pd.dates AS paid_dates, pd.amounts AS paid_amounts
              FROM mine m
              JOIN account_move am ON am.id = m.move_id
              JOIN res_company co ON co.id = am.company_id
         LEFT JOIN rates r ON r.etd_id = co.oe_etd_id AND am.date >= r.date_from
                          AND (r.date_end IS NULL OR am.date < r.date_end)
         LEFT JOIN paid pd ON pd.move_id = m.move_id
          ORDER BY am.date, m.move_id
                """,
                revenue=Revenue._item_conditions(),
                people=Revenue._people_query(SQL("SELECT DISTINCT distribution FROM items")),
                carriers=Revenue._carriers_query(
                    SQL(
                        "SELECT DISTINCT i.company_id, p.partner_id FROM items i "
                        "JOIN people p ON p.distribution = i.distribution"
                    )
                ),
                date_to=date_to,
                accounts=accounts,
                employees=tuple(employees.ids),
            )
        )
        rows = self.env.cr.dictfetchall()
        for row in rows:
            row["paid"] = list(zip(row.pop("paid_dates") or [], row.pop("paid_amounts") or [], strict=True))
        return rows

    @api.model
    def _oe_activity_pay(self, employees, date_to):
        """Rows (partner_id, company_id, date, amount): the net pay paid out to these records' people up to
        ``date_to`` in these records' companies: posted items on 421 in bank and cash journals, debit − credit.
        The account's code is per company (Odoo 18 stores it by company in ``code_store``), so it is read in SQL
        for the item's company."""
        if not employees.work_contact_id:
            return []
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT aml.partner_id, aml.company_id, aml.date, SUM(aml.balance)
              FROM account_move_line aml
              JOIN account_account acc ON acc.id = aml.account_id
              JOIN account_journal j ON j.id = aml.journal_id
             WHERE aml.parent_state = 'posted'
               AND aml.partner_id IN %(partners)s
               AND aml.company_id IN %(companies)s
               AND aml.date <= %(date_to)s
               AND j.type IN ('bank', 'cash')
               AND (acc.code_store ->> aml.company_id::text) LIKE %(prefix)s
          GROUP BY 1, 2, 3
                """,
                partners=tuple(employees.work_contact_id.ids),
                companies=tuple(employees.company_id.ids),
                date_to=date_to,
                prefix=PAY_ACCOUNT_PREFIX + "%",
            )
        )
        # A (person, company) pair of the rows may have no record in the batch (another record of the person
        # in that company is out of it): such rows are left out.
        records = self._oe_activity_company_records(employees)
        return [row for row in self.env.cr.fetchall() if (row[0], row[1]) in records]

    @api.model
    def _oe_activity_quotes(self, employees):
        """[(employee record, amount to invoice)]: the signed quotes of these people's users in these records'
        companies, on the record of the order's company (a record reads nothing of another CAE).
        ``oe_amount_to_invoice`` is the quotes' own rule (``sale.order._compute_oe_amounts_invoiced``)."""
        Order = self.env["sale.order"].sudo()
        users = employees.user_id
        if not users:
            return []
        orders = Order.search_fetch(
            [("user_id", "in", users.ids), ("state", "=", "sale"), ("company_id", "in", employees.company_id.ids)],
            ["user_id", "company_id", "oe_amount_to_invoice"],
        )
        by_user_company = {}
        for employee in employees.sorted(lambda e: (not e.active, e.oe_status != "operational", e.id)):
            by_user_company.setdefault((employee.user_id.id, employee.company_id.id), employee)
        return [
            (by_user_company[order.user_id.id, order.company_id.id], to_decimal(order.oe_amount_to_invoice))
            for order in orders
            if (order.user_id.id, order.company_id.id) in by_user_company
        ]

    # ------------------------------------------------------------------ sums (no query)

    @api.model
    def _oe_activity_cashed(self, document, date_from, date_to):
        """The record's share of what was cashed on a client document in [date_from, date_to] (``date_from``
        empty: since the beginning): its share of the revenue × what the document's settlements add to its
        settled part in the period / the document's total (Decimal). The settled part at a date is what its
        reconciliations and its payments without journal entry up to that date settled, at most the document's
        total (a payment without entry that a statement line then reconciles with the document is not counted
        twice once the document is settled). A credit note gives a negative share; reconciled with its
        invoice, both count and cancel out."""
        total = to_decimal(document["total"])
        if not total:
            return Decimal(0)

        def settled(day):
            paid = sum((to_decimal(amount) for when, amount in document["paid"] if when <= day), Decimal(0))
            return min(paid, total)

        before = settled(date_from - relativedelta(days=1)) if date_from else Decimal(0)
        return to_decimal(document["amount"]) * (settled(date_to) - before) / total

    @api.model
    def _oe_activity_outstanding(self, document, date_to):
        """The record's share of what a client document still owes at ``date_to`` (Decimal)."""
        if document["date"] > date_to:
            return Decimal(0)
        total = to_decimal(document["total"])
        if not total:
            return Decimal(0)
        return to_decimal(document["amount"]) - self._oe_activity_cashed(document, None, date_to)

    @api.model
    def _oe_activity_is_late(self, document, date_to):
        """An invoice unpaid more than :data:`LATE_DAYS` days after its date."""
        day = document["invoice_date"] or document["date"]
        return document["move_type"] == "out_invoice" and day < date_to - relativedelta(days=LATE_DAYS)

    @api.model
    def _oe_activity_sum(self, rows, date_from, date_to):
        """The figures of one record over the period, from its rows of :meth:`_oe_activity_data`."""

        def in_period(day):
            return (not date_from or day >= date_from) and day <= date_to

        zero = Decimal(0)
        documents = [document for document in rows["documents"] if document["date"] <= date_to]
        invoiced = sum((to_decimal(d["amount"]) for d in documents if in_period(d["date"])), zero)
        cashed = sum((self._oe_activity_cashed(d, date_from, date_to) for d in documents), zero)
        outstanding = late = zero
        bases = defaultdict(lambda: zero)
        rates = {}
        for document in documents:
            owed = self._oe_activity_outstanding(document, date_to)
            outstanding += owed
            if owed and self._oe_activity_is_late(document, date_to):
                late += owed
            if document["rate_id"] and in_period(document["date"]):
                bases[document["rate_id"]] += to_decimal(document["amount"])
                rates[document["rate_id"]] = document["rate"]
        redevance = sum(levy_cents(base, rates[rate_id]) for rate_id, base in bases.items())
        first_month = date_from.replace(day=1) if date_from else None
        contribution = sum(
            (
                amount
                for month, amount in rows["contributions"]
                if (not first_month or month >= first_month) and month <= date_to
            ),
            zero,
        )
        expenses = sum(
            (
                total
                for day, state, mode, total, _tax in rows["expenses"]
                if state == "approved" and mode == "own_account"
            ),
            zero,
        )
        expenses_paid = sum(
            (total - tax for day, state, _mode, total, tax in rows["expenses"] if state == "done" and in_period(day)),
            zero,
        )
        pay = sum((amount for day, amount in rows["pay"] if in_period(day)), zero)
        quotes = sum(rows["quotes"], zero)
        cents = {
            "invoiced": to_cents(invoiced),
            "cashed": to_cents(cashed),
            "outstanding": to_cents(outstanding),
            "late": to_cents(late),
            "quotes_to_invoice": to_cents(quotes),
            "expenses": to_cents(expenses),
            "expenses_paid": to_cents(expenses_paid),
            "contribution": to_cents(contribution),
            "redevance": redevance,
            "pay": to_cents(pay),
        }
        cents["available"] = (
            cents["cashed"] - cents["contribution"] - cents["redevance"] - cents["expenses_paid"] - cents["pay"]
        )
        return {figure: from_cents(cents[figure]) for figure in FIGURES}

    # ------------------------------------------------------------------ the page

    def _oe_activity_statement(self, date_from, date_to, data=None):
        """The income statement of these records' people by month over [date_from, date_to]: revenue,
        purchases (accounts 60), expenses (other accounts), contribution (the booked contributions) from the
        analytic lines of their accounts (plan Entrepreneurs; hours excluded), and the redevance by the rule
        of :meth:`_oe_activity_sum` (the CAE's redevance bill carries no entrepreneur's account). Costs are
        negative. ``[{month, revenue, purchases, expenses, contribution, redevance, result}]``."""
        self._oe_activity_check_access()
        date_from, date_to = self._oe_activity_period(date_from, date_to)
        date_from = date_from.replace(day=1)
        months = {}
        month = date_from
        while month <= date_to:
            months[month] = dict.fromkeys(STATEMENT_KINDS, Decimal(0))
            month += relativedelta(months=1)
        accounts = self.sudo().work_contact_id.oe_analytic_account_id
        if accounts:
            column = self.env.ref("oe_entrepreneur.analytic_plan_entrepreneurs")._column_name()
            self.env.flush_all()
            # Raw SQL: the code of an account is per company (code_store), read for the line's company.
            self.env.cr.execute(
                SQL(
                    """
                SELECT date_trunc('month', aal.date)::date AS month,
                       CASE WHEN aal.oe_contribution_line_id IS NOT NULL THEN 'contribution'
                            WHEN acc.account_type IN ('income', 'income_other') THEN 'revenue'
                            WHEN (acc.code_store ->> aal.company_id::text) LIKE %(purchases)s THEN 'purchases'
                            ELSE 'expenses' END AS kind,
                       SUM(aal.amount)
                  FROM account_analytic_line aal
             LEFT JOIN account_account acc ON acc.id = aal.general_account_id
                 WHERE aal.%(column)s IN %(accounts)s
                   AND aal.project_id IS NULL
                   AND aal.date >= %(date_from)s AND aal.date <= %(date_to)s
              GROUP BY 1, 2
                    """,
                    column=SQL.identifier(column),
                    accounts=tuple(accounts.ids),
                    purchases=PURCHASE_ACCOUNT_PREFIX + "%",
                    date_from=date_from,
                    date_to=date_to,
                )
            )
            for month, kind, amount in self.env.cr.fetchall():
                months[month][kind] += to_decimal(amount)
        if data is None:
            data = self._oe_activity_data(date_to)
        for month, row in months.items():
            month_end = min(month + relativedelta(months=1, days=-1), date_to)
            row["redevance"] = -sum(
                Decimal(str(self._oe_activity_sum(rows, month, month_end)["redevance"])) for rows in data.values()
            )
        return [
            dict(
                {kind: float(amount) for kind, amount in row.items()},
                month=month,
                result=float(sum(row.values())),
            )
            for month, row in months.items()
        ]

    @api.model
    def _oe_activity_total(self, figures_by_employee):
        """The figures of several records of one person, added up."""
        return {
            figure: from_cents(sum(to_cents(figures[figure]) for figures in figures_by_employee.values()))
            for figure in FIGURES
        }

    def _oe_activity_page(self, today=None):
        """Everything the page of these records (one person) shows, from one :meth:`_oe_activity_data`."""
        today = today or fields.Date.context_today(self)
        month_start = today.replace(day=1)
        year_start = today.replace(month=1, day=1)
        graph_start = month_start - relativedelta(months=GRAPH_MONTHS - 1)
        data = self._oe_activity_data(today)

        def total(date_from, date_to):
            return self._oe_activity_total(
                {employee_id: self._oe_activity_sum(rows, date_from, date_to) for employee_id, rows in data.items()}
            )

        graph = []
        for index in range(GRAPH_MONTHS):
            month = graph_start + relativedelta(months=index)
            figures = total(month, min(month + relativedelta(months=1, days=-1), today))
            graph.append({"month": month, "invoiced": figures["invoiced"], "cashed": figures["cashed"]})
        top = max([abs(row["invoiced"]) for row in graph] + [abs(row["cashed"]) for row in graph] + [1.0])
        for row in graph:
            row["invoiced_height"] = round(100.0 * max(row["invoiced"], 0.0) / top)
            row["cashed_height"] = round(100.0 * max(row["cashed"], 0.0) / top)
        documents = []
        for rows in data.values():
            for document in rows["documents"]:
                owed = self._oe_activity_outstanding(document, today)
                if owed:
                    documents.append(
                        dict(
                            document,
                            outstanding=float(to_decimal(owed).quantize(Decimal("0.01"))),
                            late=self._oe_activity_is_late(document, today),
                        )
                    )
        documents.sort(key=lambda d: (d["date"], d["move_id"]))
        moves = self.env["account.move"].sudo().browse([d["move_id"] for d in documents])
        moves.fetch(["name", "partner_id", "amount_total", "amount_residual", "invoice_date_due"])
        for document in documents:
            document["move"] = moves.browse(document["move_id"])
        employees = self.sudo()
        return {
            "employees": employees,
            "name": employees[:1].name,
            "currency": employees[:1].company_id.currency_id or self.env.company.currency_id,
            "today": today,
            "month": total(month_start, today),
            "year": total(year_start, today),
            "all": total(None, today),
            "graph": graph,
            "documents": documents,
            "quotes": self._oe_activity_quote_records(),
            "expenses": self.env["hr.expense"]
            .sudo()
            .search(
                [
                    ("employee_id", "in", employees.ids),
                    ("state", "=", "approved"),
                    ("payment_mode", "=", "own_account"),
                ],
                order="date",
            ),
            "statement": self._oe_activity_statement(year_start, today, data),
            "late_days": LATE_DAYS,
        }

    def _oe_activity_table(self, today=None):
        """The staff's table: one row per record, the month's, the year's and the whole figures (one
        :meth:`_oe_activity_data` for every record)."""
        today = today or fields.Date.context_today(self)
        month_start = today.replace(day=1)
        year_start = today.replace(month=1, day=1)
        data = self._oe_activity_data(today)
        rows = []
        for employee in self.sudo():
            employee_rows = data[employee.id]
            rows.append(
                {
                    "employee": employee,
                    "month": self._oe_activity_sum(employee_rows, month_start, today),
                    "year": self._oe_activity_sum(employee_rows, year_start, today),
                    "all": self._oe_activity_sum(employee_rows, None, today),
                }
            )
        return rows

    def _oe_activity_quote_records(self):
        """The signed quotes of these records' users, in these records' companies, that are still to invoice."""
        records = self.sudo()
        if not records.user_id:
            return self.env["sale.order"]
        orders = (
            self.env["sale.order"]
            .sudo()
            .search(
                [
                    ("user_id", "in", records.user_id.ids),
                    ("state", "=", "sale"),
                    ("company_id", "in", records.company_id.ids),
                ],
                order="date_order",
            )
        )
        return orders.filtered(lambda order: order.oe_amount_to_invoice)

    def _oe_activity_document_allowed(self, model, record_id):
        """The client document or quote ``record_id`` (sudo) if it is one of these records', else None:
        an invoice or credit note that carries their revenue, a quote of their user."""
        self._oe_activity_check_access()
        if model == "account.move":
            today = Date.max
            documents = self._oe_activity_documents(self.sudo(), today)
            if any(document["move_id"] == record_id for document in documents):
                return self.env["account.move"].sudo().browse(record_id)
        elif model == "sale.order":
            order = self.env["sale.order"].sudo().browse(record_id).exists()
            if order and order.user_id and order.user_id in self.sudo().user_id:
                return order
        return None
