from . import oe_business_demo
