#!/usr/bin/env python3
"""Benchmark of the redevance statements at network scale (not a test: it prints a table).

Builds, in a throwaway database, a network of ``--scale`` × the seed's year-10 network (21 ETDs,
42 CAEs, 1,335 entrepreneurs, 100,000 posted invoice lines in one month), with batched
``create(vals_list)`` and tracking disabled, and reports the build time apart. Then, in the same
run and from the same state (writes rolled back to a savepoint), it times for that month over every CAE:

* a raw SQL ``GROUP BY`` of the bases per CAE (it only reads);
* the same work as ``generate()`` by hand in SQL (``SAME_WORK_SQL``): the grouped bases with their
  rates, poles and entrepreneurs, the rounded redevance, and the same statements, statement lines and
  counted journal items inserted into the same tables, in one statement;
* ``oe.redevance.statement.generate()``.

Each runs ``--repeat`` times in turn, the fastest kept. It checks that generate() wrote what the SQL
wrote (statements, lines, counted items) and the raw SQL's bases, prints rows, seconds, queries and the
ratios, and ends with ``ratio: X``, generate() against the same work in SQL.

    python3 tools/bench_redevance.py --scale 0.1        # a tenth of the network
    python3 tools/bench_redevance.py --scale 1          # full scale (long: 42 charts of accounts)

PostgreSQL and Odoo are found as ``make test`` finds them (tools/oe_dev.py).
"""

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oe_dev

FULL = {"etds": 21, "es": 1335, "lines": 100_000}
LINES_PER_INVOICE = 10
BATCH = 200  # invoices created and posted per batch
MONTH = date(2026, 10, 1)
# Départements of metropolitan France, for the ETDs of the benchmark.
DEPARTMENTS = [f"{n:02d}" for n in range(1, 96) if n != 20]


