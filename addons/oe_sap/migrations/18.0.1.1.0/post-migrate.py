from odoo import SUPERUSER_ID, api

# The VAT families corrected against art. 86 of annex III CGI (docs in data/oe_sap_activity_data.xml): the
# activities are noupdate data, so an installed database gets the correction here, unless its network
# administrators changed the family themselves.
CORRECTED = {
    "activity_animaux": ("normal", "intermediate"),
    "activity_assistance_administrative": ("normal", "intermediate"),
    "activity_coordination": ("intermediate", "normal"),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    changed = env["oe.sap.activity"]
    for xmlid, (old, new) in CORRECTED.items():
        activity = env.ref(f"oe_sap.{xmlid}", raise_if_not_found=False)
        if activity and activity.vat_family == old:
            activity.vat_family = new
            changed |= activity
    if changed:
        # The products of these activities take the tax of their new family in every SAP CAE.
        env["res.company"]._oe_setup_all_network_companies()
