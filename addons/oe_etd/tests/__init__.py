from . import test_company, test_etd, test_integrity, test_security, test_setup_wizard, test_tours
