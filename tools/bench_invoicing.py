#!/usr/bin/env python3
"""Benchmark of the invoicing of hours (not a test: it prints a table).

Builds, in a throwaway database, ``--missions`` missions of the SAMAD CAE of one ETD, each with its lead
(an entrepreneur of that CAE) and, one mission in five, a cross-CAE entrepreneur (an accepted assignment
of an entrepreneur of the other CAE of the ETD), with batched ``create(vals_list)`` and tracking disabled;
the build time is reported apart. For each number of hour lines per mission (``--lines``, else 1, 10 and
50), a month of validated hours, then in the same run and from the same state (each run rolled back):

- Odoo's own ``account.move.create(vals_list)`` of the same invoices (the values of
  ``_oe_prepare_invoice_vals``: same lines, taxes, analytic distributions), plus the same links of the
  hours to their invoice lines, one grouped write per invoice line (the baseline);
- ``project.project.oe_invoice_timesheets(date_from, date_to)`` over the missions;
- ``action_post()`` of those invoices, apart: the missions without cross-CAE hours, then those with them
  (each of which makes an inter-CAE invoice, posted, and its mirrored vendor bill).

It checks that the baseline and the invoicing give the same untaxed amount per mission and the same
number of linked hours, and prints seconds, queries and the ratio to the baseline, then ``ratio: X``
(invoicing against the baseline, the worst row). Both run ``--repeat`` times (2) in turn, from a warm
cache, and the fastest run of each is kept. The reading of the hours and the preparation of the
values, which the baseline is given ready, are timed apart; so is the PDF that OCA
``account_invoice_inter_company`` renders for each inter-CAE invoice when posting it.

    python3 tools/bench_invoicing.py --missions 100             # 1, 10 and 50 hour lines per mission
    python3 tools/bench_invoicing.py --missions 1000 --lines 10 # one row
    python3 tools/bench_invoicing.py --missions 1000 --no-post  # no posting rows (a PDF per inter-CAE invoice)

PostgreSQL and Odoo are found as ``make test`` finds them (tools/oe_dev.py).
"""

import argparse
import sys
import time
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import oe_dev

LINES = (1, 10, 50)
CROSS_EVERY = 5  # one mission in five has a cross-CAE entrepreneur
CLIENTS_EVERY = 5  # one client for five missions
BATCH = 5000  # hour lines created per batch
DEPARTMENT = "35"
# One month of hours per row of the table, from January 2026 (in the past: hours are logged once worked).
FIRST_MONTH = date(2026, 1, 1)
RATES = (22.0, 25.0, 27.5, 30.0, 45.0)
HOURS = (0.5, 1.0, 1.5, 2.0, 2.5, 3.0)  # at most two lines a day per entrepreneur: never 24 hours a day


def month_range(index):
    """The first and last days of the index-th month from FIRST_MONTH."""
    year, month = divmod(FIRST_MONTH.month - 1 + index, 12)
    start = date(FIRST_MONTH.year + year, month + 1, 1)
    year, month = divmod(month + 1, 12)
    return start, date(start.year + year, month + 1, 1) - timedelta(days=1)


