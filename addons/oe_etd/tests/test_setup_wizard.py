from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import LEGAL_DATA, OeEtdCommon


@tagged("post_install", "-at_install")
class TestSetupWizard(OeEtdCommon):
    """The "New ETD" assistant: a form over ``create_etd`` that takes the legal data."""

    def _wizard(self, code):
        department = self.env["res.country.department"].search([("code", "=", code)])
        form = Form(self.env["oe.etd.setup"].with_user(self.network_admin).with_context(lang="fr_FR"))
        form.department_id = department
        return form

    def test_wizard_creates_a_ready_etd(self):
        form = self._wizard("2A")
        self.assertEqual(form.name, "Corse-du-Sud")
        self.assertEqual(len(form.line_ids), 2, "one line per kind of CAE by default")
        form.line_ids.remove(1)  # only the SAMAD CAE
        data = LEGAL_DATA["samad"]
        with form.line_ids.edit(0) as line:
            self.assertEqual(line.cae_kind, "samad")
            line.street = data["street"]
            line.zip = data["zip"]
            line.city = data["city"]
            line.siret = data["siret"]
            line.vat = data["vat"]
            line.email = data["email"]
            line.phone = data["phone"]
            line.iban = data["iban"]
            line.sap_number = data["oe_sap_number"]
            line.sap_date = data["oe_sap_date"]
        wizard = form.save()
        wizard.action_create_etd()
        self.assertEqual(wizard.state, "done")
        etd = wizard.etd_id
        self.assertRecordValues(etd, [{"code": "2A", "name": "Corse-du-Sud", "state": "active"}])
        company = etd.company_ids
        self.assertRecordValues(
            company,
            [
                {
                    "name": "CAE SAMAD 2A",
                    "siret": data["siret"],
                    "vat": data["vat"],
                    "email": data["email"],
                    "oe_sap_number": data["oe_sap_number"],
                }
            ],
        )
        self.assertEqual(company.partner_id.bank_ids.sanitized_acc_number, data["iban"])
        self.assertFalse(wizard.invoicing_issues)
        # The web client is reloaded with the new CAE among the active companies (or it could not read the ETD).
        url = wizard.with_user(self.network_admin).action_open_etd()["url"]
        self.assertTrue(url.startswith(f"/odoo/action-oe_etd.oe_etd_action/{etd.id}?cids="), url)
        self.assertIn(str(company.id), url.split("cids=")[1].split("-"))

    def test_wizard_lists_what_is_missing(self):
        form = self._wizard("971")
        wizard = form.save()
        wizard.action_create_etd()
        issues = wizard.with_context(lang="fr_FR").etd_id.invoicing_issues
        for expected in (
            "CAE SAMAD 971: SIRET manquant",
            "CAE MSG 971: IBAN manquant",
            "numéro ou date de déclaration SAP manquant",
        ):
            self.assertIn(expected, issues)
        self.assertNotIn("CAE MSG 971: numéro ou date de déclaration SAP", issues, "MSG is not a SAP-only CAE")
        self.assertNotIn("plan comptable", issues, "the chart of accounts is loaded")

    def test_invalid_siret_refused(self):
        form = self._wizard("22")
        with form.line_ids.edit(0) as line:
            line.siret = "12345678901234"
        with self.assertRaisesRegex(ValidationError, "12345678901234 n'est pas un numéro SIRET valide"):
            form.save()
        self.assertFalse(self.env["oe.etd"].search([("code", "=", "22")]))

    def test_first_etd_makes_the_main_company_the_sas(self):
        """A database without the network's SAS (no demo): the first ETD makes the main company the SAS, under
        the name given, set up; whatever it was called. A Gérant cannot."""
        self.env["res.company"].search([("oe_role", "=", "sas")]).write({"oe_role": False})
        main = self.env.ref("base.main_company")
        main.name = "YourCompany"
        gerant = self._new_manager("oe_gerant_first_etd", main)
        with self.assertRaises(AccessError):
            Form(self.env["oe.etd.setup"].with_user(gerant)).save().action_create_etd()
        self.assertEqual((main.name, main.oe_role), ("YourCompany", False))
        form = self._wizard("2B")
        self.assertTrue(form.sas_missing)
        self.assertEqual(form.sas_name, "YourCompany", "proposed: the main company's name")
        form.sas_name = "  "
        with self.assertRaisesRegex(UserError, "nom de la SAS"):
            form.save().action_create_etd()
        self.assertFalse(main.oe_role)
        form = self._wizard("2B")
        form.sas_name = "SAS Réseau Corse"
        wizard = form.save()
        wizard.action_create_etd()
        self.assertEqual((main.name, main.oe_role), ("SAS Réseau Corse", "sas"))
        self.assertTrue(self.env["account.account"].with_company(main).search_count([("company_ids", "in", main.ids)]))
        # The next ETD leaves the SAS as it is.
        second = self._wizard("2A")
        self.assertFalse(second.sas_missing)
        second.save().action_create_etd()
        self.assertEqual(self.env["res.company"].search_count([("oe_role", "=", "sas")]), 1)
