from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from . import economics

WORKLOAD_WARNING_RATIO = 1.10  # more than 10 % beyond the time the entrepreneur chose
GRAPH_MONTHS = 12


class OeEntrepreneurDashboard(models.AbstractModel):
    """The figures of "Mon tableau de bord", for one person (all their employee records).

    The number of queries does not depend on the history: a fixed set of grouped reads.
    """

    _name = "oe.entrepreneur.dashboard"
    _description = "Entrepreneur dashboard"

    @api.model
    def _get_data(self, user=None, today=None):
        user = user or self.env.user
        today = today or fields.Date.context_today(self)
        # Scoped sudo: the person's own entrepreneur records, whatever the companies allowed right now.
        employees_sudo = (
            self.env["hr.employee"]
            .sudo()
            .with_context(active_test=False)
            .search([("user_id", "=", user.id), ("oe_is_entrepreneur", "=", True)])
        )
        if not employees_sudo:
            return None
        week_start = today - relativedelta(days=today.weekday())
        month_start = today.replace(day=1)
        year_start = today.replace(month=1, day=1)
        graph_start = month_start - relativedelta(months=GRAPH_MONTHS - 1)

        [[week_hours]] = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [
                    ("employee_id", "in", employees_sudo.ids),
                    ("project_id", "!=", False),
                    ("date", ">=", week_start),
                    ("date", "<=", today),
                ],
                [],
                ["unit_amount:sum"],
            )
        )
        monthly = {
            month: (hours, turnover)
            for month, hours, turnover in self.env["oe.entrepreneur.report"]
            .sudo()
            ._read_group(
                [("employee_id", "in", employees_sudo.ids), ("date", ">=", min(graph_start, year_start))],
                ["date:month"],
                ["hours:sum", "turnover:sum"],
            )
        }
        month_hours, month_turnover = monthly.get(month_start, (0.0, 0.0))
        year_turnover = sum(turnover for month, (_h, turnover) in monthly.items() if month >= year_start)

        operational = employees_sudo.filtered(lambda e: e.oe_status == "operational") or employees_sudo
        chosen_week = sum(operational.mapped("oe_hours_per_week"))
        chosen_month = float(economics.hours_per_month(chosen_week))
        target = sum(operational.mapped("oe_target_turnover"))
        operational_today = operational.with_context(date=today)
        break_even = sum(operational_today.mapped("oe_break_even_turnover"))
        # Levy rates that leave no break-even (old data): the page says so instead of failing.
        economics_warnings = list(dict.fromkeys(filter(None, operational_today.mapped("oe_economics_warning"))))
        currency = operational[:1].company_id.currency_id

        def ratio(value, reference):
            return round(100.0 * value / reference) if reference else 0

        graph = []
        for index in range(GRAPH_MONTHS):
            month = graph_start + relativedelta(months=index)
            hours, turnover = monthly.get(month, (0.0, 0.0))
            graph.append({"month": month, "hours": hours, "turnover": turnover})
        max_hours = max([row["hours"] for row in graph] + [chosen_month, 1.0])
        for row in graph:
            row["height"] = round(100.0 * row["hours"] / max_hours)
        return {
            "name": user.name,
            "currency": currency,
            "today": today,
            "week_hours": week_hours or 0.0,
            "chosen_week": chosen_week,
            "week_load": ratio(week_hours or 0.0, chosen_week),
            "month_hours": month_hours,
            "chosen_month": chosen_month,
            "month_load": ratio(month_hours, chosen_month),
            "overload": bool(
                (chosen_week and (week_hours or 0.0) > chosen_week * WORKLOAD_WARNING_RATIO)
                or (chosen_month and month_hours > chosen_month * WORKLOAD_WARNING_RATIO)
            ),
            "month_turnover": month_turnover,
            "year_turnover": year_turnover,
            "target": target,
            "target_progress": ratio(month_turnover, target),
            "break_even": break_even,
            "break_even_progress": ratio(month_turnover, break_even),
            "economics_warnings": economics_warnings,
            "net_income_11": sum(operational_today.mapped("oe_net_income_11")),
            "net_income_12": sum(operational_today.mapped("oe_net_income_12")),
            "graph": graph,
            "chosen_height": round(100.0 * chosen_month / max_hours),
        }
