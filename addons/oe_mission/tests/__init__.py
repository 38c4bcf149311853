from . import (
    test_cross_cae,
    test_faults,
    test_home_action,
    test_integrity,
    test_invoicing,
    test_invoicing_budget,
    test_mission,
    test_portal,
    test_report,
    test_revenue,
    test_tours,
)
