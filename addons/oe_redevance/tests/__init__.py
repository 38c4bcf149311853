from . import test_rates
