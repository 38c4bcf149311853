from . import (
    hr_employee_activity,
    hr_employee_vehicle,
    hr_expense,
    oe_mileage_scale,
    project_project,
    sale_order,
)
