import subprocess

from odoo import Command, fields
from odoo.tests import tagged
from odoo.tools import html2plaintext

from .common import OeMissionCommon


@tagged("post_install", "-at_install")
class TestInvoiceReport(OeMissionCommon):
    """The printed invoice: mentions per kind of client, the hours table, Factur-X."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.samad35.write({"oe_legal_form": "SCOP SA à capital variable", "company_registry": "RCS Rennes 901 350 017"})
        cls.business = cls.env["res.partner"].create(
            {
                "name": "Boulangerie Test",
                "is_company": True,
                "oe_client_type": "business",
                "zip": "35000",
                "city": "Rennes",
                "country_id": cls.env.ref("base.fr").id,
            }
        )
        cls.business_mission = cls.env["project.project"].create(
            {
                "name": "Mission Boulangerie",
                "oe_is_mission": True,
                "partner_id": cls.business.id,
                "oe_pole_id": cls.pole_samad.id,
                "oe_lead_employee_id": cls.es_lead.id,
                "oe_state": "in_progress",
            }
        )
        cls._assign(cls.business_mission, cls.es_lead, cls.f_tutor, accept=True)
        lines = cls._log(cls.es_lead, cls.mission, "2026-02-03", 3)
        lines |= cls._log(cls.es_lead, cls.business_mission, "2026-02-04", 2)
        lines.with_user(cls.manager35).action_oe_validate()
        cls.invoices = (cls.mission | cls.business_mission).oe_invoice_timesheets(
            fields.Date.to_date("2026-02-01"), fields.Date.to_date("2026-02-28")
        )
        cls.invoices.write({"invoice_date": "2026-02-28"})
        cls.invoices.action_post()
        cls.private_invoice = cls.invoices.filtered(lambda m: m.partner_id == cls.client)
        cls.business_invoice = cls.invoices - cls.private_invoice

    def _render(self, invoice):
        html = (
            self.env["ir.actions.report"]
            .with_context(lang="fr_FR")
            ._render_qweb_html("account.report_invoice", invoice.ids)[0]
        )
        return html2plaintext(html.decode())

    def test_private_client_of_a_sap_pole(self):
        text = self._render(self.private_invoice)
        self.assertIn("Mission Rennes", text)
        self.assertRegex(text, r"Entrepreneur\(s\)-salarié\(s\)\s?:\*?\s*Lead Tutor")
        self.assertIn("Détail des heures", text)
        self.assertRegex(text, r"(?s)Détail des heures.*03/02/2026\s+Lead Tutor\s+Tuteur\s+3,00")
        self.assertIn("Mission Rennes — Lead Tutor, Tuteur (du 01/02/2026 au 28/02/2026)", text)
        self.assertIn("crédit d'impôt de 50 %", text)
        self.assertIn("SAP901350017", text)
        self.assertNotIn("40 €", text)
        self.assertIn("Coopérative d'Activités et d'Emplois", text)
        self.assertIn("SCOP SA à capital variable", text)
        self.assertIn("90135001700017", text)

    def test_pdf_names_the_seller_in_french(self):
        """The PDF itself (not only its HTML), read back with pdftotext: the seller's identity is in the body,
        before the invoice's number, and every word is French."""
        self.samad35.oe_share_capital = 15000
        content, kind = (
            self.env["ir.actions.report"]
            .with_context(lang="fr_FR", force_report_rendering=True)
            ._render_qweb_pdf("account.report_invoice", self.private_invoice.ids)
        )
        self.assertEqual(kind, "pdf")
        text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
        text = " ".join(text.split())
        seller = text.index(self.samad35.name)
        self.assertLess(seller, text.index(self.private_invoice.name), "the seller comes first")
        for expected in (
            "Coopérative d'Activités et d'Emplois",
            self.samad35.street,
            self.samad35.zip,
            "SCOP SA à capital variable",
            "capital social : 15 000,00 €",
            "SIRET : 90135001700017",
            "RCS Rennes 901 350 017",
            f"N° de TVA : {self.samad35.vat}",
            "Type d'opération : Prestation de services",
        ):
            self.assertIn(expected, text)
        for english in ("Service Delivery", "Operation Type", "Invoice Date", "Due Date", "Untaxed Amount"):
            self.assertNotIn(english, text)

    def test_business_client(self):
        text = self._render(self.business_invoice)
        self.assertIn("indemnité forfaitaire de 40 €", text)
        self.assertIn("10.0 %", text.replace("10,0", "10.0"))
        self.assertNotIn("crédit d'impôt", text)

    def test_no_sap_mention_without_declaration(self):
        # Posted while the CAE has no SAP declaration (a posted invoice prints what it was posted with).
        self.samad35.oe_sap_number = False
        self.private_invoice.button_draft()
        self.env.flush_all()  # two clicks, two requests
        self.private_invoice.action_post()
        self.assertNotIn("crédit d'impôt", self._render(self.private_invoice))

    def test_any_other_invoice_still_renders(self):
        other = (
            self.env["account.move"]
            .with_company(self.samad35)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.client.id,
                    "invoice_line_ids": [Command.create({"name": "Other", "quantity": 1, "price_unit": 10})],
                }
            )
        )
        text = self._render(other)
        self.assertNotIn("Détail des heures", text)
        self.assertIn("Coopérative d'Activités et d'Emplois", text)

    def test_sending_produces_the_facturx_xml(self):
        self.env["account.move.send"]._generate_and_send_invoices(self.private_invoice, sending_methods=["manual"])
        attachment = self.env["ir.attachment"].search(
            [
                ("res_model", "=", "account.move"),
                ("res_id", "=", self.private_invoice.id),
                ("name", "=", "factur-x.xml"),
            ]
        )
        self.assertEqual(len(attachment), 1)
        xml = attachment.raw.decode()
        self.assertIn("90135001700017", xml.replace(" ", ""))
        self.assertIn(self.private_invoice.name, xml)
