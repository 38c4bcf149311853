from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

# docs/architecture.md, "Expenses and mileage": the vehicle an entrepreneur drives for their business; the Urssaf
# asks for its fiscal horsepower and its plate with every mileage allowance.
VEHICLE_FIELDS = ("oe_vehicle_type", "oe_vehicle_horsepower", "oe_vehicle_plate")


class HrEmployee(models.Model):
    _inherit = "hr.employee"  # pylint: disable=consider-merging-classes-inherited

    oe_vehicle_type = fields.Selection(
        [("car", "Car"), ("motorbike", "Motorbike")],
        string="Vehicle type",
        default="car",
        groups="hr.group_hr_user",
        tracking=True,
    )
    oe_vehicle_horsepower = fields.Integer(
        string="Fiscal horsepower",
        groups="hr.group_hr_user",
        tracking=True,
        help="Fiscal horsepower (CV) of the vehicle used for business trips, as on its registration (P.6).",
    )
    oe_vehicle_plate = fields.Char(string="Vehicle plate", groups="hr.group_hr_user", tracking=True)

    @api.constrains(*VEHICLE_FIELDS)
    def _check_oe_vehicle(self):
        for employee in self:
            if employee.oe_vehicle_horsepower < 0 or employee.oe_vehicle_horsepower > 100:
                raise ValidationError(_("The fiscal horsepower of a vehicle is between 1 and 100."))
            if employee.oe_vehicle_horsepower and not (employee.oe_vehicle_plate or "").strip():
                raise ValidationError(_("A vehicle used for mileage expenses needs its plate."))


class ResUsers(models.Model):
    """The entrepreneur enters their own vehicle in their preferences: these fields are written on their employee
    record of the current company under sudo, whatever the setting that lets employees edit their HR data (only
    these three fields; another user's are refused by res.users' access rights)."""

    _inherit = "res.users"

    oe_vehicle_type = fields.Selection(
        [("car", "Car"), ("motorbike", "Motorbike")],
        string="Vehicle type",
        compute="_compute_oe_vehicle",
        inverse="_inverse_oe_vehicle",
    )
    oe_vehicle_horsepower = fields.Integer(
        string="Fiscal horsepower", compute="_compute_oe_vehicle", inverse="_inverse_oe_vehicle"
    )
    oe_vehicle_plate = fields.Char(string="Vehicle plate", compute="_compute_oe_vehicle", inverse="_inverse_oe_vehicle")

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + list(VEHICLE_FIELDS)

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + list(VEHICLE_FIELDS)

    @api.depends("employee_id")
    def _compute_oe_vehicle(self):
        for user in self:
            employee_sudo = user.employee_id.sudo()
            for fname in VEHICLE_FIELDS:
                user[fname] = employee_sudo[fname]

    def _inverse_oe_vehicle(self):
        for user in self:
            if not user.employee_id:
                raise UserError(_("%(user)s has no employee record in this company.", user=user.name))
            user.employee_id.sudo().write({fname: user[fname] for fname in VEHICLE_FIELDS})
