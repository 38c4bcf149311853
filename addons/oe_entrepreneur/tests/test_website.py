from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestWebsiteBranding(HttpCase):
    """The website speaks for the company that runs it, never with Odoo's placeholders."""

    def test_header_and_footer_name_the_company(self):
        company = self.env["res.company"].create(
            {
                "name": "SAS Réseau Test",
                "phone": "+33 2 99 00 00 42",
                "email": "contact@reseau-test.example",
                "street": "1 rue du Test",
                "zip": "35000",
                "city": "Rennes",
            }
        )
        website = self.env.ref("website.default_website")
        website.company_id = company
        response = self.url_open("/")
        self.assertEqual(response.status_code, 200)
        text = response.text
        for expected in ("+33 2 99 00 00 42", "contact@reseau-test.example", "Copyright &copy; SAS Réseau Test"):
            self.assertIn(expected, text)
        self.assertIn("Coopératives d&#39;Activités et d&#39;Emplois", text.replace("'", "&#39;"))
        for placeholder in ("555-555-5556", "yourcompany.example.com", "disruptive", "passionn", "Company name"):
            self.assertNotIn(placeholder, text)
