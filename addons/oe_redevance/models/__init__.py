from . import hr_employee, oe_contribution_rate, oe_etd, oe_redevance_rate
