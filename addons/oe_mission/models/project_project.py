from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, format_date

MISSION_STATES = [
    ("draft", "Draft"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


class ProjectProject(models.Model):
    """A mission: shared work for a client, in one pole, carried by the CAE serving that pole."""

    _inherit = "project.project"

    oe_is_mission = fields.Boolean(string="Mission", index=True)
    oe_pole_id = fields.Many2one("oe.pole", string="Pole", tracking=True)
    oe_etd_id = fields.Many2one(related="company_id.oe_etd_id", store=True, string="ETD")
    oe_kind = fields.Selection(
        [("operational", "Operational"), ("conceptual", "Conceptual"), ("mixed", "Mixed")],
        string="Kind of mission",
        default="operational",
    )
    oe_lead_employee_id = fields.Many2one(
        "hr.employee",
        string="Mission lead",
        tracking=True,
        domain=[("oe_is_entrepreneur", "=", True)],
    )
    oe_company_forced = fields.Boolean(
        string="Company chosen by the network",
        tracking=True,
        copy=False,
        help="A network administrator placed this mission in its company, outside the rule (the CAE serving the "
        "pole in the client's département): the company stays as chosen, whoever edits the mission later. Only a "
        "network administrator sets or clears it.",
    )
    oe_state = fields.Selection(MISSION_STATES, string="Mission state", default="draft", tracking=True)
    oe_assignment_ids = fields.One2many("oe.mission.assignment", "project_id", string="Assignments")
    oe_to_invoice_hours = fields.Float(
        string="Hours to invoice",
        compute="_compute_oe_to_invoice_hours",
        search="_search_oe_to_invoice_hours",
        compute_sudo=True,
    )

    @api.depends("oe_assignment_ids")
    def _compute_oe_to_invoice_hours(self):
        groups = self.env["account.analytic.line"]._read_group(
            [("project_id", "in", self.ids), *self.env["account.analytic.line"]._oe_to_invoice_domain()],
            ["project_id"],
            ["unit_amount:sum"],
        )
        hours = {project.id: total for project, total in groups}
        for project in self:
            project.oe_to_invoice_hours = hours.get(project.id, 0.0)

    def _search_oe_to_invoice_hours(self, operator, value):
        if operator not in (">", "!=") or value not in (0, 0.0, False):
            return NotImplemented
        lines = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [("project_id.oe_is_mission", "=", True), *self.env["account.analytic.line"]._oe_to_invoice_domain()],
                ["project_id"],
            )
        )
        return [("id", "in", [project.id for (project,) in lines])]

    # ------------------------------------------------------------------ company of a mission

    @api.model
    def _oe_mission_company(self, partner, pole):
        """The CAE serving ``pole`` in the ETD of the client's département (or an empty recordset)."""
        department = partner.commercial_partner_id.country_department_id or partner.country_department_id
        if not department or not pole:
            return self.env["res.company"]
        return (
            self.env["res.company"]
            .sudo()
            .search(
                [
                    ("oe_role", "=", "cae"),
                    ("oe_pole_ids", "in", pole.ids),
                    ("oe_etd_id.department_id", "=", department.id),
                    ("oe_etd_id.state", "=", "active"),
                ],
                limit=1,
            )
        )

    @api.onchange("partner_id", "oe_pole_id")
    def _onchange_oe_mission_company(self):
        if self.oe_is_mission and not self.oe_company_forced and self.partner_id and self.oe_pole_id:
            company = self._oe_mission_company(self.partner_id, self.oe_pole_id)
            if company:
                self.company_id = company

    @api.constrains("oe_is_mission", "oe_pole_id", "partner_id", "company_id", "oe_company_forced")
    def _check_oe_mission(self):
        # The same answer whoever saves: the exception is the mission's own data (oe_company_forced).
        for mission in self.filtered("oe_is_mission"):
            if not mission.oe_pole_id or not mission.partner_id:
                raise ValidationError(_("A mission needs a pole and a client."))
            if mission.oe_company_forced:
                continue  # placed by a network administrator
            expected = self._oe_mission_company(mission.partner_id, mission.oe_pole_id)
            if expected == mission.company_id:
                continue
            if not expected:
                raise ValidationError(
                    _(
                        "No CAE serves the pole %(pole)s in the département of %(client)s: "
                        "check the client's address, or ask a network administrator.",
                        pole=mission.oe_pole_id.name,
                        client=mission.partner_id.display_name,
                    )
                )
            raise ValidationError(
                _(
                    "The mission for %(client)s in the pole %(pole)s belongs to %(company)s; only a network "
                    "administrator may place it in another company.",
                    client=mission.partner_id.display_name,
                    pole=mission.oe_pole_id.name,
                    company=expected.name,
                )
            )

    # ------------------------------------------------------------------ CRUD

    @api.model
    def _oe_check_company_forced(self):
        """Only a network administrator (or the code, under sudo) places a mission outside the rule."""
        if not (self.env.su or self.env.user.has_group("oe_etd.group_network_admin")):
            raise AccessError(
                _(
                    "Only a network administrator chooses the company of a mission outside the rule "
                    "(the CAE serving the pole in the client's département)."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        default_forced = self.env.context.get("default_oe_company_forced")
        if any(vals.get("oe_company_forced", default_forced) for vals in vals_list):
            self._oe_check_company_forced()
        for vals in vals_list:
            if vals.get("oe_is_mission"):
                vals.setdefault("privacy_visibility", "followers")
                vals.setdefault("allow_timesheets", True)
                if not vals.get("company_id") and vals.get("partner_id") and vals.get("oe_pole_id"):
                    company = self._oe_mission_company(
                        self.env["res.partner"].browse(vals["partner_id"]),
                        self.env["oe.pole"].browse(vals["oe_pole_id"]),
                    )
                    if company:
                        vals["company_id"] = company.id
        missions = super().create(vals_list)
        missions.filtered("oe_is_mission")._oe_follow_lead()
        return missions

    def write(self, vals):
        if "oe_company_forced" in vals and self.filtered(
            lambda project: project.oe_company_forced != bool(vals["oe_company_forced"])
        ):
            self._oe_check_company_forced()
        res = super().write(vals)
        if "oe_lead_employee_id" in vals:
            self.filtered("oe_is_mission")._oe_follow_lead()
        if "oe_state" in vals:
            # A closed mission no longer needs its CAE opened to the entrepreneurs of other CAEs.
            self.sudo().oe_assignment_ids.user_id._oe_sync_mission_companies()
        return res

    @api.constrains("name", "oe_is_mission")
    def _check_oe_mission_name(self):
        if any(mission.oe_is_mission and not (mission.name or "").strip() for mission in self):
            raise ValidationError(_("Give the mission a name."))

    def _oe_follow_lead(self):
        for mission in self.filtered("oe_lead_employee_id.user_id"):
            mission.message_subscribe(partner_ids=mission.oe_lead_employee_id.user_id.partner_id.ids)

    # ------------------------------------------------------------------ actions

    def action_oe_start(self):
        self.write({"oe_state": "in_progress"})

    def action_oe_done(self):
        self.write({"oe_state": "done"})

    def action_oe_cancel(self):
        self.write({"oe_state": "cancelled"})

    def action_oe_reset(self):
        self.write({"oe_state": "draft"})

    # ------------------------------------------------------------------ invoicing

    def oe_invoice_timesheets(self, date_from, date_to):
        """Invoice the validated, not yet invoiced hours of these missions between two dates.

        One draft customer invoice per client and mission, one line per assignment (entrepreneur x
        function), at the assignment's rate, with the pole's service product and its tax, and an
        analytic distribution on the entrepreneur's account and the pole's. The timesheet lines are
        linked to their invoice line. Returns the invoices created.
        """
        missions = self.filtered("oe_is_mission")
        missions.check_access("read")
        # Accountants need not read timesheets and employees: read them for the missions they may read.
        Line_sudo = self.env["account.analytic.line"].sudo()
        lines = Line_sudo.search(
            [("project_id", "in", missions.ids), *Line_sudo._oe_to_invoice_domain(date_from, date_to)]
        )
        if not lines:
            raise UserError(_("There are no validated hours to invoice for these missions in this period."))
        # Two invoicings of the same hours at once: the second waits here for the first, then fails to
        # serialise (and Odoo retries it, finding the hours invoiced). Nothing is invoiced twice.
        self.env.cr.execute(
            SQL("SELECT id FROM account_analytic_line WHERE id IN %s FOR NO KEY UPDATE", tuple(lines.ids))
        )
        by_mission = {
            mission: mission_lines.grouped("oe_assignment_id")
            for mission, mission_lines in lines.grouped("project_id").items()
        }
        invoices = self.env["account.move"].create(
            [
                mission._oe_prepare_invoice_vals(by_assignment, date_from, date_to)
                for mission, by_assignment in by_mission.items()
            ]
        )
        # Link every timesheet line to the invoice line of its invoice (one per mission) and assignment,
        # which each prepared line carries: never by position.
        invoice_lines = {(line.move_id, line.oe_assignment_id): line for line in invoices.invoice_line_ids}
        for invoice in invoices:
            for assignment, timesheets in by_mission[invoice.oe_mission_id].items():
                timesheets.sudo().oe_invoice_line_id = invoice_lines[invoice, assignment]
        return invoices

    def _oe_invoice_line_name(self, employee, function, date_from, date_to):
        """The label of an invoice line, in the language of the context (the client's)."""
        return _(
            "%(mission)s — %(employee)s, %(function)s (%(start)s to %(end)s)",
            mission=self.name,
            employee=employee.name,
            function=function.with_context(lang=self.env.lang).name,
            start=format_date(self.env, date_from),
            end=format_date(self.env, date_to),
        )

    def _oe_prepare_invoice_vals(self, by_assignment, date_from, date_to):
        self.ensure_one()
        pole = self.oe_pole_id
        product = pole.product_id
        company = self.company_id
        taxes = product.taxes_id.filtered(lambda t: t.company_id == company)
        lines = []
        for assignment, timesheets in by_assignment.items():
            distribution = {}
            employee_sudo = assignment.employee_id.sudo()
            es_account = employee_sudo.oe_analytic_account_id
            if es_account:
                distribution[str(es_account.id)] = 100
            if pole.analytic_account_id:
                distribution[str(pole.analytic_account_id.id)] = 100
            lines.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "name": self.with_context(lang=self.partner_id.lang or self.env.lang)._oe_invoice_line_name(
                            employee_sudo, assignment.function_id, date_from, date_to
                        ),
                        "quantity": sum(timesheets.mapped("unit_amount")),
                        "product_uom_id": product.uom_id.id,
                        "price_unit": assignment.hourly_rate,
                        "tax_ids": [Command.set(taxes.ids)],
                        "analytic_distribution": distribution,
                        "oe_assignment_id": assignment.id,
                    }
                )
            )
        return {
            "move_type": "out_invoice",
            "company_id": company.id,
            "partner_id": self.partner_id.id,
            "invoice_origin": self.name,
            "oe_mission_id": self.id,
            "invoice_line_ids": lines,
        }

    # ------------------------------------------------------------------ client portal

    @api.model
    def _oe_portal_domain(self, partner):
        """The missions a client (or a contact of a client company) may follow in the portal."""
        return [
            ("oe_is_mission", "=", True),
            ("oe_state", "in", ("in_progress", "done")),
            ("partner_id", "child_of", partner.commercial_partner_id.id),
        ]

    @api.model
    def _oe_portal_missions(self, partner, count=False):
        # Scoped sudo: clients are not followers of their missions; the domain is the access rule.
        Project_sudo = self.sudo()
        domain = self._oe_portal_domain(partner)
        return Project_sudo.search_count(domain) if count else Project_sudo.search(domain, order="id desc")

    def _oe_portal_details(self):
        """What a client sees of a mission: the entrepreneurs and the hours per month."""
        self.ensure_one()
        accepted = self.oe_assignment_ids.filtered(lambda a: a.state == "accepted")
        months = self.env["account.analytic.line"]._read_group(
            [("project_id", "=", self.id), ("oe_validated", "=", True)],
            ["date:month"],
            ["unit_amount:sum"],
            order="date:month",
        )
        return {
            "entrepreneurs": sorted(set(accepted.employee_id.mapped("name"))),
            "months": [{"month": month, "hours": hours} for month, hours in months],
            "total_hours": sum(hours for _month, hours in months),
        }
