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

    @api.depends("company_id", "employee_company_id")
    def _compute_is_cross_company(self):
        for assignment in self:
            assignment.is_cross_company = assignment.company_id != assignment.employee_company_id

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
        """The entrepreneur answers; a Gérant de CAE of the mission may answer on their behalf."""
        user = self.env.user
        for assignment in self:
            if assignment.user_id == user:
                continue
            if user.has_group("oe_etd.group_cae_manager") and assignment.company_id in user.company_ids:
                continue
            raise AccessError(_("Only the entrepreneur, or a manager of the mission's CAE, can answer a proposal."))

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
            # The entrepreneur follows the mission, and may work in its CAE (architecture.md, cross-CAE work).
            user = assignment.user_id
            assignment.project_id.message_subscribe(partner_ids=assignment.employee_id.work_contact_id.ids)
            if user and assignment.company_id not in user.company_ids:
                user.company_ids = [fields.Command.link(assignment.company_id.id)]

    def action_accept(self):
        self._answer("accepted")

    def action_decline(self):
        self._answer("declined")
