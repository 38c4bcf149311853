from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

PHASES = [
    ("cape", "CAPE (support contract)"),
    ("cesa", "CESA (entrepreneur-salarié)"),
    ("associate", "Associate"),
    ("exit", "Exit"),
]
PHASE_RANK = {"cape": 0, "cesa": 1, "associate": 2, "exit": 3}
CAPE_MAX_MONTHS = 12
CAPE_MAX_TERMS = 3


class OeEntrepreneurPhase(models.Model):
    """One step of an operational entrepreneur's career path in their CAE.

    CAPE (contrat d'appui au projet d'entreprise) terms of at most 12 months, at most three in a
    row, then the CESA (contrat d'entrepreneur-salarié associé), then associate, and exit.
    """

    _name = "oe.entrepreneur.phase"
    _description = "Career phase of an Entrepreneur Social"
    _order = "employee_id, date_start, id"
    _check_company_auto = True

    employee_id = fields.Many2one(
        "hr.employee", string="Entrepreneur", required=True, ondelete="cascade", index=True, check_company=True
    )
    company_id = fields.Many2one(related="employee_id.company_id", store=True, index=True)
    phase = fields.Selection(PHASES, required=True)
    date_start = fields.Date(string="Start", required=True)
    date_end = fields.Date(string="End")
    duration_days = fields.Integer(string="Duration (days)", compute="_compute_duration_days")
    notes = fields.Text()

    @api.depends("date_start", "date_end")
    def _compute_duration_days(self):
        for phase in self:
            if phase.date_start and phase.date_end:
                phase.duration_days = (phase.date_end - phase.date_start).days + 1
            else:
                phase.duration_days = 0

    @api.constrains("employee_id", "phase", "date_start", "date_end")
    def _check_phase(self):
        for employee in self.employee_id:
            if employee.oe_status != "operational":
                raise ValidationError(
                    _("Only an entrepreneur-salarié of a CAE has a career path: %(name)s is not.", name=employee.name)
                )
            if not employee.oe_function_ids or not employee.oe_key_skill_ids:
                raise ValidationError(
                    _(
                        "Give %(name)s at least one function and one key competence before a phase starts.",
                        name=employee.name,
                    )
                )
            phases = employee.oe_phase_ids.sorted(lambda p: (p.date_start, p.id))
            previous = None
            for phase in phases:
                phase._check_own_dates()
                if previous:
                    if PHASE_RANK[phase.phase] < PHASE_RANK[previous.phase] or (
                        phase.phase == previous.phase and phase.phase != "cape"
                    ):
                        raise ValidationError(
                            _(
                                "The phases of %(name)s are out of order: %(phase)s cannot follow %(previous)s.",
                                name=employee.name,
                                phase=phase._phase_label(),
                                previous=previous._phase_label(),
                            )
                        )
                    if not previous.date_end or phase.date_start <= previous.date_end:
                        raise ValidationError(
                            _(
                                "The phase %(phase)s of %(name)s starts before the end of the previous one.",
                                phase=phase._phase_label(),
                                name=employee.name,
                            )
                        )
                previous = phase
            if len(phases.filtered(lambda p: p.phase == "cape")) > CAPE_MAX_TERMS:
                raise ValidationError(
                    _(
                        "A CAPE can be renewed twice: %(name)s cannot have more than %(max)s CAPE terms in a row.",
                        name=employee.name,
                        max=CAPE_MAX_TERMS,
                    )
                )

    def _check_own_dates(self):
        self.ensure_one()
        if self.date_end and self.date_end < self.date_start:
            raise ValidationError(_("A phase cannot end before it starts."))
        if self.phase == "cape":
            if not self.date_end:
                raise ValidationError(_("A CAPE term has an end date."))
            if self.date_end >= self.date_start + relativedelta(months=CAPE_MAX_MONTHS):
                raise ValidationError(
                    _(
                        "A CAPE term lasts %(months)s months at most (%(start)s to %(end)s is longer).",
                        months=CAPE_MAX_MONTHS,
                        start=self.date_start,
                        end=self.date_end,
                    )
                )

    def _phase_label(self):
        return dict(self._fields["phase"]._description_selection(self.env))[self.phase]
