from . import (
    test_budget,
    test_company_setup,
    test_contribution,
    test_faults,
    test_integrity,
    test_rates,
    test_readjust,
    test_statements,
)
