from . import test_access, test_entrepreneur, test_phases
