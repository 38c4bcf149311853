from . import controllers, models, wizard

# The demo loader extends the models above (see demo/oe_business_demo.xml).
from . import demo
