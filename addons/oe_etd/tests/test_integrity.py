from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import OeEtdCommon


@tagged("post_install", "-at_install")
class TestIntegrityNames(OeEtdCommon):
    """ETDs and poles need a real name (and a pole a real code): empty or spaces only is refused, in French."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.etd, cls.companies = cls._create_etd_without_chart("22", "Côtes-d'Armor")
        # As create_etd does: every network administrator gets the CAEs of a new ETD.
        cls.network_admin.company_ids = [Command.link(company.id) for company in cls.companies]

    def test_blank_etd_name(self):
        Etd = self.env["oe.etd"].with_user(self.network_admin).with_context(lang="fr_FR")
        count = Etd.with_context(active_test=False).search_count([])
        with self.assertRaisesRegex(ValidationError, r"ETD \(entité territoriale départementale\) : le champ « Nom »"):
            Etd.create({"code": "23", "name": "   "})
        etd = self.etd.with_user(self.network_admin).with_context(lang="fr_FR", allowed_company_ids=self.companies.ids)
        with self.assertRaisesRegex(ValidationError, "« Nom » ne peut pas être vide"):
            etd.name = "\t "
        self.assertEqual(Etd.with_context(active_test=False).search_count([]), count)
        self.assertEqual(self.etd.name, "Côtes-d'Armor")

    def test_blank_etd_name_in_the_assistant(self):
        companies = self.env["res.company"].search_count([])
        etds = self.env["oe.etd"].search_count([])
        wizard = Form(self.env["oe.etd.setup"].with_user(self.network_admin).with_context(lang="fr_FR"))
        wizard.department_id = self.env["res.country.department"].search([("code", "=", "56")], limit=1)
        wizard.name = "  "
        record = wizard.save()
        with self.assertRaisesRegex(ValidationError, "« Nom » ne peut pas être vide"):
            record.action_create_etd()
        self.assertEqual(self.env["res.company"].search_count([]), companies, "no company created")
        self.assertEqual(self.env["oe.etd"].search_count([]), etds)

    def test_blank_pole_name_or_code(self):
        Pole = self.env["oe.pole"].with_user(self.network_admin).with_context(lang="fr_FR")
        count = Pole.search_count([])
        for vals, message in (
            ({"name": " ", "code": "JARD", "cae_kind": "msg"}, "Pôle d'activités : le champ « Nom » ne peut pas"),
            ({"name": "Jardinage", "code": "  ", "cae_kind": "msg"}, "Pôle d'activités : le champ « Code » ne peut"),
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                Pole.create(vals)
        self.assertEqual(Pole.search_count([]), count)
        pole = self.pole_bati.with_user(self.network_admin).with_context(lang="fr_FR")
        code = self.pole_bati.code
        with self.assertRaisesRegex(ValidationError, "« Code » ne peut pas être vide"):
            pole.code = " "
        self.assertEqual(self.pole_bati.code, code)
        Pole.create({"name": "Jardinage", "code": "JARD", "cae_kind": "msg"})
        self.assertEqual(Pole.search([("code", "=", "JARD")]).name, "Jardinage", "real names pass")


@tagged("post_install", "-at_install")
class TestIntegrityCompanyNumbers(OeEtdCommon):
    """The SIRET of a company of the network is printed on its invoices: a typo is refused, in French."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.etd, cls.companies = cls._create_etd_without_chart("22", "Côtes-d'Armor")
        cls.samad = cls.companies[0]
        cls.samad.siret = "90135001700017"
        cls.network_admin.company_ids = [Command.link(company.id) for company in cls.companies]

    def _as_admin(self, record):
        return record.with_user(self.network_admin).with_context(lang="fr_FR", allowed_company_ids=self.companies.ids)

    def test_siret_typo_on_the_company(self):
        with self.assertRaisesRegex(ValidationError, "90135001700018 n'est pas un numéro SIRET valide"):
            self._as_admin(self.samad).siret = "90135001700018"
        self.assertEqual(self.samad.siret, "90135001700017")
        self._as_admin(self.samad).siret = "90135002500010"
        self.assertEqual(self.samad.siret, "90135002500010", "a valid SIRET is accepted")

    def test_siret_typo_on_the_company_contact(self):
        with self.assertRaisesRegex(ValidationError, "1234 n'est pas un numéro SIRET valide"):
            self._as_admin(self.samad.partner_id).siret = "1234"
        self.assertEqual(self.samad.siret, "90135001700017")

    def test_siret_of_a_new_company_of_the_network(self):
        count = self.env["res.company"].search_count([])
        with self.assertRaisesRegex(ValidationError, "n'est pas un numéro SIRET valide"):
            self._as_admin(self.env["res.company"]).create(
                {
                    "name": "CAE SAMAD 23",
                    "oe_role": "cae",
                    "oe_etd_id": self.env["oe.etd"].create({"code": "23", "name": "Creuse"}).id,
                    "oe_cae_kind": "samad",
                    "siret": "12345678901234",
                }
            )
        self.assertEqual(self.env["res.company"].search_count([]), count)

    def test_companies_outside_the_network_are_not_checked(self):
        company = self.env["res.company"].create({"name": "Client Company", "siret": "12345678901234"})
        self.assertEqual(company.siret, "12345678901234")
