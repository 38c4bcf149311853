from . import oe_entrepreneur_report
