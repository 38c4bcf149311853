from . import (
    test_activity,
    test_expense,
    test_mileage,
    test_quote,
    test_quote_portal,
)
