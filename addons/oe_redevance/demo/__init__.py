from . import oe_redevance_demo
