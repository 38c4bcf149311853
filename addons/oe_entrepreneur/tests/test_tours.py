from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import OeEntrepreneurCommon


@tagged("post_install", "-at_install")
class TestTours(HttpCase, OeEntrepreneurCommon):
    """The public pages, in a browser, in French: the tours of ``static/tests/tours/``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        fr = cls.env.ref("base.lang_fr")
        # The network's website speaks French.
        cls.env["website"].search([]).write({"language_ids": [Command.link(fr.id)], "default_lang_id": fr.id})
        cls.tutor = cls._new_es(
            "Amélie Rousseau",
            user=cls._new_es_user("oe_es_tour_tutor", cls.samad, name="Amélie Rousseau"),
            functions=cls.f_tutor,
            oe_hourly_rate=27.5,
        )
        cls.developer = cls._new_es(
            "Bruno Lefèvre",
            company=cls.msg,
            user=cls._new_es_user("oe_es_tour_dev", cls.msg, name="Bruno Lefèvre"),
            functions=cls.env.ref("oe_entrepreneur.function_developer"),
            skills=cls.env.ref("oe_entrepreneur.skill_business_development"),
        )
        cls.hidden = cls._new_es(
            "Camille Discrète", user=cls._new_es_user("oe_es_tour_hidden", cls.samad, name="Camille Discrète")
        )
        public = {"oe_public_profile": True, "oe_public_show_functions": True, "oe_public_show_poles": True}
        cls.tutor.work_contact_id.write(
            dict(public, oe_public_presentation="J'aide les personnes à rester chez elles.")
        )
        cls.developer.work_contact_id.write(public)

    def test_visitor_filters_directory(self):
        self.start_tour("/entrepreneurs", "oe_entrepreneur_directory_tour")
        # The visitor changed nothing: the hidden person is still hidden.
        self.assertFalse(self.hidden.work_contact_id.oe_public_profile)
        self.assertNotIn(self.hidden.work_contact_id, self.env["res.partner"]._oe_directory_search())
