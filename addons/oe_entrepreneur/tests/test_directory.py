import base64
import io

from markupsafe import escape
from PIL import Image

from odoo.tests import HttpCase, tagged

from .common import OeEntrepreneurCommon


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue())


@tagged("post_install", "-at_install")
class TestDirectory(HttpCase, OeEntrepreneurCommon):
    """The public directory, seen by an anonymous visitor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_pub = cls._new_es_user("oe_es_public", cls.samad, name="Listed Person")
        cls.user_priv = cls._new_es_user("oe_es_private", cls.msg, name="Hidden Person")
        cls.listed = cls._new_es(
            "Listed Person",
            user=cls.user_pub,
            oe_hourly_rate=27.5,
            oe_social_situation="SECRET-SITUATION",
        )
        cls.listed.work_contact_id.write(
            {
                "image_1920": _png(),
                "email": "listed.person@private.example",
                "phone": "+33 6 00 00 00 01",
                "oe_public_profile": True,
                "oe_public_presentation": "I help people stay at home.",
                "oe_public_show_photo": True,
                "oe_public_show_functions": True,
                "oe_public_show_poles": True,
            }
        )
        cls.hidden = cls._new_es(
            "Hidden Person",
            company=cls.msg,
            user=cls.user_priv,
            functions=cls.env.ref("oe_entrepreneur.function_developer"),
            skills=cls.env.ref("oe_entrepreneur.skill_business_development"),
        )
        cls.hidden.work_contact_id.image_1920 = _png()

    def test_only_opted_in_entrepreneurs_are_listed(self):
        response = self.url_open("/entrepreneurs")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Listed Person", response.text)
        self.assertNotIn("Hidden Person", response.text)

    def test_only_chosen_fields_are_shown(self):
        listed_slug = self.env["ir.http"]._slug(self.listed.work_contact_id)
        response = self.url_open(f"/entrepreneurs/{listed_slug}")
        self.assertEqual(response.status_code, 200)
        text = response.text
        self.assertIn("I help people stay at home.", text)
        fr = {"lang": "fr_FR"}
        self.assertIn(escape(self.f_tutor.with_context(**fr).name), text)  # functions: published
        self.assertIn(escape(self.pole_samad.with_context(**fr).name), text)  # poles: published
        skill = self.env.ref("oe_entrepreneur.skill_home_support").with_context(**fr)
        self.assertNotIn(escape(skill.name), text)  # competences: not chosen
        self.assertNotIn("27,50", text)  # rate: not chosen
        self.assertNotIn("27.50", text)
        for private in ("SECRET-SITUATION", "listed.person@private.example", "+33 6 00 00 00 01"):
            self.assertNotIn(private, text)
        # Publishing the rate shows it.
        self.listed.work_contact_id.oe_public_show_rates = True
        self.assertIn("27,50", self.url_open(f"/entrepreneurs/{listed_slug}").text.replace(".", ","))

    def test_filters_respect_what_is_published(self):
        pole, function = self.pole_samad.id, self.f_tutor.id
        self.assertIn("Listed Person", self.url_open(f"/entrepreneurs?pole={pole}").text)
        self.assertNotIn("Listed Person", self.url_open(f"/entrepreneurs?pole={self.pole_bati.id}").text)
        self.assertIn("Listed Person", self.url_open(f"/entrepreneurs?function={function}").text)
        self.assertIn("Listed Person", self.url_open(f"/entrepreneurs?etd={self.etd.id}").text)
        # Competences are not published: filtering by a function they did not publish finds nobody.
        self.listed.work_contact_id.oe_public_show_functions = False
        self.assertNotIn("Listed Person", self.url_open(f"/entrepreneurs?function={function}").text)

    def test_unlisted_entrepreneur_is_not_found(self):
        hidden = self.hidden.work_contact_id
        slug = self.env["ir.http"]._slug(hidden)
        self.assertEqual(self.url_open(f"/entrepreneurs/{slug}").status_code, 404)
        self.assertEqual(self.url_open(f"/entrepreneurs/photo/{hidden.id}").status_code, 404)
        # A client, or any other partner, is not there either.
        self.assertEqual(self.url_open(f"/entrepreneurs/photo/{self.env.company.partner_id.id}").status_code, 404)

    def test_photo_only_when_chosen(self):
        partner = self.listed.work_contact_id
        response = self.url_open(f"/entrepreneurs/photo/{partner.id}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("image/"))
        partner.oe_public_show_photo = False
        self.assertEqual(self.url_open(f"/entrepreneurs/photo/{partner.id}").status_code, 404)

    def test_entrepreneur_edits_own_public_fields(self):
        user = self.user_priv.with_user(self.user_priv)
        user.write({"oe_public_profile": True, "oe_public_presentation": "Now public"})
        self.assertTrue(self.hidden.work_contact_id.oe_public_profile)
        self.assertIn("Hidden Person", self.url_open("/entrepreneurs").text)
