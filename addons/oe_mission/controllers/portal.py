from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class OeMissionPortal(CustomerPortal):
    """Clients follow their missions: state, entrepreneurs, hours per month."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "oe_mission_count" in counters:
            partner = request.env.user.partner_id
            values["oe_mission_count"] = request.env["project.project"]._oe_portal_missions(partner, count=True)
        return values

    @http.route("/my/missions", type="http", auth="user", website=True)
    def portal_my_missions(self, **kwargs):
        partner = request.env.user.partner_id
        missions_sudo = request.env["project.project"]._oe_portal_missions(partner)
        values = self._prepare_portal_layout_values()
        values.update({"missions": missions_sudo, "page_name": "oe_missions"})
        return request.render("oe_mission.portal_my_missions", values)

    @http.route("/my/missions/<int:mission_id>", type="http", auth="user", website=True)
    def portal_my_mission(self, mission_id, **kwargs):
        partner = request.env.user.partner_id
        mission_sudo = (
            request.env["project.project"]._oe_portal_missions(partner).filtered(lambda m: m.id == mission_id)
        )
        if not mission_sudo:
            raise NotFound()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "mission": mission_sudo,
                "details": mission_sudo._oe_portal_details(),
                "page_name": "oe_mission",
            }
        )
        return request.render("oe_mission.portal_my_mission", values)
