from . import oe_contribution_compute, oe_redevance_generate, oe_redevance_readjust
