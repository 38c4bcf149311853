def post_init_hook(env):
    """The companies of the network that exist before this addon get what it sets up (CESU journal, payment
    method lines of the SAP CAEs). Demo data is loaded before this hook: the demo sets itself up."""
    env["res.company"]._oe_setup_all_network_companies()
