from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class OeSapPortal(CustomerPortal):
    """Private clients download their tax attestations (their own only)."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "oe_sap_attestation_count" in counters:
            partner = request.env.user.partner_id
            values["oe_sap_attestation_count"] = request.env["oe.sap.attestation"]._oe_portal_attestations(
                partner, count=True
            )
        return values

    @http.route("/my/attestations", type="http", auth="user", website=True)
    def portal_my_attestations(self, **kwargs):
        partner = request.env.user.partner_id
        attestations_sudo = request.env["oe.sap.attestation"]._oe_portal_attestations(partner)
        values = self._prepare_portal_layout_values()
        values.update({"attestations": attestations_sudo, "page_name": "oe_sap_attestations"})
        return request.render("oe_sap.portal_my_attestations", values)

    @http.route("/my/attestations/<int:attestation_id>", type="http", auth="user", website=True)
    def portal_my_attestation(self, attestation_id, **kwargs):
        partner = request.env.user.partner_id
        attestation_sudo = (
            request.env["oe.sap.attestation"]
            ._oe_portal_attestations(partner)
            .filtered(lambda a: a.id == attestation_id)
        )
        if not attestation_sudo:
            raise NotFound()
        return self._show_report(
            model=attestation_sudo,
            report_type="pdf",
            report_ref="oe_sap.action_report_oe_sap_attestation",
            download=True,
        )
