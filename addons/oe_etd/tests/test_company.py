from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import OeEtdCommon


@tagged("post_install", "-at_install")
class TestCompanyRoles(OeEtdCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.etd, cls.companies = cls._create_etd_without_chart("29", "Finistère")
        cls.samad, cls.msg = cls.companies

    def _company(self, lang="en_US", **vals):
        return self.env["res.company"].with_context(lang=lang).create({"name": "Test company", **vals})

    def test_cae_needs_an_etd_and_a_kind(self):
        with self.assertRaisesRegex(ValidationError, "La CAE Test company doit appartenir à une ETD"):
            self._company(lang="fr_FR", oe_role="cae", oe_cae_kind="msg")
        with self.assertRaisesRegex(ValidationError, "Choisissez le type de CAE"):
            self._company(lang="fr_FR", oe_role="cae", oe_etd_id=self.etd.id)

    def test_only_a_cae_belongs_to_an_etd(self):
        with self.assertRaises(ValidationError):
            self._company(oe_etd_id=self.etd.id)
        with self.assertRaisesRegex(ValidationError, "n'est pas une CAE"):
            self._company(lang="fr_FR", oe_cae_kind="samad")
        with self.assertRaises(ValidationError):
            self.sas.oe_etd_id = self.etd

    def test_pole_of_another_kind_refused(self):
        _etd, samad = self._create_etd_without_chart("22", "Côtes-d'Armor", kinds=("samad",))
        with self.assertRaisesRegex(
            ValidationError, "Le pôle Services de rénovation du Bâti est hébergé par les CAE de type MSG"
        ):
            samad.with_context(lang="fr_FR").oe_pole_ids = [Command.link(self.pole_bati.id)]

    def test_pole_served_by_one_cae_per_etd(self):
        etd_b, companies_b = self._create_etd_without_chart("56", "Morbihan", kinds=("msg",))
        # Another ETD may serve the same pole...
        self.assertEqual(companies_b.oe_pole_ids, self.pole_dom | self.pole_bati)
        # ... but not a second CAE of the same ETD.
        with self.assertRaisesRegex(ValidationError, "already served by CAE MSG 29"):
            self._company(
                oe_role="cae",
                oe_etd_id=self.etd.id,
                oe_cae_kind="msg",
                oe_pole_ids=[Command.set(self.pole_dom.ids)],
            )
        with self.assertRaisesRegex(ValidationError, "le pôle .* est déjà servi par CAE MSG 29"):
            self._company(
                lang="fr_FR",
                oe_role="cae",
                oe_etd_id=self.etd.id,
                oe_cae_kind="msg",
                oe_pole_ids=[Command.set(self.pole_bati.ids)],
            )

    def test_one_sas_and_one_association(self):
        for role in ("sas", "association"):
            with self.subTest(role=role), self.assertRaisesRegex(ValidationError, "Il ne peut y avoir qu'une"):
                self._company(lang="fr_FR", oe_role=role)

    def test_demo_main_company_is_the_sas(self):
        """With demo data the database's main company is the SAS, French, with the French chart; the admin
        logs in to it; no "YourCompany" and no active demo company of another country is left."""
        main = self.env.ref("base.main_company")
        self.assertEqual(self.env.ref("oe_etd.company_sas"), main)
        self.assertEqual((main.name, main.oe_role, main.country_id.code), ("SAS Oui Ensemble", "sas", "FR"))
        self.assertEqual((main.chart_template, main.currency_id.name), ("fr", "EUR"))
        self.assertFalse(main.partner_id.state_id, "no American state left on a French address")
        self.assertEqual(self.env.ref("base.user_admin").company_id, main)
        names = self.env["res.company"].search([]).mapped("name")
        self.assertNotIn("YourCompany", names)
        self.assertNotIn("FR Company", names)

    def test_sap_company(self):
        self.assertTrue(self.samad.oe_is_sap_company, "SAMAD serves SAP poles only")
        self.assertFalse(self.msg.oe_is_sap_company, "MSG also serves building renovation")
        self.assertFalse(self.sas.oe_is_sap_company)

    @mute_logger("odoo.sql_db")
    def test_pole_code_unique(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.env["oe.pole"].create({"name": "Copy", "code": "BATI", "cae_kind": "msg"})
