from . import (
    account_analytic_line,
    account_move,
    hr_employee,
    oe_contribution_line,
    oe_contribution_rate,
    oe_etd,
    oe_redevance_rate,
    oe_redevance_statement,
    oe_redevance_statement_line,
    res_company,
)
