from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date, formatLang

from odoo.addons.oe_etd.tools.rounding import round_half_up, to_decimal

from . import economics
from .oe_entrepreneur_phase import PHASES
from .oe_entrepreneur_profile import check_economics

# The role of the company an ES works in, for each status (oe_etd's res.company.oe_role).
STATUS_COMPANY_ROLE = {"operational": "cae", "volunteer": "association", "conceptual": "sas"}
MAX_KEY_COMPETENCES = 5
STATUS_SELECTION = [
    ("operational", "Entrepreneur-salarié (CAE)"),
    ("volunteer", "Volunteer (association)"),
    ("conceptual", "Conceptual (SAS)"),
]
DEADLINE_WARNING_DAYS = 90
# The economics an entrepreneur chooses, each at least 0 and at most the bound given (None: no bound).
ECONOMICS_FIELDS = {
    "oe_hours_per_day": 24,
    "oe_hours_per_week": 7 * 24,
    "oe_hourly_rate": None,
    "oe_net_hourly_pay": None,
    "oe_running_costs": None,
    "oe_months_to_target": None,
    "oe_target_turnover": None,
}


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    oe_is_entrepreneur = fields.Boolean(string="Entrepreneur Social", tracking=True)
    oe_status = fields.Selection(
        STATUS_SELECTION,
        string="ES status",
        tracking=True,
        help="Operational: entrepreneur-salarié of a CAE. Volunteer: hosted by the association. "
        "Conceptual: creates value for the concept in the SAS.",
    )
    oe_function_ids = fields.Many2many("oe.function", string="Main functions")
    oe_key_skill_ids = fields.One2many(
        "hr.employee.skill",
        "employee_id",
        string="Key competences",
        domain=[("skill_type_id.oe_key_competence", "=", True)],
    )
    oe_key_skill_count = fields.Integer(string="Number of key competences", compute="_compute_oe_key_skill_count")
    oe_phase_ids = fields.One2many("oe.entrepreneur.phase", "employee_id", string="Career path")
    oe_current_phase = fields.Selection(
        PHASES,
        string="Current phase",
        compute="_compute_oe_current_phase",
        store=True,
        tracking=True,
        groups="hr.group_hr_user",
    )
    oe_associate_deadline = fields.Date(
        string="Associate deadline",
        compute="_compute_oe_associate_deadline",
        store=True,
        groups="hr.group_hr_user",
        help="Date by which the entrepreneur-salarié must become an associate of the CAE: start of the CESA "
        "+ 3 years - the time spent in CAPE (Code du travail, L7331-3).",
    )
    # Person-level: the analytic account of the work contact, shared by all employee records of the person.
    oe_analytic_account_id = fields.Many2one(
        related="work_contact_id.oe_analytic_account_id",
        string="Entrepreneur analytic account",
    )

    # Economics and sensitive data: HR officers and CAE managers (Gérant de CAE implies hr.group_hr_user).
    oe_profile_id = fields.Many2one(
        "oe.entrepreneur.profile",
        string="Reference profile",
        groups="hr.group_hr_user",
        tracking=True,
        help="Choosing a profile copies its economics on the entrepreneur; they stay editable.",
    )
    oe_hours_per_day = fields.Float(
        string="Hours per day",
        compute="_compute_oe_economics_from_profile",
        store=True,
        readonly=False,
        groups="hr.group_hr_user",
    )
    oe_hours_per_week = fields.Float(
        string="Hours per week chosen",
        compute="_compute_oe_economics_from_profile",
        store=True,
        readonly=False,
        groups="hr.group_hr_user",
    )
    oe_hours_per_month = fields.Float(
        string="Hours per month",
        compute="_compute_oe_hours_per_month",
        store=True,
        groups="hr.group_hr_user",
        help="Hours per week x 4.5.",
    )
    oe_hourly_rate = fields.Monetary(
        string="Hourly rate billed (excl. VAT)",
        compute="_compute_oe_economics_from_profile",
        store=True,
        readonly=False,
        groups="hr.group_hr_user",
    )
    oe_net_hourly_pay = fields.Monetary(
        string="Net hourly pay",
        compute="_compute_oe_economics_from_profile",
        store=True,
        readonly=False,
        groups="hr.group_hr_user",
        help="Paid leave (10 %) included.",
    )
    oe_running_costs = fields.Monetary(
        string="Monthly running costs",
        compute="_compute_oe_economics_from_profile",
        store=True,
        readonly=False,
        groups="hr.group_hr_user",
    )
    oe_months_to_target = fields.Integer(
        string="Months to reach the target",
        compute="_compute_oe_economics_from_profile",
        store=True,
        readonly=False,
        groups="hr.group_hr_user",
    )
    oe_target_turnover = fields.Monetary(
        string="Monthly turnover target (excl. VAT)",
        compute="_compute_oe_target_turnover",
        store=True,
        readonly=False,
        groups="hr.group_hr_user",
        help="By default hours per month x hourly rate.",
    )
    oe_break_even_turnover = fields.Monetary(
        string="Break-even monthly turnover",
        compute="_compute_oe_economics",
        groups="hr.group_hr_user",
        help="(Running costs + net income over 11 months x employer cost factor) / (1 - levies on turnover).",
    )
    oe_net_income_11 = fields.Monetary(
        string="Monthly net income (11 months)",
        compute="_compute_oe_economics",
        groups="hr.group_hr_user",
    )
    oe_net_income_12 = fields.Monetary(
        string="Monthly net income (12 months)",
        compute="_compute_oe_economics",
        groups="hr.group_hr_user",
    )
    oe_economics_warning = fields.Char(
        string="Economics warning",
        compute="_compute_oe_economics",
        groups="hr.group_hr_user",
        help="What prevents computing the break-even turnover (levy rates in force that make no sense).",
    )
    oe_is_senior_kept_active = fields.Boolean(
        string="45+ kept in activity",
        groups="hr.group_hr_user",
        help="Aged 45 or more and kept in activity: a figure the network reports.",
    )
    oe_social_situation = fields.Text(string="Social situation", groups="hr.group_hr_user")

    @api.depends("employee_skill_ids.skill_type_id.oe_key_competence")
    def _compute_oe_key_skill_count(self):
        for employee in self:
            employee.oe_key_skill_count = len(employee.oe_key_skill_ids)

    @api.depends("oe_phase_ids.phase", "oe_phase_ids.date_start")
    def _compute_oe_current_phase(self):
        for employee in self:
            last = employee.oe_phase_ids.sorted("date_start")[-1:]
            employee.oe_current_phase = last.phase

    @api.depends("oe_phase_ids.phase", "oe_phase_ids.date_start", "oe_phase_ids.date_end")
    def _compute_oe_associate_deadline(self):
        for employee in self:
            cesa = employee.oe_phase_ids.filtered(lambda p: p.phase == "cesa")[:1]
            if not cesa:
                employee.oe_associate_deadline = False
                continue
            cape_days = sum(p.duration_days for p in employee.oe_phase_ids if p.phase == "cape")
            employee.oe_associate_deadline = cesa.date_start + relativedelta(years=3) - relativedelta(days=cape_days)

    @api.depends("oe_profile_id")
    def _compute_oe_economics_from_profile(self):
        for employee in self.filtered("oe_profile_id"):
            employee.update(employee.oe_profile_id._prepare_employee_economics())

    @api.depends("oe_hours_per_week")
    def _compute_oe_hours_per_month(self):
        for employee in self:
            employee.oe_hours_per_month = float(economics.hours_per_month(employee.oe_hours_per_week))

    @api.depends("oe_hours_per_month", "oe_hourly_rate")
    def _compute_oe_target_turnover(self):
        for employee in self:
            employee.oe_target_turnover = float(
                round_half_up(economics.monthly_turnover(employee.oe_hours_per_month, employee.oe_hourly_rate))
            )

    @api.depends("oe_hours_per_month", "oe_net_hourly_pay", "oe_running_costs", "company_id.oe_employer_cost_factor")
    @api.depends_context("date")
    def _compute_oe_economics(self):
        date = self.env.context.get("date") or fields.Date.context_today(self)
        levy_rates = self._oe_levy_rates(date)  # one batch for all the records
        for employee in self:
            rates = levy_rates[employee.id]
            figures = economics.Economics(
                hours_per_week=to_decimal(employee.oe_hours_per_week),
                hourly_rate=to_decimal(employee.oe_hourly_rate),
                net_hourly_pay=to_decimal(employee.oe_net_hourly_pay),
                running_costs=to_decimal(employee.oe_running_costs),
                employer_cost_factor=to_decimal(employee.company_id.oe_employer_cost_factor),
                levy_rate=to_decimal(sum(rates.values())),
            )
            employee.oe_net_income_11 = float(figures.net_income_11_months)
            employee.oe_net_income_12 = float(figures.net_income_12_months)
            try:
                employee.oe_break_even_turnover = float(figures.break_even_turnover)
                employee.oe_economics_warning = False
            except economics.LevyRateError:
                # Rates refused today may come from old data: say what is wrong instead of failing the page.
                employee.oe_break_even_turnover = 0.0
                employee.oe_economics_warning = employee._oe_levy_rates_warning(rates, date)

    def _oe_levy_rates_warning(self, rates, date):
        """The French explanation of levy rates that leave no break-even turnover."""
        self.ensure_one()

        def percent(rate):
            return formatLang(self.env, 100.0 * rate, digits=2)

        return _(
            "The levies on turnover in force on %(date)s (contribution %(contribution)s %%, redevance "
            "%(redevance)s %%) add up to %(total)s %%: they must stay at least 0 %% and below 100 %%, so no "
            "break-even turnover exists. The CAE's manager must correct these rates.",
            date=format_date(self.env, date),
            contribution=percent(rates.get("contribution", 0.0)),
            redevance=percent(rates.get("redevance", 0.0)),
            total=percent(sum(rates.values())),
        )

    @api.constrains(*ECONOMICS_FIELDS)
    def _check_oe_economics(self):
        check_economics(self, ECONOMICS_FIELDS)

    @api.constrains("oe_function_ids")
    def _check_oe_functions_of_key_competences(self):
        self._oe_check_key_competences()

    @api.constrains("oe_is_entrepreneur", "oe_status", "company_id")
    def _check_oe_status(self):
        for employee in self.filtered("oe_is_entrepreneur"):
            if not employee.oe_status:
                raise ValidationError(_("Choose the status of the Entrepreneur Social %(name)s.", name=employee.name))
            expected = STATUS_COMPANY_ROLE[employee.oe_status]
            if employee.company_id.oe_role != expected:
                status = dict(self._fields["oe_status"]._description_selection(self.env))[employee.oe_status]
                raise ValidationError(
                    _(
                        "%(name)s cannot be %(status)s in %(company)s: that status belongs to a company "
                        "of the network of another kind.",
                        name=employee.name,
                        status=status,
                        company=employee.company_id.name,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        employees = super().create(vals_list)
        employees.filtered("oe_is_entrepreneur")._oe_ensure_analytic_accounts()
        return employees

    def write(self, vals):
        res = super().write(vals)
        if vals.get("oe_is_entrepreneur") or "work_contact_id" in vals or "user_id" in vals:
            self.filtered("oe_is_entrepreneur")._oe_ensure_analytic_accounts()
        return res

    # ------------------------------------------------------------------ business

    def _oe_ensure_analytic_accounts(self):
        """Give every person among these entrepreneurs their account in the plan Entrepreneurs."""
        persons = self.work_contact_id.filtered(lambda p: not p.oe_analytic_account_id)
        if not persons:
            return
        plan = self.env.ref("oe_entrepreneur.analytic_plan_entrepreneurs")
        # Managers need not have analytic rights: the account is created for them, without company.
        accounts_sudo = (
            self.env["account.analytic.account"]
            .sudo()
            .create([{"name": person.name, "plan_id": plan.id, "company_id": False} for person in persons])
        )
        for person, account_sudo in zip(persons.sudo(), accounts_sudo, strict=True):
            person.oe_analytic_account_id = account_sudo

    def _oe_check_key_competences(self):
        """One to five key competences, each tied to one of the entrepreneur's functions.

        Called whenever one side changes: a key competence added, a function removed, a skill type
        made key, a skill moved to another function or type.
        """
        for employee in self:
            key_skills = employee.employee_skill_ids.filtered("skill_type_id.oe_key_competence")
            if len(key_skills) > MAX_KEY_COMPETENCES:
                raise ValidationError(
                    _(
                        "%(name)s would have %(count)s key competences: an entrepreneur has %(max)s at most.",
                        name=employee.name,
                        count=len(key_skills),
                        max=MAX_KEY_COMPETENCES,
                    )
                )
            for employee_skill in key_skills:
                function = employee_skill.skill_id.oe_function_id
                if function and function not in employee.oe_function_ids:
                    raise ValidationError(
                        _(
                            "The key competence %(skill)s belongs to the function %(function)s, "
                            "which is not a function of %(name)s.",
                            skill=employee_skill.skill_id.name,
                            function=function.name,
                            name=employee.name,
                        )
                    )

    def _oe_levy_rates(self, date):
        """The levies on the turnover of these entrepreneurs in force on ``date``, as fractions.

        ``{employee id: {"contribution": CAE contribution rate, "redevance": network redevance rate}}``, one
        entry per record (new records of a form included, under their new id). Zero here: an addon that
        knows the rates overrides it, reading them for the whole batch at once (a fixed number of queries,
        whatever the number of records). The break-even turnover uses their sum.
        """
        return {employee.id: {"contribution": 0.0, "redevance": 0.0} for employee in self}

    @api.model
    def _cron_oe_associate_deadline_activities(self):
        """Remind the ETD's manager of associate deadlines within 90 days (once per entrepreneur)."""
        today = fields.Date.context_today(self)
        employees = self.search(
            [
                ("oe_is_entrepreneur", "=", True),
                ("oe_status", "=", "operational"),
                ("oe_associate_deadline", "!=", False),
                ("oe_associate_deadline", "<=", today + relativedelta(days=DEADLINE_WARNING_DAYS)),
                ("oe_current_phase", "=", "cesa"),
            ]
        )
        activity_type = self.env.ref("oe_entrepreneur.mail_activity_associate_deadline")
        already = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "hr.employee"),
                    ("res_id", "in", employees.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        for employee in employees.filtered(lambda e: e.id not in already):
            manager = employee.company_id.oe_etd_id.manager_user_id
            if not manager:
                continue
            employee.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=employee.oe_associate_deadline,
                user_id=manager.id,
                note=_(
                    "%(name)s must become an associate of %(company)s by %(date)s.",
                    name=employee.name,
                    company=employee.company_id.name,
                    date=employee.oe_associate_deadline,
                ),
            )
