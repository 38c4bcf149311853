from . import oe_mission_invoice
