from . import oe_sale_send_back
