# The mixin first: the models below inherit it.
from . import oe_name_mixin

# isort: split
from . import oe_etd, oe_pole, res_company, res_partner
