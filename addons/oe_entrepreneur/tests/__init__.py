from . import (
    test_access,
    test_dashboard,
    test_directory,
    test_entrepreneur,
    test_integrity,
    test_phases,
    test_tours,
    test_website,
)
