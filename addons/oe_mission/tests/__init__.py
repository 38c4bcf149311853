from . import test_invoicing, test_mission, test_report
