from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.oe_etd.tools.rounding import to_decimal
from odoo.addons.oe_mission.models.integrity import TRUSTED, check_not_typed, fields_of_create, trusted

from ..tools import mileage as mileage_tool

# docs/architecture.md, "Expenses and mileage": an approved or posted mileage expense is in the books, its
# amount and position are kept; the others are priced again whenever the year of their entrepreneur changes.
MILEAGE_FROZEN_STATES = ("approved", "done")
MILEAGE_OPEN_STATES = ("draft", "reported", "submitted")
# What prices a mileage expense: frozen once it is approved.
MILEAGE_INPUTS = frozenset(
    {"quantity", "date", "employee_id", "product_id", "total_amount_currency", "total_amount", "price_unit"}
)
# docs/architecture.md, "Expenses and mileage": a report approved, posted or paid is in the books; its expenses are
# no longer changed, added or taken away, but through its buttons (reset to draft first).
SHEET_LOCKED_STATES = ("approve", "post", "done")
# What may still be written on an expense of such a report: the receipt that the chatter shows first.
LOCKED_EXPENSE_FREE_FIELDS = frozenset({"message_main_attachment_id"})
# The decisions of a report, written by its buttons only (``user_id`` is its approver).
SHEET_DECISION_FIELDS = frozenset({"state", "approval_state", "approval_date", "account_move_ids", "user_id"})


