from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request


class OeActivityController(http.Controller):
    """Mon activité (docs/architecture.md, "Privacy"): the entrepreneur's own page, the staff's table of the
    entrepreneurs of their CAEs and each one's page. What a user may see is decided by the model
    (``hr.employee._oe_activity_employees``, ``_oe_activity_check_access``); anything else is not found."""

    @http.route("/oe/activity", type="http", auth="user", website=True, sitemap=False)
    def activity(self, **kwargs):
        Employee = request.env["hr.employee"]
        employees = Employee._oe_activity_employees()
        mine = employees.filtered(lambda e: e.sudo().user_id == request.env.user)
        staff = employees - mine if Employee._oe_activity_staff_companies() else Employee
        values = {
            "page": mine._oe_activity_page() if mine else None,
            "table": staff._oe_activity_table() if staff else None,
            "is_staff": bool(Employee._oe_activity_staff_companies()),
            "own_documents": True,
        }
        return request.render("oe_business.activity_page", values)

    def _employee_or_404(self, employee_id):
        employee = request.env["hr.employee"].browse(employee_id)
        try:
            if not employee.sudo().exists():
                raise NotFound()
            employee._oe_activity_check_access()
        except AccessError as error:
            raise NotFound() from error
        return employee

    @http.route("/oe/activity/<int:employee_id>", type="http", auth="user", website=True, sitemap=False)
    def activity_employee(self, employee_id, **kwargs):
        employee = self._employee_or_404(employee_id)
        values = {
            "page": employee._oe_activity_page(),
            "table": None,
            "is_staff": bool(request.env["hr.employee"]._oe_activity_staff_companies()),
            "own_documents": employee.sudo().user_id == request.env.user,
        }
        return request.render("oe_business.activity_page", values)

    def _own_document(self, model, record_id):
        """A client document or quote of the logged-in entrepreneur (sudo), else not found."""
        Employee = request.env["hr.employee"]
        mine = Employee._oe_activity_employees().filtered(lambda e: e.sudo().user_id == request.env.user)
        record_sudo = mine._oe_activity_document_allowed(model, record_id) if mine else None
        if not record_sudo:
            raise NotFound()
        return record_sudo

    def _render_report(self, report_ref, record_sudo):
        # Read-only: the printed document as HTML, rendered under the scoped sudo of the checked record.
        html = request.env["ir.actions.report"].sudo()._render_qweb_html(report_ref, record_sudo.ids)[0]
        return request.make_response(html, headers=[("Content-Type", "text/html; charset=utf-8")])

    @http.route("/oe/activity/invoice/<int:move_id>", type="http", auth="user", website=True, sitemap=False)
    def activity_invoice(self, move_id, **kwargs):
        return self._render_report("account.account_invoices", self._own_document("account.move", move_id))

    @http.route("/oe/activity/quote/<int:order_id>", type="http", auth="user", website=True, sitemap=False)
    def activity_quote(self, order_id, **kwargs):
        return self._render_report("sale.action_report_saleorder", self._own_document("sale.order", order_id))
