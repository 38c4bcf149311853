#!/usr/bin/env python3
"""Benchmark of the redevance statements at network scale (not a test: it prints a table).

Builds, in a throwaway database, a network of ``--scale`` × the seed's year-10 network (21 ETDs,
42 CAEs, 1,335 entrepreneurs, 100,000 posted invoice lines in one month), with batched
``create(vals_list)`` and tracking disabled, and reports the build time apart. Then, in the same
run, it times ``oe.redevance.statement.generate()`` for that month over every CAE and a raw SQL
``GROUP BY`` computing the same bases, checks that both give the same bases, and prints rows,
seconds, queries and the ratio between the two.

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


def measure(env, date_from, date_to):
    """Time generate() and the raw GROUP BY, in the same run; check the bases are the same."""
    Statement = env["oe.redevance.statement"]
    cr = env.cr
    results = {}

    env.invalidate_all()
    start_queries, start = cr.sql_log_count, time.perf_counter()
    cr.execute(RAW_SQL, (date_from, date_to))
    raw = dict(cr.fetchall())
    results["raw"] = (time.perf_counter() - start, cr.sql_log_count - start_queries)

    env.invalidate_all()
    start_queries, start = cr.sql_log_count, time.perf_counter()
    statements = Statement.generate(date_from, date_to)
    env.flush_all()
    results["generate"] = (time.perf_counter() - start, cr.sql_log_count - start_queries)

    cr.execute(
        "SELECT COUNT(*) FROM oe_redevance_statement_line_aml_rel rel"
        " JOIN oe_redevance_statement_line l ON l.id = rel.statement_line_id WHERE l.statement_id IN %s",
        (tuple(statements.ids),),
    )
    counted = cr.fetchone()[0]
    mismatches = [
        s.company_id.name
        for s in statements
        if abs(float(raw.get(s.company_id.id, 0.0)) - s.base_amount) > 0.005 * max(1, len(s.line_ids))
    ]
    return statements, counted, raw, results, mismatches


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=0.1, help="share of the seed's year-10 network (1 = full)")
    parser.add_argument("--db", default="oe_bench_redevance", help="the throwaway database (dropped first)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse", action="store_true", help="measure again on a database kept by --keep (no install, no build)"
    )
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
            statements, counted, raw, results, mismatches = measure(env, date_from, date_to)
            etds, n_caes = len(caes.oe_etd_id), len(caes)
            n_statements, n_statement_lines = len(statements), len(statements.line_ids)
            cr.rollback()
        odoo.sql_db.close_db(args.db)
        gen_s, gen_q = results["generate"]
        raw_s, raw_q = results["raw"]
        print()
        print(
            f"Network: {etds} ETDs, {n_caes} CAEs, {n_es} entrepreneurs, {counted} posted invoice lines "
            f"in {MONTH:%Y-%m}; "
            + (f"built in {build_seconds:.0f} s (not compared)." if build_seconds else "database reused.")
        )
        print()
        print("| step | rows | seconds | queries | ratio to raw SQL |")
        print("|---|---:|---:|---:|---:|")
        print(
            f"| raw SQL `GROUP BY` company (baseline) | {counted} lines → {len(raw)} bases "
            f"| {raw_s:.3f} | {raw_q} | 1.0 |"
        )
        print(
            f"| `generate()` over every CAE | {counted} lines → {n_statements} statements, "
            f"{n_statement_lines} lines | {gen_s:.3f} | {gen_q} | {gen_s / raw_s if raw_s else 0:.1f} |"
        )
        print()
        print("Same bases as the raw SQL: " + ("yes" if not mismatches else f"NO for {', '.join(mismatches)}"))
        return 1 if mismatches else 0
    except oe_dev.Abort as error:
        print(f"bench_redevance: {error}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            oe_dev.drop_db(params, args.db)
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