class HrExpense(models.Model):
    """An entrepreneur's expense, booked on their analytic account (plan Entrepreneurs) and, when tied to one of
    their missions, on the mission's; a mileage expense (product ``oe_business.product_mileage``, quantity in km)
    is priced by the barème kilométrique on the entrepreneur's cumulated km of the civil year."""

    _inherit = "hr.expense"

    oe_mission_id = fields.Many2one(
        "project.project",
        string="Mission",
        domain="[('oe_is_mission', '=', True), ('oe_assignment_ids', 'any', "
        "[('employee_id', '=', employee_id), ('state', '=', 'accepted')])]",
        help="The mission this expense was made for: it is booked on the mission's analytic account too.",
    )
    oe_is_mileage = fields.Boolean(string="Mileage", compute="_compute_oe_is_mileage")
    oe_vehicle_type = fields.Selection(
        [("car", "Car"), ("motorbike", "Motorbike")],
        string="Vehicle",
        compute="_compute_oe_vehicle",
        store=True,
        precompute=True,
    )
    oe_vehicle_horsepower = fields.Integer(
        string="Fiscal horsepower", compute="_compute_oe_vehicle", store=True, precompute=True
    )
    oe_vehicle_plate = fields.Char(string="Plate", compute="_compute_oe_vehicle", store=True, precompute=True)
    oe_mileage_km_before = fields.Float(
        string="Km before this trip",
        compute="_compute_oe_mileage_km_before",
        store=True,
        precompute=True,
        copy=False,
        digits=(16, 2),
        help="The entrepreneur's km of the civil year counted before this trip: the approved trips of the year "
        "first, then the others by date.",
    )

    @api.depends("product_id")
    def _compute_oe_is_mileage(self):
        product = self.env.ref("oe_business.product_mileage", raise_if_not_found=False)
        for expense in self:
            expense.oe_is_mileage = bool(product) and expense.product_id == product

    @api.depends("employee_id", "product_id")
    def _compute_oe_vehicle(self):
        # The vehicle is read as it is when the trip is entered: a later change of car prices the new trips only.
        for expense in self:
            if expense.state not in MILEAGE_OPEN_STATES:
                continue
            employee_sudo = expense.employee_id.sudo()
            mileage = expense.oe_is_mileage
            expense.oe_vehicle_type = (employee_sudo.oe_vehicle_type or "car") if mileage else False
            expense.oe_vehicle_horsepower = employee_sudo.oe_vehicle_horsepower if mileage else 0
            expense.oe_vehicle_plate = employee_sudo.oe_vehicle_plate if mileage else False

    # ``state`` is no dependency (it is not precomputed): its changes come from the report, which prices the year
    # again (hr.expense.sheet.write).
    @api.depends("date", "quantity", "employee_id", "product_id", "oe_vehicle_type")
    def _compute_oe_mileage_km_before(self):
        positions = self._oe_mileage_positions()
        for expense in self:
            if expense.state in MILEAGE_FROZEN_STATES:
                continue  # in the books: kept
            expense.oe_mileage_km_before = float(positions.get(expense, 0))

    @api.depends("oe_mileage_km_before", "oe_vehicle_horsepower", "oe_vehicle_type", "date")
    def _compute_total_amount_currency(self):  # pylint: disable=missing-return
        mileage = self.filtered("oe_is_mileage")
        super(HrExpense, self - mileage)._compute_total_amount_currency()
        for expense in mileage:
            if expense.state not in MILEAGE_OPEN_STATES:
                continue  # in the books: kept
            try:
                amount = expense._oe_mileage_amount()
            except UserError:
                amount = 0.0  # the constraint says what is missing when the expense is saved
            expense.total_amount_currency = amount

    @api.depends("employee_id", "oe_mission_id")
    def _compute_analytic_distribution(self):  # pylint: disable=missing-return
        # docs/architecture.md, "Expenses and mileage": the entrepreneur's account (plan Entrepreneurs), and the
        # mission's, each at 100 % of its own plan, as the invoicing of hours does.
        super()._compute_analytic_distribution()
        for expense in self:
            distribution = expense._oe_analytic_distribution()
            if distribution:
                expense.analytic_distribution = distribution

    @api.depends("oe_mileage_km_before")
    def _compute_price_unit(self):  # pylint: disable=missing-return
        # EXTEND 'hr_expense': the unit price of a mileage expense is its amount per km, also while it is submitted
        # (it is priced again when it is approved).
        mileage = self.filtered(lambda e: e.oe_is_mileage and e.state in MILEAGE_OPEN_STATES)
        super(HrExpense, self - mileage)._compute_price_unit()
        for expense in mileage:
            expense.price_unit = expense.total_amount / expense.quantity if expense.quantity else 0.0

    def _prepare_move_lines_vals(self):
        # EXTEND 'hr_expense': the journal item of a mileage expense carries its amount as priced, in one unit (km
        # × a unit price rounded to the cent would not give it); the label keeps the km and the vehicle.
        vals = super()._prepare_move_lines_vals()
        if self.oe_is_mileage:
            vals.update(
                quantity=1.0,
                price_unit=self.total_amount_currency,
                name=_(
                    "%(name)s: %(km)s km (%(horsepower)s CV, %(plate)s)",
                    name=vals["name"],
                    km=self.quantity,
                    horsepower=self.oe_vehicle_horsepower,
                    plate=self.oe_vehicle_plate or "",
                ),
            )
        return vals

    def _compute_from_product(self):  # pylint: disable=missing-return
        # EXTEND 'hr_expense': a mileage expense is entered as a quantity (km), in every company, whatever the
        # product's cost there (a company-dependent value).
        super()._compute_from_product()
        for expense in self.filtered("oe_is_mileage"):
            expense.product_has_cost = True

    def _needs_product_price_computation(self):
        # EXTEND 'hr_expense': the unit price of a mileage expense follows its amount, never the product's cost.
        return not self.oe_is_mileage and super()._needs_product_price_computation()

    @api.constrains("oe_mission_id", "employee_id")
    def _check_oe_mission(self):
        for expense in self.filtered("oe_mission_id"):
            mission_sudo = expense.oe_mission_id.sudo()
            accepted = mission_sudo.oe_assignment_ids.filtered(
                lambda a, e=expense: a.employee_id == e.employee_id and a.state == "accepted"
            )
            if not mission_sudo.oe_is_mission or not accepted:
                raise ValidationError(
                    _(
                        "%(employee)s does not work on the mission %(mission)s: an expense is tied only to a mission "
                        "of its entrepreneur.",
                        employee=expense.employee_id.name,
                        mission=mission_sudo.display_name,
                    )
                )

    @api.constrains("product_id", "currency_id", "company_id")
    def _check_oe_mileage_currency(self):
        # The barème is in the company's currency (euros): a trip in another currency would be booked at nothing.
        for expense in self.filtered(lambda e: e.oe_is_mileage and e.currency_id != e.company_currency_id):
            raise ValidationError(
                _(
                    "The mileage expense %(name)s is priced by the barème in %(currency)s, the currency of its "
                    "company: it cannot be entered in another currency.",
                    name=expense.name,
                    currency=expense.company_currency_id.name,
                )
            )

    @api.constrains("product_id", "quantity", "date", "employee_id", "oe_vehicle_horsepower")
    def _check_oe_mileage(self):
        for expense in self.filtered(lambda e: e.oe_is_mileage and e.state in MILEAGE_OPEN_STATES):
            if expense.quantity <= 0:
                raise ValidationError(_("A mileage expense needs a distance in km greater than 0."))
            expense._oe_mileage_amount()  # a UserError says what is missing (vehicle, scale of the year)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_not_typed(
                self.env,
                {"oe_mileage_km_before", "oe_vehicle_type", "oe_vehicle_horsepower", "oe_vehicle_plate"} & set(vals),
                {"oe_mileage_km_before", "oe_vehicle_type", "oe_vehicle_horsepower", "oe_vehicle_plate"},
                _("The vehicle and position of a mileage expense come from its entrepreneur and its date."),
            )
            if vals.get("employee_id"):
                self._oe_check_employee_of_user(vals["employee_id"])
            self._oe_check_state_not_typed(fields_of_create(self.env, vals))
            sheet_id = vals.get("sheet_id", self.env.context.get("default_sheet_id"))
            self._oe_check_report_open(self.env["hr.expense.sheet"].browse(sheet_id or ()))
        expenses = super().create(vals_list)
        # A typed amount is replaced by the barème's, and the later trips of the year are priced again.
        expenses.filtered("oe_is_mileage")._oe_reprice_mileage()
        return expenses

    def write(self, vals):
        check_not_typed(
            self.env,
            set(vals),
            {"oe_mileage_km_before", "oe_vehicle_type", "oe_vehicle_horsepower", "oe_vehicle_plate"},
            _("The vehicle and position of a mileage expense come from its entrepreneur and its date."),
        )
        if vals.get("employee_id"):
            self._oe_check_employee_of_user(vals["employee_id"])
        self._oe_check_state_not_typed(vals)
        if set(vals) - LOCKED_EXPENSE_FREE_FIELDS:
            # their reports, and the one they join
            reports = self.sheet_id
            if vals.get("sheet_id"):
                reports |= self.env["hr.expense.sheet"].browse(vals["sheet_id"])
            self._oe_check_report_open(reports)
        mileage_product = self.env.ref("oe_business.product_mileage", raise_if_not_found=False)
        touches_mileage = self.filtered("oe_is_mileage") or (
            mileage_product and vals.get("product_id") == mileage_product.id
        )
        if touches_mileage and MILEAGE_INPUTS.intersection(vals):
            frozen = self.filtered(lambda e: e.oe_is_mileage and e.state not in MILEAGE_OPEN_STATES)
            if frozen and not trusted(self.env):
                raise UserError(
                    _(
                        "The mileage expense %(name)s is approved: its distance, date and amount are in the books. "
                        "Reset its report to draft first.",
                        name=frozen[0].name,
                    )
                )
            before = self._oe_mileage_groups()
        else:
            before = set()
        result = super().write(vals)
        if before or (touches_mileage and MILEAGE_INPUTS.intersection(vals)):
            # the groups the expenses left and the groups they joined are priced again
            self.filtered("oe_is_mileage")._oe_reprice_mileage(extra_groups=before)
        return result

    def unlink(self):
        groups = self.filtered("oe_is_mileage")._oe_mileage_groups()
        result = super().unlink()
        if groups:
            self.env["hr.expense"]._oe_reprice_mileage(extra_groups=groups)
        return result

    def _oe_check_state_not_typed(self, fields_written):
        """The status of an expense follows its report (docs/architecture.md, "Integrity"): never written."""
        if "state" in fields_written and not trusted(self.env):
            raise AccessError(
                _("The status of an expense follows its report: submit, approve, refuse or reset the report instead.")
            )

    @api.model
    def _oe_check_report_open(self, reports):
        """An expense of a report approved, posted or paid is in the books: it is not changed, and no expense joins
        or leaves such a report, but by the report's own buttons (docs/architecture.md, "Expenses and mileage")."""
        locked = reports.sudo().filtered(lambda sheet: sheet.state in SHEET_LOCKED_STATES)
        if locked and not trusted(self.env):
            raise UserError(
                _(
                    "The expense report %(report)s is approved: its expenses are in the books and are no longer "
                    "changed, added or taken away. Reset the report to draft first.",
                    report=locked[0].name,
                )
            )

    def _oe_check_employee_of_user(self, employee_id):
        """An expense moves to another employee only by an expense approver: an entrepreneur's expenses stay
        theirs (hr_expense's rules check who the expense belongs to before a change, not after)."""
        if self.env.su or self.env.user.has_group("hr_expense.group_hr_expense_team_approver"):
            return
        employee_sudo = self.env["hr.employee"].sudo().browse(employee_id)
        if employee_sudo.user_id != self.env.user:
            raise AccessError(_("You can only record your own expenses."))

    def _oe_analytic_distribution(self):
        """The analytic keys of an entrepreneur's expense: their account, and the mission's when it belongs to the
        expense's company (or to none); {} for others."""
        self.ensure_one()
        employee_sudo = self.employee_id.sudo()
        distribution = {}
        if employee_sudo.oe_analytic_account_id:
            distribution[str(employee_sudo.oe_analytic_account_id.id)] = 100
        # A mission of another CAE: its account belongs to that CAE, which the expense's books cannot use (the
        # expense still names the mission).
        mission_account = self.oe_mission_id.sudo().account_id.filtered_domain(
            self.env["account.analytic.account"]._check_company_domain(self.company_id)
        )
        if mission_account:
            distribution[str(mission_account.id)] = 100
        return distribution

    def _oe_mileage_group_key(self):
        self.ensure_one()
        return (self.employee_id.id, self.date.year if self.date else 0, self.oe_vehicle_type or "car")

    def _oe_mileage_groups(self):
        return {expense._oe_mileage_group_key() for expense in self if expense.employee_id}

    def _oe_mileage_siblings(self, groups):
        """The live (not refused) mileage expenses of ``groups`` {(employee id, year, vehicle type)}."""
        product = self.env.ref("oe_business.product_mileage", raise_if_not_found=False)
        groups = {group for group in groups if group[0] and group[1]}
        if not product or not groups:
            return self.env["hr.expense"]
        years = {year for _employee, year, _type in groups}
        candidates = (
            self.env["hr.expense"]
            .sudo()
            .search(
                [
                    ("product_id", "=", product.id),
                    ("employee_id", "in", list({employee for employee, _year, _type in groups})),
                    ("date", ">=", fields.Date.to_date(f"{min(years)}-01-01")),
                    ("date", "<=", fields.Date.to_date(f"{max(years)}-12-31")),
                    ("state", "!=", "refused"),
                ]
            )
        )
        return candidates.filtered(lambda e: e._oe_mileage_group_key() in groups)

    def _oe_mileage_positions(self):
        """{expense: Decimal km driven before it in its year}, for the open mileage expenses of ``self``.

        The rule (docs/architecture.md, "Expenses and mileage"): in a year of an entrepreneur (and vehicle type),
        the approved and posted trips come first, with their km; then the others, by date and then by order of
        entry (an expense being approved, ``oe_mileage_first_ids`` in the context, before the others). Refused
        and deleted trips count for nothing.
        """
        mileage = self.filtered(lambda e: e.oe_is_mileage and e.state in MILEAGE_OPEN_STATES and e.date)
        if not mileage:
            return {}
        first_ids = set(self.env.context.get("oe_mileage_first_ids") or ())
        siblings = self._oe_mileage_siblings(mileage._oe_mileage_groups())
        by_group = defaultdict(list)
        ids_here = {expense._origin.id for expense in mileage if expense._origin.id}
        for sibling in siblings:
            if sibling.id not in ids_here:
                by_group[sibling._oe_mileage_group_key()].append(sibling)
        for expense in mileage:
            by_group[expense._oe_mileage_group_key()].append(expense)
        positions = {}
        for expenses in by_group.values():
            frozen_km = sum(to_decimal(e.quantity) for e in expenses if e.state in MILEAGE_FROZEN_STATES)
            open_expenses = sorted(
                (e for e in expenses if e.state in MILEAGE_OPEN_STATES),
                key=lambda e: (e._origin.id not in first_ids, e.date, e._origin.id or float("inf")),
            )
            before = frozen_km
            for expense in open_expenses:
                positions[expense] = before
                before += to_decimal(expense.quantity)
        return positions

    def _oe_mileage_amount(self, scales=None):
        """The barème amount of this trip after ``oe_mileage_km_before`` km of its year (UserError when its
        vehicle or the year's scale is missing). ``scales``: a dict where the brackets read are kept, for many
        trips at once."""
        self.ensure_one()
        if not self.date:
            raise UserError(_("A mileage expense needs a date: the barème is the one of its year."))
        if self.oe_vehicle_horsepower <= 0:
            raise UserError(
                _(
                    "%(employee)s has no vehicle (fiscal horsepower and plate): fill them in on the employee "
                    "before entering a mileage expense.",
                    employee=self.employee_id.name,
                )
            )
        key = (self.date.year, self.oe_vehicle_type or "car", self.oe_vehicle_horsepower)
        scales = {} if scales is None else scales
        if key not in scales:
            scales[key] = self.env["oe.mileage.scale"]._oe_brackets(*key)
        brackets = scales[key]
        try:
            return float(mileage_tool.trip_amount(brackets, self.oe_mileage_km_before, self.quantity))
        except mileage_tool.MileageError as error:
            raise UserError(
                _("The mileage scale of %(year)s cannot price this trip: %(error)s.", year=self.date.year, error=error)
            ) from error

    def _oe_check_mileage_priced(self):
        """Each mileage expense of ``self`` that is not refused can be priced by the barème as it is now: its
        amount is never a silent 0 (docs/architecture.md, "Expenses and mileage"). Checked when the scale changes
        and when a report is submitted or approved; the amount's computation leaves 0 while a form is being filled
        in, and the constraints say what is missing when it is saved."""
        scales = {}
        # sudo: the Gérant who approves reads the entrepreneur's name, not her employee record
        for expense in self.sudo().filtered(lambda e: e.oe_is_mileage and e.state != "refused"):
            try:
                expense._oe_mileage_amount(scales)
            except UserError as error:
                raise UserError(
                    _(
                        "The mileage expense %(name)s of %(employee)s (%(date)s) cannot be priced: %(error)s",
                        name=expense.name,
                        employee=expense.employee_id.name,
                        date=expense.date,
                        error=error.args[0],
                    )
                ) from error

    def _oe_reprice_mileage(self, extra_groups=()):
        """Price again the open mileage expenses of the years of ``self`` (and ``extra_groups``)."""
        groups = self._oe_mileage_groups() | set(extra_groups)
        siblings = self._oe_mileage_siblings(groups).filtered(lambda e: e.state in MILEAGE_OPEN_STATES)
        if siblings:
            siblings.modified(["quantity"])
            siblings.flush_recordset()

    def _oe_check_mileage_leaving(self):
        """An approved mileage expense leaves the books (report refused or reset) only if no approved trip of its
        year comes after it: otherwise the later trips, priced on its km, would be wrong."""
        leaving = self.filtered(lambda e: e.oe_is_mileage and e.state in MILEAGE_FROZEN_STATES)
        if not leaving:
            return
        siblings = self._oe_mileage_siblings(leaving._oe_mileage_groups())
        for expense in leaving:
            later = siblings.filtered(
                lambda s, e=expense: s not in leaving
                and s.state in MILEAGE_FROZEN_STATES
                and s._oe_mileage_group_key() == e._oe_mileage_group_key()
                and s.oe_mileage_km_before > e.oe_mileage_km_before
            )
            if later:
                raise UserError(
                    _(
                        "The mileage expense %(name)s cannot leave the books while the later trip %(later)s of "
                        "the same year stays approved: refuse or reset the later one first.",
                        name=expense.name,
                        later=later[0].name,
                    )
                )


