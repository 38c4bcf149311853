from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .integrity import check_not_typed, fields_of_create

MAX_HOURS_PER_DAY = 24.0
# Decisions on hours: written only by the actions that take them (validation, invoicing, release), under a
# scoped sudo after their own checks (docs/architecture.md, "Integrity") — never from the values of a user.
DECISION_FIELDS = {"oe_validated", "oe_validated_by_id", "oe_validated_date", "oe_invoice_line_id"}
# What makes the amount of hours: frozen for everybody once they sit on an invoice.
INVOICED_FIELDS = {"unit_amount", "date", "employee_id", "project_id", "task_id", "oe_assignment_id", "company_id"}


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    oe_assignment_id = fields.Many2one(
        "oe.mission.assignment", string="Assignment", index="btree_not_null", ondelete="restrict"
    )
    oe_validated = fields.Boolean(string="Validated", readonly=True, copy=False)
    oe_validated_by_id = fields.Many2one("res.users", string="Validated by", readonly=True, copy=False)
    oe_validated_date = fields.Datetime(string="Validated on", readonly=True, copy=False)
    oe_invoice_line_id = fields.Many2one(
        "account.move.line",
        string="Invoice line",
        readonly=True,
        copy=False,
        ondelete="set null",
        index="btree_not_null",
    )
    oe_invoice_id = fields.Many2one(related="oe_invoice_line_id.move_id", string="Client invoice")
    oe_pole_id = fields.Many2one(related="project_id.oe_pole_id", store=True, string="Pole")

    @api.constrains("project_id", "employee_id", "oe_assignment_id", "unit_amount", "date")
    def _check_oe_mission_line(self):
        for line in self.filtered("project_id.oe_is_mission"):
            mission = line.project_id
            if line.unit_amount <= 0:
                raise ValidationError(_("Log a positive number of hours."))
            if line.date and line.date > fields.Date.context_today(line):
                raise ValidationError(_("Hours are logged once worked: %(date)s is in the future.", date=line.date))
            if mission.oe_state != "in_progress":
                raise ValidationError(
                    _("The mission %(mission)s is not under way: no hours can be logged on it.", mission=mission.name)
                )
            assignment = line.oe_assignment_id
            if (
                not assignment
                or assignment.state != "accepted"
                or assignment.project_id != mission
                or assignment.employee_id != line.employee_id
            ):
                raise ValidationError(
                    _(
                        "%(name)s has no accepted assignment on the mission %(mission)s.",
                        name=line.employee_id.name,
                        mission=mission.name,
                    )
                )
        self._check_oe_hours_per_day()

    def _check_oe_hours_per_day(self):
        """At most 24 hours a day per person, over all their lines and companies."""
        persons = self.sudo().employee_id.work_contact_id
        if not persons:
            return
        employees = self.env["hr.employee"].sudo().search([("work_contact_id", "in", persons.ids)])
        groups = (
            self.env["account.analytic.line"]
            .sudo()
            ._read_group(
                [("employee_id", "in", employees.ids), ("date", "in", list(set(self.mapped("date"))))],
                ["employee_id", "date:day"],
                ["unit_amount:sum"],
            )
        )
        per_person_day = {}
        for employee, day, hours in groups:
            key = (employee.work_contact_id, day)
            per_person_day[key] = per_person_day.get(key, 0.0) + hours
        for (person, day), hours in per_person_day.items():
            if hours > MAX_HOURS_PER_DAY:
                raise ValidationError(
                    _(
                        "%(name)s would have %(hours)s hours on %(date)s: a day has 24 hours.",
                        name=person.name,
                        hours=round(hours, 2),
                        date=day,
                    )
                )

    @api.model
    def _oe_check_decision_fields(self, fields_written):
        """Validation and invoicing are decisions of their own actions, not values a user may send."""
        check_not_typed(
            self.env,
            fields_written,
            DECISION_FIELDS,
            _("Hours are validated and invoiced by their own actions (Validate, Invoice the hours), never by hand."),
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._oe_check_decision_fields(fields_of_create(self.env, vals))
        # The assignment of the entrepreneur on the mission, when the line does not name it.
        Project_sudo = self.env["project.project"].sudo()
        mission_vals = [
            vals
            for vals in vals_list
            if vals.get("project_id") and Project_sudo.browse(vals["project_id"]).oe_is_mission
        ]
        needed_companies = Project_sudo.browse([vals["project_id"] for vals in mission_vals]).company_id
        # A line that names no employee (JSON-RPC, or a form without the column) is the user's: the employee of
        # their accepted assignment on the mission, as hr_timesheet would take the user's employee.
        unnamed = [vals for vals in mission_vals if not vals.get("employee_id")]
        if unnamed:
            mine = (
                self.env["oe.mission.assignment"]
                .sudo()
                .search(
                    [
                        ("project_id", "in", list({vals["project_id"] for vals in unnamed})),
                        ("user_id", "in", list({vals.get("user_id") or self.env.uid for vals in unnamed})),
                        ("state", "=", "accepted"),
                    ]
                )
            )
            by_user = {(a.project_id.id, a.user_id.id): a for a in mine}
            for vals in unnamed:
                assignment = by_user.get((vals["project_id"], vals.get("user_id") or self.env.uid))
                if assignment:
                    vals["employee_id"] = assignment.employee_id.id
        # One search for the accepted assignments of all the lines that do not name theirs.
        missing = [vals for vals in mission_vals if vals.get("employee_id") and not vals.get("oe_assignment_id")]
        if missing:
            assignments = (
                self.env["oe.mission.assignment"]
                .sudo()
                .search(
                    [
                        ("project_id", "in", list({vals["project_id"] for vals in missing})),
                        ("employee_id", "in", list({vals["employee_id"] for vals in missing})),
                        ("state", "=", "accepted"),
                    ]
                )
            )
            by_key = {(a.project_id.id, a.employee_id.id): a for a in assignments}
            for vals in missing:
                assignment = by_key.get((vals["project_id"], vals["employee_id"]))
                if assignment:
                    vals["oe_assignment_id"] = assignment.id
                    needed_companies |= assignment.employee_company_id
        # Cross-CAE work: hr_timesheet accepts only employees of the active companies and puts the line in
        # the mission's company; an entrepreneur logging from their home CAE alone gets both companies,
        # provided they may access them (accepting the assignment gave them the mission's CAE).
        allowed = self.env.companies
        extra = needed_companies - allowed
        if extra and extra <= self.env.user.company_ids:
            self = self.with_context(allowed_company_ids=(allowed | extra).ids)
        return super().create(vals_list)

    def write(self, vals):
        self._oe_check_decision_fields(vals)
        if not self.env.su:
            if INVOICED_FIELDS.intersection(vals) and self.filtered("oe_invoice_line_id"):
                raise UserError(self._oe_invoiced_message())
            locked = self.filtered("oe_validated")
            if locked and not self._oe_may_change_validated(locked):
                raise UserError(_("Validated hours can no longer be changed; ask a manager of the CAE."))
        return super().write(vals)

    @api.model
    @api.model
    def _oe_to_invoice_domain(self, date_from=None, date_to=None):
        """The hours still to invoice (one rule, for *Facturer les heures*, the missions' hours to invoice and
        their search): validated and linked to no invoice line; between two dates when given."""
        domain = [("oe_validated", "=", True), ("oe_invoice_line_id", "=", False)]
        if date_from:
            domain.append(("date", ">=", date_from))
        if date_to:
            domain.append(("date", "<=", date_to))
        return domain

    def _oe_invoiced_message(self):
        return _(
            "These hours are on an invoice: they can no longer be changed or deleted. "
            "A credit note of the invoice releases them first."
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_oe_locked(self):
        if self.filtered("oe_invoice_line_id"):
            raise UserError(self._oe_invoiced_message())
        locked = self.filtered("oe_validated")
        if locked and not self.env.su and not self._oe_may_change_validated(locked):
            raise UserError(_("Validated hours can no longer be changed; ask a manager of the CAE."))

    @api.model
    def _oe_may_change_validated(self, lines):
        """A Gérant of the mission's CAE changes validated hours, never his own."""
        user = self.env.user
        lines_sudo = lines.sudo()
        return (
            user.has_group("oe_etd.group_cae_manager")
            and lines_sudo.project_id.company_id <= user._oe_staff_companies()
            and not lines_sudo.filtered(lambda line: line.employee_id.user_id == user)
        )

    def action_oe_validate(self):
        """Validate mission hours: by the mission's lead, or a Gérant de CAE of the mission's CAE."""
        user = self.env.user
        is_manager_of = user.has_group("oe_etd.group_cae_manager") and user._oe_staff_companies()
        # Nobody validates their own hours, nor hours they logged for somebody else (a Gérant of the CAE may).
        if self.sudo().filtered(
            lambda line: line.employee_id.user_id == user
            or (line.create_uid == user and not (is_manager_of and line.project_id.company_id in is_manager_of))
        ):
            raise AccessError(_("Nobody validates their own hours: the mission lead or a manager of the CAE does."))
        for mission in self.sudo().project_id:
            is_lead = mission.oe_lead_employee_id.user_id == user
            is_manager = bool(is_manager_of) and mission.company_id in is_manager_of
            if not (is_lead or is_manager):
                raise AccessError(
                    _(
                        "Only the lead of the mission %(mission)s or a manager of its CAE can validate its hours.",
                        mission=mission.name,
                    )
                )
        if self.filtered(lambda line: not line.project_id.oe_is_mission):
            raise UserError(_("Only hours logged on missions are validated here."))
        # Checked above: write only the validation fields.
        self.sudo().filtered(lambda line: not line.oe_validated).write(
            {"oe_validated": True, "oe_validated_by_id": user.id, "oe_validated_date": fields.Datetime.now()}
        )
