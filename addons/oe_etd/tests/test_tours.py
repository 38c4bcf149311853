from odoo.tests import HttpCase, tagged

from .common import OeEtdCommon


@tagged("post_install", "-at_install")
class TestTours(HttpCase, OeEtdCommon):
    """The network administrator's work, in a browser, in French: the tours of ``static/tests/tours/``."""

    def test_network_admin_opens_an_etd(self):
        self.network_admin.lang = "fr_FR"
        self.start_tour("/odoo/action-oe_etd.oe_etd_action", "oe_etd_setup_tour", login="oe_network_admin")
        etd = self.env["oe.etd"].search([("code", "=", "56")])
        self.assertRecordValues(etd, [{"name": "Morbihan", "state": "active", "ready_to_invoice": True}])
        self.assertRecordValues(
            etd.company_ids,
            [{"name": "CAE SAMAD 56", "oe_cae_kind": "samad", "siret": "90135001700017", "city": "Lorient"}],
        )
        self.assertIn(etd.company_ids, self.network_admin.company_ids, "the administrator works in the new CAE")