class HrExpenseSheet(models.Model):
    """An expense report: approved by a Gérant of the entrepreneur's CAE, never by its own entrepreneur; its
    decisions (status, approval, approver, journal entries) are written by its buttons only."""

    _inherit = "hr.expense.sheet"

    @api.model_create_multi
    def create(self, vals_list):
        values_list = []
        for vals in vals_list:
            typed = SHEET_DECISION_FIELDS.intersection(fields_of_create(self.env, vals))
            values = {name: vals[name] if name in vals else self.env.context[f"default_{name}"] for name in typed}
            self._oe_check_decisions_not_typed(values, new=True)
            values_list.append(values)
        sheets = super().create(vals_list)
        for sheet, values in zip(sheets, values_list, strict=True):
            if "user_id" in values:
                sheet._oe_check_approver(values["user_id"])
        return sheets

    def write(self, vals):
        # docs/architecture.md, "Integrity": the decisions of a report are written by its buttons only.
        self._oe_check_decisions_not_typed(vals)
        if "user_id" in vals:
            self._oe_check_approver(vals["user_id"])
        result = super().write(vals)
        if "approval_state" in vals or "account_move_ids" in vals:
            self.expense_line_ids.filtered("oe_is_mileage")._oe_reprice_mileage()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_oe_approved(self):
        # EXTEND 'hr_expense' (which keeps the posted and paid reports): an approved report is in the books too;
        # deleting it would free its expenses while its journal entry stays.
        approved = self.filtered(lambda sheet: sheet.state in SHEET_LOCKED_STATES)
        if approved:
            raise UserError(
                _(
                    "The expense report %(name)s is approved: reset it to draft before deleting it.",
                    name=approved[0].name,
                )
            )

    def _oe_check_decisions_not_typed(self, values, new=False):
        """Refuse (AccessError) a status, an approval (state, date) or journal entries that a user writes, under
        sudo too: only the report's buttons, marked ``TRUSTED``, write them. ``new``: a report is born undecided
        (hr_expense's *Create Report* sends the status ``draft``)."""
        if trusted(self.env):
            return
        typed = SHEET_DECISION_FIELDS.intersection(values) - {"user_id"}
        if new:
            typed = {name for name in typed if values[name] not in (False, None, "draft", [])}
        if typed:
            raise AccessError(_("An expense report is submitted, approved, refused or reset by its buttons only."))

    def _oe_check_approver(self, user_id):
        """Until a report is approved, its approver (``user_id``) is the expense manager of its employee, as
        hr_expense computes it (the form sends it back); the approval then records who approved. Nobody chooses
        it by hand (AccessError)."""
        if trusted(self.env):
            return
        for sheet in self.sudo():
            employee = sheet.employee_id
            expected = employee.expense_manager_id or employee.parent_id.user_id
            if sheet.state != "draft" or (user_id or False) != (expected.id or False):
                raise AccessError(
                    _(
                        "The approver of the expense report %(name)s is the expense manager of its employee, then "
                        "the Gérant who approves it: it is not chosen by hand.",
                        name=sheet.name,
                    )
                )

    def _oe_check_approved(self):
        """A report's journal entries are made and posted once a Gérant approved it (``approval_state``), never
        from its status alone."""
        not_approved = self.filtered(lambda sheet: sheet.approval_state != "approve")
        if not_approved:
            raise UserError(
                _(
                    "The expense report %(name)s is not approved: a Gérant of its CAE approves it before its journal "
                    "entry is made or posted.",
                    name=not_approved[0].name,
                )
            )

    def _check_can_approve(self):
        # EXTEND 'hr_expense': nobody approves their own expenses, administrators included.
        own = self.filtered(lambda sheet: sheet.employee_id.user_id == self.env.user)
        if own:
            raise UserError(_("%(name)s: you cannot approve or refuse your own expenses.", name=own[0].name))
        return super()._check_can_approve()

    def _check_can_refuse(self):
        own = self.filtered(lambda sheet: sheet.employee_id.user_id == self.env.user)
        if own:
            raise UserError(_("%(name)s: you cannot approve or refuse your own expenses.", name=own[0].name))
        return super()._check_can_refuse()

    def action_sheet_move_post(self):
        # EXTEND 'hr_expense': only an approved report is booked (its status alone proves nothing).
        self._oe_check_approved()
        return super().action_sheet_move_post()

    def _do_create_moves(self):
        # EXTEND 'hr_expense': the approval makes the entries (trusted) right before it records itself; any other
        # path needs an approved report.
        if not trusted(self.env):
            self._oe_check_approved()
        return super()._do_create_moves()

    def _do_submit(self):
        self.expense_line_ids._oe_check_mileage_priced()
        return super(HrExpenseSheet, self.with_context(oe_trusted=TRUSTED))._do_submit()

    def _do_approve(self):
        # The trips being approved are priced right after the approved ones of their year, before their journal
        # entries are made (docs/architecture.md, "Expenses and mileage"); a trip the barème cannot price is
        # refused, never booked at 0.
        self._check_can_approve()
        mileage = self.expense_line_ids.filtered("oe_is_mileage")
        if mileage:
            mileage.with_context(oe_mileage_first_ids=mileage.ids)._oe_reprice_mileage()
            mileage._oe_check_mileage_priced()
        return super(HrExpenseSheet, self.with_context(oe_trusted=TRUSTED))._do_approve()

    def _do_refuse(self, reason):
        self.expense_line_ids._oe_check_mileage_leaving()
        return super(HrExpenseSheet, self.with_context(oe_trusted=TRUSTED))._do_refuse(reason)

    def action_reset_expense_sheets(self):
        # checked before hr_expense reverses the journal entries; the button then unlinks them from the report
        self.expense_line_ids._oe_check_mileage_leaving()
        return super(HrExpenseSheet, self.with_context(oe_trusted=TRUSTED)).action_reset_expense_sheets()

    def _do_reset_approval(self):
        self.expense_line_ids._oe_check_mileage_leaving()
        return super(HrExpenseSheet, self.with_context(oe_trusted=TRUSTED))._do_reset_approval()
