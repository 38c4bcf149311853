# demo: the demo loader (see demo/oe_business_demo.xml).
from . import controllers, demo, models, wizard
