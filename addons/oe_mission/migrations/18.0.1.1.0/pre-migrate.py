def migrate(cr, version):
    """The staff's rule on clients left the noupdate data: let the update rewrite it (issue 9)."""
    cr.execute(
        "UPDATE ir_model_data SET noupdate = FALSE"
        " WHERE module = 'oe_mission' AND name = 'res_partner_rule_staff_clients'"
    )