def build_missions(env, n_missions, say):
    """The ETD, its entrepreneurs, clients and missions with their accepted assignments."""
    from odoo import Command

    Company = env["res.company"]
    if not Company.search([("oe_role", "=", "sas")]):
        sas = Company.create({"name": "SAS Oui Ensemble", "oe_role": "sas", "country_id": env.ref("base.fr").id})
        sas._oe_setup_network_company()
    say(f"ETD {DEPARTMENT} (2 CAEs with their charts of accounts)...")
    etd = env["oe.etd"].create_etd(DEPARTMENT, f"ETD {DEPARTMENT}")
    pole = env.ref("oe_etd.pole_samad")
    samad = etd.company_ids.filtered(lambda c: pole in c.oe_pole_ids)
    other = etd.company_ids - samad
    samad.oe_retention_rate = 10.0
    env.cr.commit()
    tutor = env.ref("oe_entrepreneur.function_tutor")
    n_cross = len(range(0, n_missions, CROSS_EVERY))
    say(f"{n_missions} + {n_cross} entrepreneurs, {n_missions} missions...")

    def entrepreneurs(company, prefix, count):
        return env["hr.employee"].create(
            [
                {
                    "name": f"{prefix} {i:04d}",
                    "company_id": company.id,
                    "oe_is_entrepreneur": True,
                    "oe_status": "operational",
                    "oe_function_ids": [Command.set(tutor.ids)],
                    "oe_hourly_rate": RATES[i % len(RATES)],
                }
                for i in range(count)
            ]
        )

    leads = entrepreneurs(samad, "Entrepreneur SAMAD", n_missions)
    crossers = entrepreneurs(other, "Entrepreneur MSG", n_cross)
    clients = env["res.partner"].create(
        [
            {
                "name": f"Client {i:04d}",
                "zip": f"{DEPARTMENT}000",
                "city": "Rennes",
                "country_id": env.ref("base.fr").id,
            }
            for i in range(max(1, n_missions // CLIENTS_EVERY))
        ]
    )
    missions = env["project.project"].create(
        [
            {
                "name": f"Mission {i:04d}",
                "oe_is_mission": True,
                "partner_id": clients[i % len(clients)].id,
                "oe_pole_id": pole.id,
                "oe_lead_employee_id": leads[i].id,
                "oe_state": "in_progress",
            }
            for i in range(n_missions)
        ]
    )
    if missions.company_id != samad:
        raise oe_dev.Abort(f"the missions are not all in {samad.name}: {missions.company_id.mapped('name')}")
    assignment_vals = []
    for i, mission in enumerate(missions):
        if i % CROSS_EVERY == 0:
            # The cross-CAE entrepreneur first: with one hour line per mission, the hours are theirs.
            assignment_vals.append(
                {"project_id": mission.id, "employee_id": crossers[i // CROSS_EVERY].id, "function_id": tutor.id}
            )
        assignment_vals.append({"project_id": mission.id, "employee_id": leads[i].id, "function_id": tutor.id})
    env["oe.mission.assignment"].create([dict(vals, state="accepted") for vals in assignment_vals])
    env.cr.commit()
    return samad | other, missions


def build_hours(env, companies, missions, lines_per_mission, date_from, date_to, say):
    """``lines_per_mission`` validated hour lines on each mission, spread over the month."""
    days = (date_to - date_from).days + 1
    Line = env["account.analytic.line"].with_context(allowed_company_ids=companies.ids)
    vals_list = []
    for mission in missions:
        assignments = mission.oe_assignment_ids.sorted(lambda a: not a.is_cross_company)
        for n in range(lines_per_mission):
            assignment = assignments[n % len(assignments)]
            vals_list.append(
                {
                    "name": "Work",
                    "project_id": mission.id,
                    "employee_id": assignment.employee_id.id,
                    "oe_assignment_id": assignment.id,
                    "date": date_from + timedelta(days=(n // len(assignments)) % days),
                    "unit_amount": HOURS[(mission.id + n) % len(HOURS)],
                }
            )
    say(f"{len(vals_list)} validated hour lines in {date_from:%Y-%m}...")
    for start in range(0, len(vals_list), BATCH):
        lines = Line.create(vals_list[start : start + BATCH])
        lines.sudo().write({"oe_validated": True})
        env.flush_all()
        env.invalidate_all()
    env.cr.commit()
    return len(vals_list)


def timed(env, function):
    """(result, seconds, queries) of ``function()``, flushed, on an empty cache."""
    env.invalidate_all()
    cr = env.cr
    start_queries, start = cr.sql_log_count, time.perf_counter()
    result = function()
    env.flush_all()
    return result, time.perf_counter() - start, cr.sql_log_count - start_queries


def core_invoicing(missions, date_from, date_to):
    """What oe_invoice_timesheets makes, made by Odoo's create: the values are prepared outside the timing."""
    env = missions.env
    Line_sudo = env["account.analytic.line"].sudo()
    lines = Line_sudo.search([("project_id", "in", missions.ids), *Line_sudo._oe_to_invoice_domain(date_from, date_to)])
    by_mission = {
        mission: mission_lines.grouped("oe_assignment_id")
        for mission, mission_lines in lines.grouped("project_id").items()
    }
    vals_list = [
        mission._oe_prepare_invoice_vals(by_assignment, date_from, date_to)
        for mission, by_assignment in by_mission.items()
    ]
    hours = {
        (mission.id, assignment.id): timesheets.ids
        for mission, by_assignment in by_mission.items()
        for assignment, timesheets in by_assignment.items()
    }
    env.flush_all()

    def create_and_link():
        invoices = env["account.move"].create(vals_list)
        Line_sudo = env["account.analytic.line"].sudo()
        for line in invoices.invoice_line_ids:
            Line_sudo.browse(hours[line.move_id.oe_mission_id.id, line.oe_assignment_id.id]).write(
                {"oe_invoice_line_id": line.id}
            )
        return invoices

    return create_and_link


def totals(invoices):
    """{mission id: untaxed amount}, and the number of hours linked to the invoices."""
    env = invoices.env
    env.flush_all()
    env.cr.execute(
        "SELECT COUNT(*) FROM account_analytic_line t JOIN account_move_line l ON l.id = t.oe_invoice_line_id"
        " WHERE l.move_id IN %s",
        (tuple(invoices.ids) or (0,),),
    )
    linked = env.cr.fetchone()[0]
    return {invoice.oe_mission_id.id: invoice.amount_untaxed for invoice in invoices}, linked


@contextmanager
def pdf_timer(env):
    """Time spent in OCA account_invoice_inter_company's PDF of each inter-CAE invoice (attached to its
    mirrored bill), which posting them renders one by one."""
    model_class = type(env["account.move"])
    original = model_class._attach_original_pdf_report
    spent = {"seconds": 0.0, "queries": 0, "count": 0}

    def timed_attach(self):
        start_queries, start = self.env.cr.sql_log_count, time.perf_counter()
        try:
            return original(self)
        finally:
            spent["seconds"] += time.perf_counter() - start
            spent["queries"] += self.env.cr.sql_log_count - start_queries
            spent["count"] += 1

    model_class._attach_original_pdf_report = timed_attach
    try:
        yield spent
    finally:
        model_class._attach_original_pdf_report = original


def measure(env, missions, date_from, date_to, post=True, repeat=2):
    """Baseline, invoicing and posting of one month, each from the committed state (rolled back after).

    The baseline and the invoicing run ``repeat`` times, in turn; the fastest run of each is kept (the
    machine may be shared)."""
    cr = env.cr
    results = {}
    # Warm-up, not measured: the ORM's caches (taxes, accounts, sequences) filled by a small invoicing.
    missions[:2].oe_invoice_timesheets(date_from, date_to)
    env.flush_all()
    cr.rollback()

    def keep_fastest(key, measured):
        if key not in results or measured[0] < results[key][0]:
            results[key] = tuple(measured)

    for turn in range(repeat):
        create_and_link, *prepared = timed(env, lambda: core_invoicing(missions, date_from, date_to))
        keep_fastest("prepare", prepared)
        invoices, *measured = timed(env, create_and_link)
        keep_fastest("core", measured)
        core_totals = totals(invoices)
        cr.rollback()

        invoices, *measured = timed(env, lambda: missions.oe_invoice_timesheets(date_from, date_to))
        keep_fastest("invoice", measured)
        if turn < repeat - 1:
            cr.rollback()
    oe_totals = totals(invoices)
    n_invoices, n_lines = len(invoices), len(invoices.invoice_line_ids)
    mismatches = [
        mission for mission, amount in oe_totals[0].items() if abs(core_totals[0].get(mission, 0.0) - amount) > 0.005
    ] + [mission for mission in core_totals[0] if mission not in oe_totals[0]]
    if core_totals[1] != oe_totals[1]:
        mismatches.append(f"{core_totals[1]} hours linked by the baseline, {oe_totals[1]} by the invoicing")

    counts = {"invoices": n_invoices, "invoice_lines": n_lines}
    if not post:
        cr.rollback()
        return results, counts, mismatches
    # Posting, apart: the invoices without cross-CAE hours, then those with them.
    cross = invoices.filtered(lambda m: m.invoice_line_ids.oe_assignment_id.filtered("is_cross_company"))
    plain = invoices - cross
    Move = env["account.move"]
    _result, *results["post_plain"] = timed(env, plain.action_post)
    with pdf_timer(env) as pdf:
        _result, *results["post_cross"] = timed(env, cross.action_post)
    results["pdf"] = (pdf["seconds"], pdf["queries"])
    inter = Move.search([("oe_source_invoice_id", "in", cross.ids)])
    mirrors = Move.search([("auto_invoice_id", "in", inter.ids)])
    counts.update(
        {
            "plain": len(plain),
            "cross": len(cross),
            "inter": len(inter.filtered(lambda m: m.state == "posted")),
            "mirrors": len(mirrors.filtered(lambda m: m.state == "posted")),
            "pdfs": pdf["count"],
        }
    )
    cr.rollback()
    return results, counts, mismatches


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--missions", type=int, default=100, help="number of missions invoiced (default 100)")
    parser.add_argument(
        "--lines", type=int, action="append", help="hour lines per mission (repeatable; default 1, 10 and 50)"
    )
    parser.add_argument("--db", default="oe_bench_invoicing", help="the throwaway database (dropped first)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of the baseline and of the invoicing, in turn (the fastest kept)"
    )
    parser.add_argument(
        "--no-post", action="store_true", help="skip the posting rows (long: one PDF per inter-CAE invoice)"
    )
    args = parser.parse_args(argv)
    lines_list = args.lines or list(LINES)
    if args.missions < 1 or args.repeat < 1 or any(n < 1 for n in lines_list):
        parser.error("--missions, --lines and --repeat take positive numbers")

    odoo_cmd, addons_path, cluster, params = oe_dev.prepare()
    try:
        registry = oe_dev.bench_registry(odoo_cmd, addons_path, params, args.db, "oe_mission")

        import odoo
        from odoo import SUPERUSER_ID, api

        rows = []
        with registry.cursor() as cr:
            env = api.Environment(
                cr,
                SUPERUSER_ID,
                {"tracking_disable": True, "mail_notrack": True, "mail_create_nolog": True, "lang": "en_US"},
            )
            start = time.perf_counter()
            companies, missions = build_missions(env, args.missions, oe_dev.say)
            for index, lines_per_mission in enumerate(lines_list):
                date_from, date_to = month_range(index)
                n_hours = build_hours(env, companies, missions, lines_per_mission, date_from, date_to, oe_dev.say)
                rows.append([lines_per_mission, n_hours, date_from, date_to])
            build_seconds = time.perf_counter() - start
            # What autovacuum does after a month of timesheets: statistics for the planner.
            cr.execute("ANALYZE")
            cr.commit()
            for row in rows:
                oe_dev.say(f"measuring {row[0]} hour line(s) per mission...")
                row += measure(env, missions, row[2], row[3], post=not args.no_post, repeat=args.repeat)
        odoo.sql_db.close_db(args.db)

        print()
        print(
            f"{args.missions} missions of one CAE, one in {CROSS_EVERY} with a cross-CAE entrepreneur; "
            f"built in {build_seconds:.0f} s (not compared)."
        )
        print()
        print("| hour lines per mission | step | rows | seconds | queries | ratio to core |")
        print("|---:|---|---|---:|---:|---:|")
        ratios = []
        failed = []
        for lines_per_mission, n_hours, _from, _to, results, counts, mismatches in rows:
            core_s, core_q = results["core"]
            inv_s, inv_q = results["invoice"]
            ratio = inv_s / core_s if core_s else 0.0
            ratios.append(ratio)
            made = f"{n_hours} hours → {counts['invoices']} invoices, {counts['invoice_lines']} lines"
            print(
                f"| {lines_per_mission} | core `account.move.create` + links (baseline) | {made} "
                f"| {core_s:.3f} | {core_q} | 1.00 |"
            )
            print(f"| {lines_per_mission} | `oe_invoice_timesheets` | {made} | {inv_s:.3f} | {inv_q} | {ratio:.2f} |")
            prep_s, prep_q = results["prepare"]
            print(
                f"| {lines_per_mission} | (reading the hours and preparing the values, outside the baseline) "
                f"| {n_hours} hours | {prep_s:.3f} | {prep_q} | |"
            )
            if mismatches:
                failed.append(f"{lines_per_mission} line(s): {', '.join(map(str, mismatches[:10]))}")
            if args.no_post:
                continue
            post_s, post_q = results["post_plain"]
            print(
                f"| {lines_per_mission} | `action_post` without cross-CAE hours | {counts['plain']} invoices "
                f"| {post_s:.3f} | {post_q} | |"
            )
            post_s, post_q = results["post_cross"]
            print(
                f"| {lines_per_mission} | `action_post` with cross-CAE hours | {counts['cross']} invoices → "
                f"{counts['inter']} inter-CAE invoices, {counts['mirrors']} mirrored bills "
                f"| {post_s:.3f} | {post_q} | |"
            )
            pdf_s, pdf_q = results["pdf"]
            print(
                f"| {lines_per_mission} | of which the PDF of each inter-CAE invoice (OCA) | {counts['pdfs']} PDFs "
                f"| {pdf_s:.3f} | {pdf_q} | |"
            )
        print()
        same = "yes" if not failed else "NO for " + "; ".join(failed)
        print(f"Same untaxed amounts per mission and same linked hours as the baseline: {same}.")
        print(f"ratio: {max(ratios):.2f}")  # the worst row
        return 1 if failed else 0
    except oe_dev.Abort as error:
        print(f"bench_invoicing: {error}", file=sys.stderr)
        return 2
    finally:
        if not args.keep:
            oe_dev.drop_db(params, args.db)
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
