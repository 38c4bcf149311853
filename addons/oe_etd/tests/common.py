from contextlib import contextmanager

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

# Fictional legal data that pass the checks (SIRET Luhn key, VAT key, IBAN).
LEGAL_DATA = {
    "samad": {
        "street": "5 place de la Mairie",
        "zip": "35000",
        "city": "Rennes",
        "siret": "90135001700017",
        "vat": "FR75901350017",
        "email": "samad35@oui-ensemble.example",
        "phone": "+33 2 99 00 35 01",
        "oe_sap_number": "SAP901350017",
        "oe_sap_date": "2025-03-01",
        "iban": "FR7630004000010001000000102",
    },
    "msg": {
        "street": "9 quai Lamennais",
        "zip": "35000",
        "city": "Rennes",
        "siret": "90135002500010",
        "vat": "FR02901350025",
        "email": "msg35@oui-ensemble.example",
        "phone": "+33 2 99 00 35 02",
        "iban": "FR7630004000010001000000296",
    },
}


def company_vals(kind):
    """Values for ``create_etd`` giving a CAE of this kind all its legal data."""
    vals = dict(LEGAL_DATA[kind])
    iban = vals.pop("iban")
    vals["bank_ids"] = [Command.create({"acc_number": iban})]
    return vals


class OeEtdCommon(TransactionCase):
    """Users of every role, and the network companies found or created.

    Tests use département codes other than 44 (the demo's) and never rely on demo data.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_notrack=True))
        cls.sas = cls._get_network_company("sas", "SAS Oui Ensemble")
        cls.association = cls._get_network_company("association", "Association Oui Ensemble")
        cls.pole_samad = cls.env.ref("oe_etd.pole_samad")
        cls.pole_dom = cls.env.ref("oe_etd.pole_dom")
        cls.pole_bati = cls.env.ref("oe_etd.pole_bati")
        main = cls.env.company
        cls.network_admin = new_test_user(
            cls.env,
            login="oe_network_admin",
            groups="oe_etd.group_network_admin",
            company_id=main.id,
            company_ids=[Command.set(main.ids)],
        )
        cls.entrepreneur = new_test_user(
            cls.env,
            login="oe_entrepreneur",
            groups="oe_etd.group_entrepreneur",
            company_id=main.id,
            company_ids=[Command.set(main.ids)],
        )

    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex, msg=None):
        """Odoo's ``assertRaises`` (it rolls back to a savepoint) that also checks the message."""
        with self.assertRaises(expected_exception, msg=msg) as caught:
            yield caught
        self.assertRegex(str(caught.exception), expected_regex)

    @classmethod
    def _get_network_company(cls, role, name):
        """The SAS or the association: found when the database has one, else created."""
        Company = cls.env["res.company"]
        return Company.search([("oe_role", "=", role)], limit=1) or Company.create(
            {"name": name, "oe_role": role, "country_id": cls.env.ref("base.fr").id}
        )

    @classmethod
    def _create_etd_without_chart(cls, code, name, kinds=("samad", "msg")):
        """A cheap ETD for tests of rules and access: companies without chart of accounts."""
        etd = cls.env["oe.etd"].create({"code": code, "name": name, "state": "active"})
        poles = {"samad": cls.pole_samad, "msg": cls.pole_dom | cls.pole_bati}
        companies = cls.env["res.company"].create(
            [
                {
                    "name": f"CAE {kind.upper()} {code}",
                    "oe_role": "cae",
                    "oe_etd_id": etd.id,
                    "oe_cae_kind": kind,
                    "oe_pole_ids": [Command.set(poles[kind].ids)],
                    "country_id": cls.env.ref("base.fr").id,
                }
                for kind in kinds
            ]
        )
        return etd, companies

    @classmethod
    def _new_manager(cls, login, companies, groups="oe_etd.group_cae_manager"):
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=companies[0].id,
            company_ids=[Command.set(companies.ids)],
        )
