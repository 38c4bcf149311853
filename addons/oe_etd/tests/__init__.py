from . import test_company, test_etd, test_security, test_setup_wizard
