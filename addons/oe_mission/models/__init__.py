from . import (
    account_analytic_line,
    account_move,
    hr_employee,
    oe_mission_assignment,
    oe_pole,
    oe_revenue,
    project_project,
    res_company,
    res_partner,
    res_users,
)
