from . import models, wizard

# isort: split
# The demo loader extends the models above (see demo/oe_redevance_demo.xml).
from . import demo
from .hooks import post_init_hook
