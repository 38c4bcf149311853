from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Each role lands where its work is: the internal users without a home action get their role's."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.users"].with_context(active_test=False).search([("share", "=", False)])._oe_set_home_action()
