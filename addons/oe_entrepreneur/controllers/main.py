from odoo import http
from odoo.http import request


class OeEntrepreneurController(http.Controller):
    @http.route("/oe/dashboard", type="http", auth="user", website=True, sitemap=False)
    def dashboard(self, **kwargs):
        data = request.env["oe.entrepreneur.dashboard"]._get_data()
        return request.render("oe_entrepreneur.dashboard_page", {"data": data})
