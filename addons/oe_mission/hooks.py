def post_init_hook(env):
    """The companies of the network that exist before this addon get what it sets up; the internal users that
    exist (the administrator, given the network administrators' group by oe_etd) get their role's home action."""
    env["res.company"]._oe_setup_all_network_companies()
    env["res.users"].with_context(active_test=False).search([("share", "=", False)])._oe_set_home_action()
