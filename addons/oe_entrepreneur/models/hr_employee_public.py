from odoo import fields, models

from .hr_employee import STATUS_SELECTION


class HrEmployeePublic(models.Model):
    # What any employee may read of an Entrepreneur Social (hr.employee's docstring: mirror here).
    _inherit = "hr.employee.public"

    oe_is_entrepreneur = fields.Boolean(string="Entrepreneur Social", readonly=True)
    oe_status = fields.Selection(STATUS_SELECTION, string="ES status", readonly=True)
    oe_function_ids = fields.Many2many(related="employee_id.oe_function_ids", compute_sudo=True)
