from datetime import date

from odoo.addons.oe_mission.tests.common import OeMissionCommon


class OeRedevanceCommon(OeMissionCommon):
    """ETD 35 (charts and taxes) with redevance rates, the SAS set up, the SAS accountant, and helpers
    to post client invoices straight in a CAE."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sas._oe_setup_network_company()
        cls.Statement = cls.env["oe.redevance.statement"].with_context(lang="fr_FR")
        cls.rate_2025 = cls.env["oe.redevance.rate"].create(
            {"etd_id": cls.etd35.id, "date_from": "2025-01-01", "rate": 6.0, "conceptual_share": 40.0}
        )
        cls.sas_accountant = cls._user(
            "oe_sas_accountant", cls.sas | cls.samad35 | cls.msg35, "oe_etd.group_cae_accountant"
        )
        cls.cae_accountant = cls._user("oe_cae_accountant_35", cls.samad35, "oe_etd.group_cae_accountant")
        cls.customer = cls.env["res.partner"].create({"name": "Client Brest", "country_id": cls.env.ref("base.fr").id})
        cls.product_samad = cls.pole_samad.product_id
        cls.product_bati = cls.pole_bati.product_id

    @classmethod
    def _invoice(cls, company, day, amount, employee=None, product=None, partner=None, refund=False, post=True):
        """A client invoice (or credit note) of one line of the pole of ``product`` (default SAMAD), excl.
        VAT ``amount``, with the ES's and the pole's analytic accounts."""
        return cls._invoices(company, day, [amount], employee, product, partner, refund, post)

    @classmethod
    def _invoices(cls, company, day, amounts, employee=None, product=None, partner=None, refund=False, post=True):
        """One client invoice (or credit note) per amount, created and posted in one batch."""
        partner = partner or cls.customer
        pole = cls._pole_of(product or cls.product_samad)
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create([cls._client_invoice_vals(company, partner, day, a, employee, pole, refund) for a in amounts])
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _pole_of(cls, product):
        """The pole whose service ``product`` is (each pole has its own)."""
        return cls.env["oe.pole"].search([("product_id", "=", product.id)], limit=1)

    @classmethod
    def _client_invoice_vals(cls, company, partner, day, amount, employee, pole, refund=False):
        """A client invoice (or credit note) of one service line of ``pole``, with the entrepreneur's
        analytic account (if any) and the pole's, as oe_mission invoices a mission (the demo's builder)."""
        return cls.env["oe.redevance.statement"]._demo_client_invoice_vals(
            company, partner, day, amount, employee or cls.env["hr.employee"], pole, refund
        )

    def _generate(self, date_from, date_to, companies=None, user=None):
        Statement = self.Statement.with_user(user or self.sas_accountant).with_context(
            allowed_company_ids=(self.sas | self.samad35 | self.msg35).ids
        )
        return Statement.generate(date_from, date_to, companies if companies is not None else self.samad35)

    def _statement(self, month=date(2026, 3, 1), company=None):
        company = company or self.samad35
        date_to = self.Statement._period_of(month, "month")[1]
        return self._generate(month, date_to, company)
