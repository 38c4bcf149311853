from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request


class OeEntrepreneurController(http.Controller):
    @http.route("/oe/dashboard", type="http", auth="user", website=True, sitemap=False)
    def dashboard(self, **kwargs):
        data = request.env["oe.entrepreneur.dashboard"]._get_data()
        return request.render("oe_entrepreneur.dashboard_page", {"data": data})

    # ------------------------------------------------------------------ public directory

    @staticmethod
    def _int_arg(value):
        return int(value) if value and str(value).isdigit() else None

    @http.route("/entrepreneurs", type="http", auth="public", website=True, sitemap=True)
    def directory(self, pole=None, function=None, etd=None, **kwargs):
        Partner = request.env["res.partner"]
        filters = {"pole": self._int_arg(pole), "function": self._int_arg(function), "etd": self._int_arg(etd)}
        people = Partner._oe_directory_search(**filters)
        values = {
            "cards": [person._oe_directory_card() for person in people],
            "filters": filters,
            "poles": request.env["oe.pole"].sudo().search([]),
            "functions": request.env["oe.function"].sudo().search([]),
            "etds": request.env["oe.etd"].sudo().search([("state", "=", "active")]),
        }
        return request.render("oe_entrepreneur.directory_page", values)

    def _listed_person(self, partner_id):
        people = request.env["res.partner"]._oe_directory_search()
        person = people.filtered(lambda p: p.id == partner_id)
        if not person:
            raise NotFound()
        return person

    @http.route("/entrepreneurs/<string:slug>", type="http", auth="public", website=True, sitemap=False)
    def directory_profile(self, slug, **kwargs):
        _name, partner_id = request.env["ir.http"]._unslug(slug)
        person = self._listed_person(partner_id)
        return request.render("oe_entrepreneur.directory_profile_page", {"card": person._oe_directory_card()})

    @http.route("/entrepreneurs/photo/<int:partner_id>", type="http", auth="public", website=True, sitemap=False)
    def directory_photo(self, partner_id, **kwargs):
        person_sudo = self._listed_person(partner_id)
        if not person_sudo.oe_public_show_photo or not person_sudo.image_128:
            raise NotFound()
        stream = request.env["ir.binary"]._get_image_stream_from(person_sudo, "image_256")
        return stream.get_response()
