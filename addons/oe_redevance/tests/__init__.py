from . import test_budget, test_contribution, test_rates, test_readjust, test_statements
