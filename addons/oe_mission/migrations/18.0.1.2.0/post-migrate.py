from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Missions placed outside the rule before the choice was stored (issue 10): their company was accepted
    because a network administrator saved them; it becomes the mission's own data, oe_company_forced."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    Project = env["project.project"].with_context(active_test=False)
    missions = Project.search([("oe_is_mission", "=", True), ("oe_pole_id", "!=", False), ("partner_id", "!=", False)])
    placed = missions.filtered(lambda m: Project._oe_mission_company(m.partner_id, m.oe_pole_id) != m.company_id)
    placed.with_context(tracking_disable=True).write({"oe_company_forced": True})
