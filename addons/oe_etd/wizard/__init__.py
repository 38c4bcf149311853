from . import oe_etd_setup
