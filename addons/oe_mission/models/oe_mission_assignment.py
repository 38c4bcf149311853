from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class OeMissionAssignment(models.Model):
    """An Entrepreneur Social proposed for a mission, in one of their functions.

    The entrepreneur decides: they accept or decline the proposal ("en choisissant de prendre ou
    non, à charge, les missions proposées"); a manager may answer on their behalf, which is traced.
    """

    _name = "oe.mission.assignment"
    _description = "Assignment of an entrepreneur to a mission"
    _inherit = ["mail.thread"]
    _order = "project_id, id"

    project_id = fields.Many2one(
        "project.project",
        string="Mission",
        required=True,
        ondelete="cascade",
        index=True,
        domain=[("oe_is_mission", "=", True)],
    )
    company_id = fields.Many2one(related="project_id.company_id", store=True, string="Mission CAE")
    employee_id = fields.Many2one(
        "hr.employee",
        string="Entrepreneur",
        required=True,
        index=True,
        domain=[("oe_is_entrepreneur", "=", True), ("oe_status", "=", "operational")],
    )
    user_id = fields.Many2one(related="employee_id.user_id", store=True, string="User")
    employee_company_id = fields.Many2one(related="employee_id.company_id", store=True, string="Home CAE")
    function_id = fields.Many2one("oe.function", string="Function", required=True)
    hourly_rate = fields.Float(
        string="Hourly rate billed (excl. VAT)",
        compute="_compute_hourly_rate",
        store=True,
        readonly=False,
        digits="Product Price",
        groups="oe_etd.group_cae_manager,oe_etd.group_cae_accountant,hr.group_hr_user",
    )
    my_hourly_rate = fields.Float(
        string="My hourly rate (excl. VAT)",
        compute="_compute_my_hourly_rate",
        digits="Product Price",
        help="The rate billed for your work on this mission (the rates of the team are not shown).",
    )
    state = fields.Selection(
        [("proposed", "Proposed"), ("accepted", "Accepted"), ("declined", "Declined")],
        default="proposed",
        required=True,
        tracking=True,
    )
    is_cross_company = fields.Boolean(
        string="Cross-CAE",
        compute="_compute_is_cross_company",
        store=True,
        help="The entrepreneur's home CAE is not the mission's CAE.",
    )

    _sql_constraints = [
        (
            "assignment_uniq",
            "unique(project_id, employee_id, function_id)",
            "An entrepreneur has one assignment per mission and function.",
        ),
    ]

    @api.depends("employee_id")
    def _compute_hourly_rate(self):
        for assignment in self:
            assignment.hourly_rate = assignment.employee_id.sudo().oe_hourly_rate

    @api.depends_context("uid")
    def _compute_my_hourly_rate(self):
        for assignment in self:
            mine = assignment.user_id == self.env.user
            assignment.my_hourly_rate = assignment.sudo().hourly_rate if mine else 0.0

    @api.depends("company_id", "employee_company_id")
    def _compute_is_cross_company(self):
        for assignment in self:
            assignment.is_cross_company = assignment.company_id != assignment.employee_company_id

    @api.constrains("hourly_rate")
    def _check_hourly_rate(self):
        for assignment in self.sudo():
            if assignment.hourly_rate <= 0:
                raise ValidationError(
                    _(
                        "The hourly rate of %(name)s on %(mission)s must be more than zero.",
                        name=assignment.employee_id.name,
                        mission=assignment.project_id.name,
                    )
                )

    # ------------------------------------------------------------------ who may do what

    @api.model
    def _check_mission_company(self, missions):
        """A manager proposes entrepreneurs only on the missions of their own CAEs."""
        if self.env.su:
            return
        user = self.env.user
        staff_companies = user._oe_staff_companies()
        for mission_sudo in missions.sudo():
            if not mission_sudo.oe_is_mission or mission_sudo.company_id not in staff_companies:
                raise AccessError(
                    _(
                        "Only a manager of %(company)s proposes entrepreneurs on its mission %(mission)s.",
                        company=mission_sudo.company_id.name,
                        mission=mission_sudo.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        default_state = self.env.context.get("default_state", "proposed")
        if not self.env.su and any(vals.get("state", default_state) != "proposed" for vals in vals_list):
            raise AccessError(_("An assignment is accepted or declined by its own buttons, never by hand."))
        missions = self.env["project.project"].browse(
            [vals["project_id"] for vals in vals_list if vals.get("project_id")]
        )
        self._check_mission_company(missions)
        assignments = super().create(vals_list)
        assignments._check_hourly_rate()  # computed from the entrepreneur: checked at once, not at a later flush
        return assignments

    _LOCKED_WHEN_ANSWERED = {"project_id", "employee_id", "function_id"}

    def write(self, vals):
        if not self.env.su:
            if "state" in vals:
                raise AccessError(_("An assignment is accepted or declined by its own buttons, never by hand."))
            self._check_mission_company(self.project_id)
            if "project_id" in vals:
                self._check_mission_company(self.env["project.project"].browse(vals["project_id"]))
            if self._LOCKED_WHEN_ANSWERED.intersection(vals) and self.filtered(lambda a: a.state != "proposed"):
                raise UserError(
                    _("An answered proposal keeps its mission, entrepreneur and function: propose a new one instead.")
                )
            if "hourly_rate" in vals and self._invoiced_hours():
                raise UserError(
                    _("Hours of this assignment are invoiced: its rate no longer changes. Propose a new assignment.")
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_answered(self):
        if not self.env.su and self.filtered(lambda a: a.state == "accepted"):
            raise UserError(_("An accepted assignment cannot be deleted: close the mission instead."))

    def unlink(self):
        users = self.sudo().user_id
        res = super().unlink()
        users.sudo()._oe_sync_mission_companies()
        return res

    def _invoiced_hours(self):
        return (
            self.env["account.analytic.line"]
            .sudo()
            .search_count([("oe_assignment_id", "in", self.ids), ("oe_invoice_line_id", "!=", False)], limit=1)
        )

    @api.constrains("employee_id", "function_id")
    def _check_function(self):
        for assignment in self:
            if assignment.function_id not in assignment.employee_id.sudo().oe_function_ids:
                raise ValidationError(
                    _(
                        "%(function)s is not a function of %(name)s.",
                        function=assignment.function_id.name,
                        name=assignment.employee_id.name,
                    )
                )

    def _check_can_answer(self):
        """The entrepreneur answers; a Gérant de CAE of their home CAE may answer on their behalf."""
        user = self.env.user
        for assignment in self.sudo():
            if assignment.user_id == user:
                continue
            if (
                user.has_group("oe_etd.group_cae_manager")
                and assignment.employee_company_id in user._oe_staff_companies()
            ):
                continue
            raise AccessError(
                _("Only the entrepreneur, or a manager of their home CAE, can answer a proposal on their behalf.")
            )

    def _answer(self, state):
        self._check_can_answer()
        if self.filtered(lambda a: a.state != "proposed"):
            raise UserError(_("This proposal has already been answered."))
        for assignment_sudo in self.sudo():
            assignment_sudo.state = state
            if assignment_sudo.user_id != self.env.user:
                assignment_sudo.message_post(
                    body=_("Answered by %(user)s on behalf of the entrepreneur.", user=self.env.user.name)
                )
        if state == "accepted":
            self.sudo()._on_accept()

    def _on_accept(self):
        for assignment in self:
            # The entrepreneur follows the mission, and may work in its CAE (docs/architecture.md, "Cross-CAE work").
            assignment.project_id.message_subscribe(partner_ids=assignment.employee_id.work_contact_id.ids)
        self.user_id._oe_sync_mission_companies()

    def action_accept(self):
        self._answer("accepted")

    def action_decline(self):
        self._answer("declined")