def build(env, scale, say):
    """The network, its entrepreneurs and the month's posted invoices. Returns the CAEs."""
    from odoo import Command

    rng = random.Random(42)
    n_etds = max(1, round(FULL["etds"] * scale))
    n_es = max(2 * n_etds, round(FULL["es"] * scale))
    n_lines = max(LINES_PER_INVOICE, round(FULL["lines"] * scale))
    env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True, mail_create_nolog=True))
    Company = env["res.company"]
    if not Company.search([("oe_role", "=", "sas")]):
        sas = Company.create({"name": "SAS Oui Ensemble", "oe_role": "sas", "country_id": env.ref("base.fr").id})
        sas._oe_setup_network_company()
    say(f"{n_etds} ETDs ({2 * n_etds} CAEs with their charts of accounts)...")
    Etd = env["oe.etd"]
    for code in DEPARTMENTS[:n_etds]:
        etd = Etd.create_etd(code, f"ETD {code}")
        env["oe.redevance.rate"].create(
            {"etd_id": etd.id, "date_from": "2020-01-01", "rate": 5.0, "conceptual_share": 40.0}
        )
        env.cr.commit()
    caes = Company.search([("oe_role", "=", "cae")], order="id")
    say(f"{n_es} entrepreneurs...")
    employees = env["hr.employee"].create(
        [
            {
                "name": f"Entrepreneur {i:04d}",
                "company_id": caes[i % len(caes)].id,
                "oe_is_entrepreneur": True,
                "oe_status": "operational",
            }
            for i in range(n_es)
        ]
    )
    clients = env["res.partner"].create(
        [{"name": f"Client {i:04d}", "country_id": env.ref("base.fr").id} for i in range(max(20, n_es // 3))]
    )
    env.cr.commit()
    by_company = {}
    for employee in employees:
        by_company.setdefault(employee.company_id, []).append(employee)
    taxes = {
        (company.id, pole.id): pole.product_id.taxes_id.filtered(lambda t, c=company: t.company_id == c).ids
        for company in caes
        for pole in company.oe_pole_ids
    }
    n_invoices = n_lines // LINES_PER_INVOICE
    say(f"{n_invoices} invoices of {LINES_PER_INVOICE} lines ({n_invoices * LINES_PER_INVOICE} lines), posted...")
    days = (MONTH.replace(month=MONTH.month + 1) - MONTH).days if MONTH.month < 12 else 31
    for start in range(0, n_invoices, BATCH):
        vals_list = []
        for i in range(start, min(start + BATCH, n_invoices)):
            company = caes[i % len(caes)]
            day = MONTH + timedelta(days=rng.randrange(days))
            lines = []
            for _line in range(LINES_PER_INVOICE):
                employee = rng.choice(by_company[company])
                pole = rng.choice(company.oe_pole_ids)
                lines.append(
                    Command.create(
                        {
                            "product_id": pole.product_id.id,
                            "quantity": rng.randint(1, 8),
                            "price_unit": rng.choice((22.0, 25.0, 27.5, 30.0, 45.0)),
                            "tax_ids": [Command.set(taxes[company.id, pole.id])],
                            # The entrepreneur's and the pole's accounts, as a mission invoice carries them.
                            "analytic_distribution": {
                                str(employee.oe_analytic_account_id.id): 100,
                                str(pole.analytic_account_id.id): 100,
                            },
                        }
                    )
                )
            vals_list.append(
                {
                    "move_type": "out_refund" if i % 50 == 49 else "out_invoice",
                    "company_id": company.id,
                    "partner_id": rng.choice(clients).id,
                    "invoice_date": day,
                    "date": day,
                    "invoice_line_ids": lines,
                }
            )
        moves = env["account.move"].create(vals_list)
        moves.action_post()
        env.cr.commit()
        env.invalidate_all()
        say(f"  {min(start + BATCH, n_invoices)}/{n_invoices}")
    return caes


RAW_SQL = """
    SELECT aml.company_id, SUM(-aml.balance)
      FROM account_move_line aml
      JOIN account_move am ON am.id = aml.move_id
      JOIN account_account acc ON acc.id = aml.account_id
      JOIN res_company c ON c.id = aml.company_id
     WHERE c.oe_role = 'cae' AND aml.parent_state = 'posted'
       AND am.move_type IN ('out_invoice', 'out_refund')
       AND aml.display_type = 'product' AND acc.account_type IN ('income', 'income_other')
       AND aml.date BETWEEN %s AND %s
       AND am.commercial_partner_id NOT IN (SELECT partner_id FROM res_company WHERE partner_id IS NOT NULL)
  GROUP BY aml.company_id
"""

# The same work as generate() for a period without statements yet, by hand, in one statement: the revenue
# items not yet counted by a live statement, each at the rate of its ETD in force on its date; their pole,
# entrepreneur and carrying employee record from the distinct analytic distributions; the lines grouped by
# (CAE, rate, pole, entrepreneur, origin); the redevance of each rate rounded to the cent and split between
# its lines and between conceptual and operational resources by largest remainder; then the statements,
# their lines and the counted journal items inserted into the same tables (ids taken from the sequences
# first, so that the three INSERTs need no join back). Parameters: kind, date_from, date_to, label (the
# period as the statement's name shows it), uid, now, sas.
SAME_WORK_SQL = """
WITH caes AS MATERIALIZED (
    SELECT c.id AS company_id, c.oe_etd_id AS etd_id, c.name, c.oe_redevance_period AS period
      FROM res_company c
     WHERE c.oe_role = 'cae' AND c.oe_redevance_period = %(kind)s
), locked AS MATERIALIZED (
    UPDATE res_company c SET id = c.id FROM caes WHERE c.id = caes.company_id RETURNING c.id
), rates AS MATERIALIZED (
    SELECT r.id, r.etd_id, r.date_from, r.rate, r.conceptual_share,
           LEAD(r.date_from) OVER (PARTITION BY r.etd_id ORDER BY r.date_from) AS date_end
      FROM oe_redevance_rate r
), items AS MATERIALIZED (
    SELECT aml.id, aml.company_id, r.id AS rate_id, aml.analytic_distribution AS distribution,
           CASE WHEN aml.date < %(date_from)s THEN date_trunc(c.period, aml.date)::date END AS origin,
           -aml.balance AS base
      FROM account_move_line aml
      JOIN caes c ON c.company_id = aml.company_id
      JOIN account_move am ON am.id = aml.move_id
      JOIN account_account acc ON acc.id = aml.account_id
      JOIN rates r ON r.etd_id = c.etd_id AND aml.date >= r.date_from
                  AND (r.date_end IS NULL OR aml.date < r.date_end)
     WHERE aml.parent_state = 'posted'
       AND am.move_type IN ('out_invoice', 'out_refund')
       AND aml.display_type = 'product'
       AND acc.account_type IN ('income', 'income_other')
       AND am.commercial_partner_id NOT IN (SELECT partner_id FROM res_company WHERE partner_id IS NOT NULL)
       AND aml.date <= %(date_to)s
       AND NOT EXISTS (
            SELECT 1
              FROM oe_redevance_statement_line_aml_rel rel
              JOIN oe_redevance_statement_line sl ON sl.id = rel.statement_line_id
              JOIN oe_redevance_statement s ON s.id = sl.statement_id
             WHERE rel.move_line_id = aml.id AND s.state != 'cancel')
), accounts AS MATERIALIZED (
    SELECT d.distribution, btrim(a.account) AS account
      FROM (SELECT DISTINCT distribution FROM items WHERE distribution IS NOT NULL) d
     CROSS JOIN LATERAL jsonb_object_keys(d.distribution) AS k(key)
     CROSS JOIN LATERAL unnest(string_to_array(k.key, ',')) AS a(account)
), poles AS MATERIALIZED (
    SELECT DISTINCT ON (a.distribution) a.distribution, pole.id AS pole_id
      FROM accounts a
      JOIN oe_pole pole ON pole.analytic_account_id::text = a.account
  ORDER BY a.distribution, pole.active DESC, pole.id
), people AS MATERIALIZED (
    SELECT a.distribution, MIN(p.id) AS partner_id
      FROM accounts a
      JOIN res_partner p ON p.oe_analytic_account_id::text = a.account
  GROUP BY a.distribution
), grouped AS MATERIALIZED (
    SELECT i.company_id, i.rate_id, pl.pole_id, pp.partner_id, i.origin,
           ROUND(SUM(i.base) * 100) AS base_cents, ARRAY_AGG(i.id ORDER BY i.id) AS move_line_ids
      FROM items i
 LEFT JOIN poles pl ON pl.distribution = i.distribution
 LEFT JOIN people pp ON pp.distribution = i.distribution
  GROUP BY 1, 2, 3, 4, 5
), carriers AS MATERIALIZED (
    SELECT DISTINCT ON (g.company_id, g.partner_id) g.company_id, g.partner_id, e.id AS employee_id
      FROM (SELECT DISTINCT company_id, partner_id FROM grouped WHERE partner_id IS NOT NULL) g
      JOIN hr_employee e ON e.work_contact_id = g.partner_id AND e.oe_is_entrepreneur
  ORDER BY g.company_id, g.partner_id, e.active DESC,
           (e.oe_status = 'operational' AND e.company_id = g.company_id) DESC,
           (e.oe_status = 'operational') DESC, e.id
), levies AS MATERIALIZED (
    SELECT g.company_id, g.rate_id, r.rate, SUM(g.base_cents) AS base_cents,
           ROUND(SUM(g.base_cents) * r.rate::numeric / 100) AS levy_cents,
           FLOOR(ROUND(SUM(g.base_cents) * r.rate::numeric / 100) * r.conceptual_share::numeric / 100 + 0.5)
               AS conceptual_cents
      FROM grouped g
      JOIN rates r ON r.id = g.rate_id
  GROUP BY g.company_id, g.rate_id, r.rate, r.conceptual_share
), exact AS (
    SELECT g.*, l.rate, l.levy_cents,
           ROW_NUMBER() OVER (PARTITION BY g.company_id, g.rate_id
                                  ORDER BY g.origin NULLS FIRST, g.pole_id NULLS FIRST, g.partner_id NULLS FIRST)
               AS position,
           CASE WHEN l.base_cents <> 0 THEN l.levy_cents * g.base_cents / l.base_cents END AS share
      FROM grouped g
      JOIN levies l ON l.company_id = g.company_id AND l.rate_id = g.rate_id
), floored AS (
    SELECT e.*, FLOOR(e.share) AS part, e.share - FLOOR(e.share) AS remainder FROM exact e
), lines AS MATERIALIZED (
    SELECT nextval('oe_redevance_statement_line_id_seq') AS id, f.company_id, f.rate_id, f.rate, f.pole_id,
           f.partner_id, cr.employee_id, f.origin, f.base_cents, f.move_line_ids,
           CASE WHEN f.share IS NULL THEN CASE WHEN f.position = 1 THEN f.levy_cents ELSE 0 END
                ELSE f.part + CASE WHEN ROW_NUMBER() OVER (PARTITION BY f.company_id, f.rate_id
                                                               ORDER BY f.remainder DESC, f.position)
                                        <= f.levy_cents - SUM(f.part) OVER (PARTITION BY f.company_id, f.rate_id)
                                   THEN 1 ELSE 0 END
           END AS amount_cents
      FROM floored f
 LEFT JOIN carriers cr ON cr.company_id = f.company_id AND cr.partner_id = f.partner_id
), statements AS MATERIALIZED (
    SELECT nextval('oe_redevance_statement_id_seq') AS id, c.company_id, c.etd_id, c.name,
           COALESCE(l.base_cents, 0) AS base_cents, COALESCE(l.levy_cents, 0) AS levy_cents,
           COALESCE(l.conceptual_cents, 0) AS conceptual_cents, COALESCE(g.regularised_cents, 0) AS regularised_cents,
           COALESCE((SELECT r.rate FROM rates r WHERE r.etd_id = c.etd_id AND r.date_from <= %(date_to)s
                      ORDER BY r.date_from DESC LIMIT 1), 0) AS rate
      FROM caes c
      JOIN locked ON locked.id = c.company_id
 LEFT JOIN (SELECT company_id, SUM(base_cents) AS base_cents, SUM(levy_cents) AS levy_cents,
                   SUM(conceptual_cents) AS conceptual_cents
              FROM levies GROUP BY company_id) l ON l.company_id = c.company_id
 LEFT JOIN (SELECT company_id, SUM(base_cents) AS regularised_cents
              FROM grouped WHERE origin IS NOT NULL GROUP BY company_id) g ON g.company_id = c.company_id
), new_statements AS (
    INSERT INTO oe_redevance_statement
           (id, name, company_id, sas_company_id, etd_id, date_from, date_to, period_kind, state, base_amount,
            rate, amount, conceptual_amount, operational_amount, regularisation_amount, generated_on,
            create_uid, create_date, write_uid, write_date)
    SELECT s.id, 'Redevance ' || %(label)s || ' — ' || s.name, s.company_id, %(sas)s, s.etd_id,
           %(date_from)s, %(date_to)s, %(kind)s, 'draft', s.base_cents / 100, s.rate, s.levy_cents / 100,
           s.conceptual_cents / 100, (s.levy_cents - s.conceptual_cents) / 100, s.regularised_cents / 100,
           %(now)s, %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM statements s
), new_lines AS (
    INSERT INTO oe_redevance_statement_line
           (id, statement_id, company_id, etd_id, date_from, state, pole_id, partner_id, employee_id, rate_id,
            rate, origin_date, base_amount, amount, create_uid, create_date, write_uid, write_date)
    SELECT l.id, s.id, s.company_id, s.etd_id, %(date_from)s, 'draft', l.pole_id, l.partner_id, l.employee_id,
           l.rate_id, l.rate, l.origin, l.base_cents / 100, l.amount_cents / 100,
           %(uid)s, %(now)s, %(uid)s, %(now)s
      FROM lines l
      JOIN statements s ON s.company_id = l.company_id
)
INSERT INTO oe_redevance_statement_line_aml_rel (statement_line_id, move_line_id)
SELECT l.id, unnest(l.move_line_ids) FROM lines l
"""

# What both give, to compare them: the statements of the period, their lines and the items each line counts.
STATEMENTS_SQL = """
    SELECT company_id, name, sas_company_id, etd_id, date_to, period_kind, state, base_amount, rate, amount,
           conceptual_amount, operational_amount, regularisation_amount
      FROM oe_redevance_statement
     WHERE date_from = %s AND state != 'cancel'
"""
LINES_SQL = """
    SELECT s.company_id, l.company_id, l.etd_id, l.date_from, l.state, l.pole_id, l.partner_id, l.employee_id,
           l.rate_id, l.rate, l.origin_date, l.base_amount, l.amount,
           ARRAY(SELECT rel.move_line_id FROM oe_redevance_statement_line_aml_rel rel
                  WHERE rel.statement_line_id = l.id ORDER BY 1)
      FROM oe_redevance_statement_line l
      JOIN oe_redevance_statement s ON s.id = l.statement_id
     WHERE s.date_from = %s AND s.state != 'cancel'
"""


def snapshot(cr, date_from):
    """The statements of the period and their lines, as comparable sorted tuples."""

    def rows(query):
        cr.execute(query, (date_from,))
        return sorted((tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in cr.fetchall()), key=repr)

    return rows(STATEMENTS_SQL), rows(LINES_SQL)


def timed(cr, run):
    """(seconds, queries, result) of ``run()``."""
    start_queries, start = cr.sql_log_count, time.perf_counter()
    result = run()
    return time.perf_counter() - start, cr.sql_log_count - start_queries, result


def measure(env, date_from, date_to, repeat):
    """Time the raw GROUP BY, the same work in SQL and generate(), in turn, ``repeat`` times from the same
    state (the writes rolled back to a savepoint), the best time of each kept. Returns the results, the
    raw bases, the snapshots of what the same work in SQL and generate() wrote, and generate()'s counts."""
    from odoo import fields

    Statement = env["oe.redevance.statement"]
    cr = env.cr
    label = Statement._period_label(date_from, "month")
    params = {
        "kind": "month",
        "date_from": date_from,
        "date_to": date_to,
        "label": label,
        "uid": env.uid,
        "sas": env["res.company"]._oe_get_sas().id,
    }
    best = {}

    def keep(key, seconds, queries):
        if key not in best or seconds < best[key][0]:
            best[key] = (seconds, queries)

    def generate():
        statements = Statement.generate(date_from, date_to)
        env.flush_all()
        return statements

    for _run in range(repeat):
        env.invalidate_all()
        seconds, queries, _rows = timed(cr, lambda: cr.execute(RAW_SQL, (date_from, date_to)) or cr.fetchall())
        raw = dict(_rows)
        keep("raw", seconds, queries)

        cr.execute("SAVEPOINT bench")
        params["now"] = fields.Datetime.now()
        seconds, queries, _none = timed(cr, lambda: cr.execute(SAME_WORK_SQL, params))
        keep("sql", seconds, queries)
        sql_snapshot = snapshot(cr, date_from)
        cr.execute("ROLLBACK TO SAVEPOINT bench")

        env.invalidate_all()
        cr.execute("SAVEPOINT bench")
        seconds, queries, statements = timed(cr, generate)
        keep("generate", seconds, queries)
        counts = (len(statements), len(statements.line_ids))
        gen_snapshot = snapshot(cr, date_from)
        cr.execute("ROLLBACK TO SAVEPOINT bench")
        env.invalidate_all(flush=False)
    return best, raw, sql_snapshot, gen_snapshot, counts


def compare(raw, sql_snapshot, gen_snapshot):
    """The differences found, in words (empty when generate() wrote what the SQL wrote, on the raw bases)."""
    problems = []
    (sql_statements, sql_lines), (gen_statements, gen_lines) = sql_snapshot, gen_snapshot
    if sql_statements != gen_statements:
        differing = {row[0] for row in set(sql_statements) ^ set(gen_statements)}
        problems.append(f"statements differ for the companies {sorted(differing)}")
    if sql_lines != gen_lines:
        differing = {row[0] for row in set(sql_lines) ^ set(gen_lines)}
        problems.append(f"statement lines differ for the companies {sorted(differing)}")
    # column 7 of a statement row is its base (the month has no earlier uncounted items)
    wrong = [row[1] for row in gen_statements if abs(float(raw.get(row[0], 0.0)) - row[7]) > 0.005]
    if wrong:
        problems.append(f"bases other than the raw SQL's for {', '.join(wrong)}")
    return problems


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.1, help="share of the seed's year-10 network (1 = full)")
    parser.add_argument("--db", default="oe_bench_redevance", help="the throwaway database (dropped first)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="measure again on a database kept by --keep (no install, no build)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each step, the fastest kept (default 3)")
    args = parser.parse_args(argv)

    odoo_cmd, addons_path, cluster, params = oe_dev.prepare()
    try:
        registry = oe_dev.bench_registry(odoo_cmd, addons_path, params, args.db, "oe_redevance", install=not args.reuse)

        import odoo
        from odoo import SUPERUSER_ID, api

        date_from = MONTH
        date_to = (
            MONTH.replace(month=MONTH.month % 12 + 1) if MONTH.month < 12 else date(MONTH.year + 1, 1, 1)
        ) - timedelta(days=1)
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            start = time.perf_counter()
            if args.reuse:
                caes = env["res.company"].search([("oe_role", "=", "cae")], order="id")
                build_seconds = None
            else:
                caes = build(env, args.scale, oe_dev.say)
                build_seconds = time.perf_counter() - start
            # What autovacuum does after a month of invoicing: statistics for the planner.
            cr.execute("ANALYZE")
            cr.commit()
            cr.execute("SELECT COUNT(*) FROM hr_employee WHERE oe_is_entrepreneur")
            n_es = cr.fetchone()[0]
            best, raw, sql_snapshot, gen_snapshot, (n_statements, n_statement_lines) = measure(
                env, date_from, date_to, args.repeat
            )
            etds, n_caes = len(caes.oe_etd_id), len(caes)
            cr.rollback()
        odoo.sql_db.close_db(args.db)
        problems = compare(raw, sql_snapshot, gen_snapshot)
        counted = sum(len(row[-1]) for row in gen_snapshot[1])
        raw_s, raw_q = best["raw"]
        sql_s, sql_q = best["sql"]
        gen_s, gen_q = best["generate"]
        written = f"{counted} lines → {n_statements} statements, {n_statement_lines} lines, {counted} counted items"
        print()
        print(
            f"Network: {etds} ETDs, {n_caes} CAEs, {n_es} entrepreneurs, {counted} posted invoice lines "
            f"in {MONTH:%Y-%m}; "
            + (f"built in {build_seconds:.0f} s (not compared)." if build_seconds else "database reused.")
            + f" Best of {args.repeat} runs, each from the same state."
        )
        print()
        print("| step | rows | seconds | queries | ratio to raw SQL | ratio to same work in SQL |")
        print("|---|---|---:|---:|---:|---:|")
        for name, rows, seconds, queries in (
            ("raw SQL `GROUP BY` company (reads only)", f"{counted} lines → {len(raw)} bases", raw_s, raw_q),
            ("same work in SQL (baseline: bases with their rates, the same rows inserted)", written, sql_s, sql_q),
            ("`generate()` over every CAE", written, gen_s, gen_q),
        ):
            print(f"| {name} | {rows} | {seconds:.3f} | {queries} | {seconds / raw_s:.1f} | {seconds / sql_s:.2f} |")
        print()
        print(
            "Same statements, lines and counted items as the same work in SQL, same bases as the raw SQL: "
            + ("yes" if not problems else "NO: " + "; ".join(problems))
        )
        print(f"ratio: {gen_s / sql_s:.2f}")
        return 1 if problems else 0
    except oe_dev.Abort as error:
        print(f"bench_redevance: {error}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            oe_dev.drop_db(params, args.db)
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
