from . import (
    hr_employee,
    hr_employee_public,
    hr_employee_skill,
    hr_skill,
    oe_entrepreneur_dashboard,
    oe_entrepreneur_phase,
    oe_entrepreneur_profile,
    oe_function,
    res_company,
    res_partner,
    res_users,
)
