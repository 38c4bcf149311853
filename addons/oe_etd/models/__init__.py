from . import oe_etd, oe_pole, res_company
