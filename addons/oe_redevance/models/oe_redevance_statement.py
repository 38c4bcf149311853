from collections import defaultdict
from datetime import date, timedelta

import psycopg2.errors
from dateutil.relativedelta import relativedelta

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount, format_date

from odoo.addons.oe_etd.tools.rounding import from_cents, levy_cents, split_cents, to_cents

from .oe_redevance_statement_line import STATEMENT_LINE_MOVE_LINE_REL


class OeRedevanceStatement(models.Model):
    """The redevance a CAE owes the SAS for one period (a calendar month or quarter).

    Its base is frozen when generated: the CAE's posted revenue lines of the period, plus the earlier
    ones that no live statement has counted (regularisation), each at the rate of its ETD in force on
    its own date. Posting books the redevance in both companies: a customer invoice in the SAS, whose
    mirror (OCA account_invoice_inter_company) is the CAE's vendor bill. A posted statement is never
    written to again: cancelling it reverses the SAS invoice by a credit note, whose mirror reverses
    the bill, and frees its lines for a new statement.

    Rounding (docs/architecture.md, "Money rules"): for each rate counted, the redevance is its base × the
    rate, rounded to the cent; it is split between the statement lines of that rate in proportion to
    their bases, and between conceptual and operational resources by the rate's shares, both by largest
    remainder, so that the parts add up to the amount exactly.

    Integrity: the figures (``_FIGURE_FIELDS``) are written by :meth:`generate` on drafts only; once
    confirmed they are frozen, whoever writes. The state and the SAS documents change only along the
    workflow's arrows (``_TRANSITIONS``), which the ``action_*`` methods follow; users have no write
    access at all.
    """

    _name = "oe.redevance.statement"
    _description = "Redevance statement"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _mail_post_access = "read"
    _order = "date_from desc, company_id"
    _check_company_auto = True

    # What generate() computes: the figures of a statement and what they are of. Frozen once confirmed.
    _FIGURE_FIELDS = frozenset(
        {
            "name",
            "company_id",
            "sas_company_id",
            "etd_id",
            "date_from",
            "date_to",
            "period_kind",
            "base_amount",
            "rate",
            "amount",
            "conceptual_amount",
            "operational_amount",
            "regularisation_amount",
            "line_ids",
            "generated_on",
        }
    )
    # The workflow's arrows (state before, state after), each one the job of an action_* method.
    _TRANSITIONS = frozenset(
        {
            ("draft", "confirmed"),  # action_confirm
            ("confirmed", "draft"),  # action_reset_draft
            ("confirmed", "posted"),  # action_post, with the SAS invoice (none for a zero statement)
            ("draft", "cancel"),  # action_cancel
            ("confirmed", "cancel"),  # action_cancel
            ("posted", "cancel"),  # action_cancel, with the SAS credit note if there was an invoice
        }
    )
    _SAS_DOCUMENT_FIELDS = frozenset({"sas_invoice_id", "sas_refund_id"})

    name = fields.Char(compute="_compute_name", store=True, readonly=True)
    company_id = fields.Many2one(
        "res.company", string="CAE", required=True, readonly=True, index=True, domain=[("oe_role", "=", "cae")]
    )
    sas_company_id = fields.Many2one("res.company", string="SAS", readonly=True, index=True)
    etd_id = fields.Many2one("oe.etd", string="ETD", required=True, readonly=True, index=True)
    date_from = fields.Date(string="From", required=True, readonly=True)
    date_to = fields.Date(string="To", required=True, readonly=True)
    period_kind = fields.Selection(
        [("month", "Month"), ("quarter", "Quarter")], string="Period", required=True, readonly=True
    )
    state = fields.Selection(
        [("draft", "Draft"), ("confirmed", "Confirmed"), ("posted", "Posted"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    base_amount = fields.Monetary(string="Base (excl. VAT)", readonly=True)
    rate = fields.Float(
        string="Rate (%)",
        digits=(5, 2),
        readonly=True,
        help="The ETD's rate in force at the end of the period. Each line shows the rate it was counted at.",
    )
    amount = fields.Monetary(string="Redevance", readonly=True, tracking=True)
    conceptual_amount = fields.Monetary(string="Conceptual resources", readonly=True)
    operational_amount = fields.Monetary(string="Operational resources", readonly=True)
    regularisation_amount = fields.Monetary(
        string="Regularised base", readonly=True, help="Base of the late lines of earlier periods."
    )
    line_ids = fields.One2many("oe.redevance.statement.line", "statement_id", string="Lines", readonly=True)
    line_count = fields.Integer(compute="_compute_line_count")
    sas_invoice_id = fields.Many2one("account.move", string="SAS invoice", readonly=True, copy=False)
    sas_refund_id = fields.Many2one("account.move", string="SAS credit note", readonly=True, copy=False)
    cae_bill_id = fields.Many2one("account.move", string="CAE vendor bill", compute="_compute_cae_documents")
    cae_refund_id = fields.Many2one("account.move", string="CAE vendor credit note", compute="_compute_cae_documents")
    generated_on = fields.Datetime(readonly=True, copy=False)

    @api.depends("company_id.name", "date_from", "period_kind")
    def _compute_name(self):
        for statement in self:
            if not statement.date_from or not statement.company_id:
                statement.name = False
                continue
            # stored: in the language of the CAE, whoever generates it
            statement = statement.with_context(lang=statement.company_id.partner_id.lang or self.env.lang)
            statement.name = statement.env._(
                "Redevance %(period)s — %(company)s",
                period=statement._period_label(statement.date_from, statement.period_kind),
                company=statement.company_id.name,
            )

    def _compute_line_count(self):
        for statement in self:
            statement.line_count = len(statement.line_ids)

    @api.depends("sas_invoice_id", "sas_refund_id")
    def _compute_cae_documents(self):
        Move = self.env["account.move"].sudo()
        sources = (self.sas_invoice_id | self.sas_refund_id).ids
        mirrors = (
            {m.auto_invoice_id.id: m for m in Move.search([("auto_invoice_id", "in", sources)])} if sources else {}
        )
        for statement in self:
            statement.cae_bill_id = mirrors.get(statement.sas_invoice_id.id)
            statement.cae_refund_id = mirrors.get(statement.sas_refund_id.id)

    @api.model
    def _period_label(self, date_from, kind):
        if kind == "quarter":
            return _("Q%(quarter)s %(year)s", quarter=(date_from.month - 1) // 3 + 1, year=date_from.year)
        return format_date(self.env, date_from, date_format="MMMM y")

    # ------------------------------------------------------------------ constraints

    def init(self):
        # One live (not cancelled) statement per CAE and period start: two generations at the same time
        # cannot both create one (generate() also serialises them per CAE).
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (company_id, date_from) WHERE state != 'cancel'",
                SQL.identifier(f"{self._table}_live_uniq"),
                SQL.identifier(self._table),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        try:
            with self.env.cr.savepoint(flush=False):
                return super().create(vals_list)
        except psycopg2.errors.UniqueViolation as error:
            if f"{self._table}_live_uniq" not in str(error):
                raise
            raise UserError(
                _("A CAE has one live redevance statement per period: cancel the existing one first.")
            ) from None

    def write(self, vals):
        self.check_access("write")  # users have no write access at all: told so first
        self._check_figures_frozen(vals)
        self._check_transition(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(statement.state != "draft" for statement in self):
            raise UserError(_("Only draft redevance statements can be deleted; cancel the others."))

    def _check_figures_frozen(self, vals):
        """The figures of a confirmed, posted or cancelled statement are never written again, sudo included."""
        figures = self._FIGURE_FIELDS.intersection(vals)
        frozen = self.filtered(lambda statement: statement.state != "draft")
        if figures and frozen:
            raise UserError(
                _(
                    "The redevance statement %(name)s is confirmed, posted or cancelled: "
                    "its figures (%(fields)s) cannot be changed.",
                    name=frozen[0].name,
                    fields=", ".join(sorted(self._fields[name]._description_string(self.env) for name in figures)),
                )
            )

    def _check_transition(self, vals):
        """The state and the SAS documents change only along ``_TRANSITIONS``, as the actions write them:
        posting with its SAS invoice (none for a zero statement), cancelling an invoiced statement with its
        credit note; never otherwise, sudo included."""
        documents = self._SAS_DOCUMENT_FIELDS.intersection(vals)
        if "state" not in vals and not documents:
            return
        for statement in self:
            new_state = vals.get("state", statement.state)
            if new_state == "posted":
                expected = {"sas_invoice_id"}
            elif new_state == "cancel" and statement.sas_invoice_id:
                expected = {"sas_refund_id"}
            else:
                expected = set()
            if (
                (statement.state, new_state) not in self._TRANSITIONS
                or documents != expected
                or ("sas_refund_id" in expected and not vals["sas_refund_id"])
            ):
                raise UserError(
                    _(
                        "The redevance statement %(name)s changes its state, and gets its SAS invoice or credit "
                        "note, only through its buttons.",
                        name=statement.name,
                    )
                )

    # ------------------------------------------------------------------ periods

    @api.model
    def _period_kind_of(self, date_from, date_to):
        """'month' or 'quarter' when [date_from, date_to] is a calendar month or quarter, else a French error."""
        if date_from and date_from.day == 1:
            if date_to == date_from + relativedelta(months=1, days=-1):
                return "month"
            if date_from.month in (1, 4, 7, 10) and date_to == date_from + relativedelta(months=3, days=-1):
                return "quarter"
        raise UserError(
            _(
                "A redevance statement covers a calendar month or a calendar quarter, "
                "not %(date_from)s to %(date_to)s.",
                date_from=format_date(self.env, date_from),
                date_to=format_date(self.env, date_to),
            )
        )

    @api.model
    def _period_of(self, day, kind):
        """(date_from, date_to) of the calendar month or quarter of ``day``."""
        start = day.replace(day=1)
        if kind == "quarter":
            start = start.replace(month=(start.month - 1) // 3 * 3 + 1)
            return start, start + relativedelta(months=3, days=-1)
        return start, start + relativedelta(months=1, days=-1)

    # ------------------------------------------------------------------ access

    @api.model
    def _check_sas_accountant(self):
        """Generating, posting and cancelling statements is the SAS accountant's job."""
        if self.env.su:
            return
        sas = self.env["res.company"]._oe_get_sas()
        if not self.env.user.has_group("oe_etd.group_cae_accountant") or sas not in self.env.user.company_ids:
            raise AccessError(_("Only an accountant of the SAS %(sas)s handles redevance statements.", sas=sas.name))

    # ------------------------------------------------------------------ generation

    @api.model
    def generate(self, date_from, date_to, companies=None):
        """Create, or refresh while draft, the statement of each CAE for this calendar month or quarter.

        ``companies`` defaults to the CAEs whose period setting is that of the dates. Idempotent: a
        second run gives the same statements. Statements already confirmed, posted or cancelled-and-
        replaced are left as they are. Returns the statements of the period.
        """
        self._check_sas_accountant()
        date_from, date_to = fields.Date.to_date(date_from), fields.Date.to_date(date_to)
        kind = self._period_kind_of(date_from, date_to)
        companies = self._companies_of_period(kind, companies)
        if not companies:
            return self.browse()
        self._lock_companies(companies)
        live = self.sudo().search(self._live_domain(companies, date_from))
        drafts = live.filtered(lambda statement: statement.state == "draft")
        to_compute = companies - (live - drafts).company_id
        rows = self._base_rows(to_compute, date_from, date_to, drafts)
        self._refresh_or_create(to_compute, drafts, rows, date_from, date_to, kind)
        return self.search(self._live_domain(companies, date_from))

    @api.model
    def _companies_of_period(self, kind, companies=None):
        """The CAEs whose redevance period is ``kind`` (month or quarter): all of them by default, else
        ``companies``, which must all be such CAEs (French error otherwise). Returned in sudo."""
        Company_sudo = self.env["res.company"].sudo()
        if companies is None:
            return Company_sudo.search([("oe_role", "=", "cae"), ("oe_redevance_period", "=", kind)])
        companies_sudo = companies.sudo()
        wrong = companies_sudo.filtered(lambda c: c.oe_role != "cae" or c.oe_redevance_period != kind)
        if wrong:
            raise UserError(
                _(
                    "%(companies)s: not a CAE, or its redevance period is not this one.",
                    companies=", ".join(wrong.mapped("name")),
                )
            )
        return companies_sudo

    @api.model
    def _lock_companies(self, companies):
        """Serialise the generations of these CAEs: a second one at the same time waits here, then fails
        to serialise and is retried by Odoo, seeing the first one's statements."""
        self.env.cr.execute(SQL("UPDATE res_company SET id = id WHERE id IN %s", tuple(companies.ids)))

    @api.model
    def _live_domain(self, companies, date_from):
        """The live (not cancelled) statements of these CAEs for the period starting on ``date_from``."""
        return [("company_id", "in", companies.ids), ("date_from", "=", date_from), ("state", "!=", "cancel")]

    @api.model
    def _rates_in_force(self, etds, day):
        """{ETD id: its redevance rate (%) in force on ``day``}; ETDs without a rate yet are left out."""
        in_force = {}
        for rate in (
            self.env["oe.redevance.rate"]
            .sudo()
            .search([("etd_id", "in", etds.ids), ("date_from", "<=", day)], order="date_from")
        ):
            in_force[rate.etd_id.id] = rate.rate
        return in_force

    @api.model
    def _refresh_or_create(self, companies, drafts, rows, date_from, date_to, kind):
        """Write the figures and lines of the grouped base ``rows`` into the draft statement of each of
        these CAEs (``drafts``), or into a new one. Returns the statements."""
        by_company = defaultdict(list)
        for row in rows:
            by_company[row["company_id"]].append(row)
        rates = self.env["oe.redevance.rate"].sudo().browse({row["rate_id"] for row in rows})
        rates.fetch(["rate", "conceptual_share"])
        # the rate shown on a statement: its ETD's at the end of the period (each line shows its own)
        in_force = self._rates_in_force(companies.oe_etd_id, date_to)
        sas = self.env["res.company"]._oe_get_sas()
        drafts.line_ids.unlink()
        now = fields.Datetime.now()
        create_vals, line_vals = [], {}
        for company in companies:
            values = self._statement_values(by_company[company.id], rates)
            line_vals[company.id] = values.pop("line_ids")
            values.update(generated_on=now, rate=in_force.get(company.oe_etd_id.id, 0.0))
            draft = drafts.filtered(lambda s, c=company: s.company_id == c)
            if draft:
                draft.write(values)
            else:
                create_vals.append(
                    dict(
                        values,
                        company_id=company.id,
                        sas_company_id=sas.id,
                        etd_id=company.oe_etd_id.id,
                        date_from=date_from,
                        date_to=date_to,
                        period_kind=kind,
                    )
                )
        statements = drafts | self.sudo().with_context(tracking_disable=True).create(create_vals)
        self._create_lines(statements, line_vals)
        return statements

    @api.model
    def _create_lines(self, statements, line_vals):
        """Create the statement lines, then store the journal items they count in one INSERT."""
        vals_list, counted = [], []
        for statement in statements:
            for vals in line_vals.get(statement.company_id.id, []):
                counted.append(vals.pop("move_line_ids"))
                vals_list.append(dict(vals, statement_id=statement.id))
        lines = self.env["oe.redevance.statement.line"].sudo().create(vals_list)
        line_column, item_column = [], []
        for line, items in zip(lines.ids, counted, strict=True):
            line_column += [line] * len(items)
            item_column += items
        if item_column:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO %s (statement_line_id, move_line_id) SELECT * FROM unnest(%s::int[], %s::int[])",
                    SQL.identifier(STATEMENT_LINE_MOVE_LINE_REL),
                    line_column,
                    item_column,
                )
            )
        lines.invalidate_recordset(["move_line_ids", "move_line_count"])
        return lines

    @api.model
    def _base_rows(self, companies, date_from, date_to, refreshed):
        """The redevance base of these CAEs up to ``date_to``, grouped: one grouped query for all of them.

        The revenue journal items, their entrepreneur and the employee record that carries them follow
        the rules of ``oe.revenue`` (oe_mission), their pole :meth:`_poles_query`; all are applied to the
        distinct analytic distributions, never per journal item.
        Rows (dicts): company_id, rate_id, pole_id, partner_id (the entrepreneur's person, or None),
        employee_id (the record that carries it, or None), origin (start of the earlier period of a late
        line, None for the period's own lines), base, move_line_ids. Lines counted by a live statement
        other than ``refreshed`` are left out.
        """
        if not companies:
            return []
        Revenue = self.env["oe.revenue"]
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            WITH rates AS MATERIALIZED (
                SELECT r.id, r.etd_id, r.date_from,
                       LEAD(r.date_from) OVER (PARTITION BY r.etd_id ORDER BY r.date_from) AS date_end
                  FROM oe_redevance_rate r
            ), items AS MATERIALIZED (
                SELECT aml.company_id, r.id AS rate_id, aml.analytic_distribution AS distribution,
                       CASE WHEN aml.date < %(date_from)s
                            THEN date_trunc(c.oe_redevance_period, aml.date)::date END AS origin,
                       SUM(-aml.balance) AS base,
                       ARRAY_AGG(aml.id ORDER BY aml.id) AS move_line_ids
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  JOIN account_account acc ON acc.id = aml.account_id
                  JOIN res_company c ON c.id = aml.company_id
                  JOIN rates r ON r.etd_id = c.oe_etd_id AND aml.date >= r.date_from
                              AND (r.date_end IS NULL OR aml.date < r.date_end)
                 WHERE aml.company_id IN %(companies)s
                   AND %(revenue)s
                   AND aml.date <= %(date_to)s
                   AND NOT EXISTS (
                        SELECT 1
                          FROM %(rel)s rel
                          JOIN oe_redevance_statement_line sl ON sl.id = rel.statement_line_id
                          JOIN oe_redevance_statement s ON s.id = sl.statement_id
                         WHERE rel.move_line_id = aml.id AND s.state != 'cancel' AND s.id NOT IN %(refreshed)s
                   )
              GROUP BY 1, 2, 3, 4
            ), distributions AS MATERIALIZED (
                SELECT DISTINCT distribution FROM items WHERE distribution IS NOT NULL
            ), poles AS MATERIALIZED (
                %(poles)s
            ), people AS MATERIALIZED (
                %(people)s
            ), carriers AS MATERIALIZED (
                %(carriers)s
            )
            SELECT i.company_id, i.rate_id, pl.pole_id, p.partner_id, cr.employee_id, i.origin, i.base,
                   i.move_line_ids
              FROM items i
         LEFT JOIN poles pl ON pl.distribution = i.distribution
         LEFT JOIN people p ON p.distribution = i.distribution
         LEFT JOIN carriers cr ON cr.company_id = i.company_id AND cr.partner_id = p.partner_id
                """,
                companies=tuple(companies.ids),
                revenue=Revenue._item_conditions(),
                poles=self._poles_query(SQL("SELECT distribution FROM distributions")),
                people=Revenue._people_query(SQL("SELECT distribution FROM distributions")),
                carriers=Revenue._carriers_query(
                    SQL(
                        "SELECT DISTINCT i.company_id, p.partner_id FROM items i "
                        "JOIN people p ON p.distribution = i.distribution"
                    )
                ),
                date_from=date_from,
                date_to=date_to,
                rel=SQL.identifier(STATEMENT_LINE_MOVE_LINE_REL),
                refreshed=tuple(refreshed.ids) or (0,),
            )
        )
        return self._merge_rows(self.env.cr.dictfetchall())

    @api.model
    def _poles_query(self, distributions):
        """SQL of rows (distribution, pole_id): the pole of each analytic distribution of the query
        ``distributions`` (one jsonb column named ``distribution``, not null).

        The pole of a journal item is the one whose analytic account (plan Pôles) is among the keys of its
        distribution, keys combining several plans ("12,34") included, as oe_mission's invoices put it
        (``project.project._oe_prepare_invoice_vals``); when several are, the active one first, then the
        lowest id. A distribution without a pole's account has no row.
        """
        return SQL(
            """
            SELECT DISTINCT ON (d.distribution) d.distribution, pole.id AS pole_id
              FROM (%(distributions)s) d
              CROSS JOIN LATERAL jsonb_object_keys(d.distribution) AS k(key)
              CROSS JOIN LATERAL unnest(string_to_array(k.key, ',')) AS a(account)
              JOIN oe_pole pole ON pole.analytic_account_id IS NOT NULL
                               AND pole.analytic_account_id::text = btrim(a.account)
          ORDER BY d.distribution, pole.active DESC, pole.id
            """,
            distributions=distributions,
        )

    @api.model
    def _merge_rows(self, rows):
        """Merge the rows that share their company, rate, pole, entrepreneur and origin (several analytic
        distributions of one entrepreneur), in a stable order."""
        merged = {}
        for row in rows:
            key = (row["company_id"], row["rate_id"], row["pole_id"], row["partner_id"], row["origin"])
            if key in merged:
                merged[key]["base"] += row["base"]
                merged[key]["move_line_ids"] += row["move_line_ids"]
            else:
                merged[key] = row
        return sorted(
            merged.values(),
            key=lambda r: (
                r["company_id"],
                r["origin"] or date.min,
                r["pole_id"] or 0,
                r["partner_id"] or 0,
                r["rate_id"],
            ),
        )

    @api.model
    def _statement_values(self, rows, rates):
        """Frozen figures and lines of one statement from its grouped rows (see the class's rounding)."""
        by_rate = defaultdict(list)
        for row in rows:
            by_rate[row["rate_id"]].append(row)
        lines, amount, conceptual, regularised, base_total = [], 0, 0, 0, 0
        for rate_id, rate_rows in by_rate.items():
            rate = rates.browse(rate_id)
            bases = [to_cents(row["base"]) for row in rate_rows]
            rate_amount = levy_cents(from_cents(sum(bases)), rate.rate)
            shares = split_cents(rate_amount, bases)
            rate_conceptual, _rate_operational = split_cents(
                rate_amount, [rate.conceptual_share, 100 - rate.conceptual_share]
            )
            amount += rate_amount
            conceptual += rate_conceptual
            base_total += sum(bases)
            for row, base, share in zip(rate_rows, bases, shares, strict=True):
                if row["origin"]:
                    regularised += base
                lines.append(
                    {
                        "pole_id": row["pole_id"],
                        "partner_id": row["partner_id"],
                        "employee_id": row["employee_id"] or False,
                        "rate_id": rate_id,
                        "rate": rate.rate,
                        "origin_date": row["origin"],
                        "base_amount": from_cents(base),
                        "amount": from_cents(share),
                        "move_line_ids": row["move_line_ids"],
                    }
                )
        return {
            "line_ids": lines,
            "base_amount": from_cents(base_total),
            "amount": from_cents(amount),
            "conceptual_amount": from_cents(conceptual),
            "operational_amount": from_cents(amount - conceptual),
            "regularisation_amount": from_cents(regularised),
        }

    # ------------------------------------------------------------------ workflow

    def action_refresh(self):
        self._check_sas_accountant()
        for statement in self:
            if statement.state != "draft":
                raise UserError(_("Only a draft statement is computed again."))
            self.generate(statement.date_from, statement.date_to, statement.company_id)
        return True

    def action_confirm(self):
        self._check_sas_accountant()
        if any(statement.state != "draft" for statement in self):
            raise UserError(_("Only draft statements can be confirmed."))
        self.sudo().write({"state": "confirmed"})
        return True

    def action_reset_draft(self):
        self._check_sas_accountant()
        if any(statement.state != "confirmed" for statement in self):
            raise UserError(_("Only confirmed statements go back to draft."))
        self.sudo().write({"state": "draft"})
        return True

    def action_post(self):
        """Book the redevance: the SAS's customer invoice to the CAE (its mirror is the CAE's bill)."""
        self._check_sas_accountant()
        if any(statement.state != "confirmed" for statement in self):
            raise UserError(_("Confirm a redevance statement before posting it."))
        for statement in self.sudo():
            invoice = (
                statement._create_sas_invoice() if statement.currency_id.compare_amounts(statement.amount, 0) else False
            )
            if invoice:
                invoice.action_post()
            statement.write({"state": "posted", "sas_invoice_id": invoice.id if invoice else False})
            if invoice:
                statement.message_post(
                    body=_("Posted: invoice %(invoice)s of the SAS.", invoice=invoice._get_html_link())
                )
        return True

    def action_cancel(self):
        """Cancel: drafts and confirmed ones simply; posted ones by a credit note of the SAS invoice."""
        self._check_sas_accountant()
        if any(statement.state == "cancel" for statement in self):
            raise UserError(_("This redevance statement is already cancelled."))
        for statement in self.sudo():
            values = {"state": "cancel"}
            if statement.state == "posted" and statement.sas_invoice_id:
                refund = statement._reverse_sas_invoice()
                values["sas_refund_id"] = refund.id
                statement.message_post(
                    body=_("Cancelled: credit note %(refund)s of the SAS.", refund=refund._get_html_link())
                )
            statement.write(values)
        return True

    def _first_open_date(self, day, companies_journals):
        """The first date on or after ``day`` that no lock date of these (company, journal) closes."""
        while True:
            locks = [
                lock
                for company, journal in companies_journals
                for lock, _field in company._get_violated_lock_dates(day, True, journal)
            ]
            if not locks:
                return day
            day = max(locks) + timedelta(days=1)

    def _documents_date(self, day):
        self.ensure_one()
        sas = self.sas_company_id
        sale_journal = self.env["account.journal"].search([("company_id", "=", sas.id), ("type", "=", "sale")], limit=1)
        purchase_journal = self.env["account.journal"].search(
            [("company_id", "=", self.company_id.id), ("type", "=", "purchase")], limit=1
        )
        if not sale_journal or not purchase_journal:
            raise UserError(
                _("The SAS needs a sales journal and the CAE %(cae)s a purchase journal.", cae=self.company_id.name)
            )
        return sale_journal, self._first_open_date(day, [(sas, sale_journal), (self.company_id, purchase_journal)])

    def _create_sas_invoice(self):
        self.ensure_one()
        sas = self.sas_company_id
        accounts = {
            "conceptual": sas.oe_redevance_conceptual_account_id,
            "operational": sas.oe_redevance_operational_account_id,
        }
        if not all(accounts.values()):
            # set up with the company (res.company._oe_setup_network_company), never by a business action
            raise UserError(
                _(
                    "The SAS %(sas)s is not set up for the redevance: set the income accounts of the redevance "
                    "(conceptual and operational resources) in its settings.",
                    sas=sas.name,
                )
            )
        journal, day = self._documents_date(self.date_to)
        sign = 1 if self.amount > 0 else -1
        lang = self.company_id.partner_id.lang or self.env.lang
        lines = []
        for kind, part in (("conceptual", self.conceptual_amount), ("operational", self.operational_amount)):
            product = self.env.ref(f"oe_redevance.product_redevance_{kind}")
            taxes = product.taxes_id.filtered(lambda t: t.company_id == sas)
            lines.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": self.with_context(lang=lang)._invoice_line_name(product),
                        "quantity": 1,
                        "price_unit": sign * part,
                        "account_id": accounts[kind].id,
                        "tax_ids": [Command.set(taxes.ids)],
                    }
                )
            )
        return (
            self.env["account.move"]
            .with_company(sas)
            .create(
                {
                    "move_type": "out_invoice" if sign > 0 else "out_refund",
                    "company_id": sas.id,
                    "journal_id": journal.id,
                    "partner_id": self.company_id.partner_id.id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_origin": self.name,
                    "ref": self.name,
                    "invoice_line_ids": lines,
                }
            )
        )

    def _invoice_line_name(self, product):
        return _(
            "%(product)s — %(period)s, base %(base)s",
            product=product.with_context(lang=self.env.lang).name,
            period=self._period_label(self.date_from, self.period_kind),
            base=format_amount(self.env, self.base_amount, self.currency_id),
        )

    def _reverse_sas_invoice(self):
        self.ensure_one()
        invoice = self.sas_invoice_id
        journal, day = self._documents_date(max(invoice.date, fields.Date.context_today(self)))
        refund = invoice.with_company(invoice.company_id)._reverse_moves(
            [{"date": day, "invoice_date": day, "ref": _("Cancellation of %(name)s", name=self.name)}]
        )
        refund.action_post()
        return refund

    # ------------------------------------------------------------------ navigation

    def action_open_lines(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Statement lines"),
            "res_model": "oe.redevance.statement.line",
            "view_mode": "list,pivot",
            "domain": [("statement_id", "=", self.id)],
        }

    def action_open_documents(self):
        self.ensure_one()
        moves = self.sas_invoice_id | self.sas_refund_id | self.cae_bill_id | self.cae_refund_id
        return {
            "type": "ir.actions.act_window",
            "name": _("Accounting documents"),
            "res_model": "account.move",
            "view_mode": "list,form",
            "domain": [("id", "in", moves.ids)],
        }
