from odoo import Command, fields

from odoo.addons.oe_mission.tests.common import OeMissionCommon


class OeSapCommon(OeMissionCommon):
    """ETD 35's SAMAD CAE ``samad35`` declared for services à la personne (number, date, two activities), a private
    client, SAP products at 5.5 % (the SAMAD pole's service) and 10 % (housework), and helpers to invoice and pay."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.activity_elderly = cls.env.ref("oe_sap.activity_assistance_personnes_agees")  # 5.5 %
        cls.activity_housework = cls.env.ref("oe_sap.activity_menage")  # 10 %
        cls.activity_gardening = cls.env.ref("oe_sap.activity_jardinage")  # 20 %, not declared by samad35
        cls.samad35.write(
            {
                "oe_sap_activity_ids": [Command.set((cls.activity_elderly | cls.activity_housework).ids)],
                "oe_crcesu_number": "CRCESU-35-0001",
            }
        )
        # The SAMAD pole's service (oe_mission data), on the activity of elderly people.
        cls.product_elderly = cls.env.ref("oe_mission.product_service_samad")
        cls.product_housework = cls.env["product.product"].create(
            {"name": "Housework", "type": "service", "oe_sap_activity_id": cls.activity_housework.id}
        )
        cls.product_gardening = cls.env["product.product"].create(
            {"name": "Gardening", "type": "service", "oe_sap_activity_id": cls.activity_gardening.id}
        )
        cls.product_travel = cls.env["product.product"].create({"name": "Travel costs", "type": "service"})
        (cls.samad35 | cls.msg35)._oe_setup_network_company()
        cls.sap_client = cls.env["res.partner"].create(
            {
                "name": "Client SAP Rennes",
                "oe_client_type": "individual",
                "lang": "fr_FR",
                "street": "1 rue de la Paix",
                "zip": "35000",
                "city": "Rennes",
                "country_id": cls.env.ref("base.fr").id,
            }
        )

    @classmethod
    def _sap_invoice(cls, client, lines, date, post=True, company=None, move_type="out_invoice", currency=None):
        """A customer invoice of ``company`` (samad35) to ``client``: ``lines`` is a list of
        (product, quantity, price_unit)."""
        company = company or cls.samad35
        vals = {
            "move_type": move_type,
            "partner_id": client.id,
            "invoice_date": date,
            "date": date,
            "invoice_line_ids": [
                Command.create({"product_id": product.id, "quantity": quantity, "price_unit": price})
                for product, quantity, price in lines
            ],
        }
        if currency:
            vals["currency_id"] = currency.id
        move = cls.env["account.move"].with_company(company).create(vals)
        if post:
            move.action_post()
        return move

    @classmethod
    def _sap_method_line(cls, company, kind):
        return cls.env["account.payment.method.line"].search(
            [("journal_id.company_id", "=", company.id), ("oe_sap_payment_kind", "=", kind)], limit=1
        )

    @classmethod
    def _pay(cls, invoice, amount, date, kind):
        """Register a payment of ``amount`` on ``invoice`` on ``date``, of SAP payment kind ``kind``."""
        method_line = cls._sap_method_line(invoice.company_id, kind)
        assert method_line, f"no payment method line of kind {kind} in {invoice.company_id.name}"
        wizard = (
            cls.env["account.payment.register"]
            .with_company(invoice.company_id)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": amount,
                    "payment_date": fields.Date.to_date(date),
                    "journal_id": method_line.journal_id.id,
                    "payment_method_line_id": method_line.id,
                }
            )
        )
        return wizard._create_payments()
