from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models


class OeRedevanceStatement(models.Model):
    """The demo's story of the redevance in ETD 44, called from demo/oe_redevance_demo.xml only (as
    account/demo/account_demo.py is from account's demo data)."""

    _inherit = "oe.redevance.statement"

    @api.model
    def _create_demo_history(self):
        """Three months ago and two months ago: client invoices, posted statements and contributions;
        then a late invoice of two months ago, regularised in last month's draft statement."""
        ref = self.env.ref
        today = fields.Date.context_today(self)
        samad, msg = ref("oe_etd.company_samad_44"), ref("oe_etd.company_msg_44")
        camille, maelle = ref("oe_entrepreneur.employee_camille"), ref("oe_entrepreneur.employee_maelle")
        clients = {
            samad: (ref("oe_mission.client_martine"), ref("oe_mission.client_ehpad")),
            msg: (ref("oe_mission.client_menuiserie"),),
        }
        work = {samad: (camille, ref("oe_etd.pole_samad")), msg: (maelle, ref("oe_etd.pole_bati"))}

        def invoice(company, client, day, amount, refund=False):
            employee, pole = work[company]
            vals = self._demo_client_invoice_vals(company, client, day, amount, employee, pole, refund)
            move = self.env["account.move"].with_company(company).create(vals)
            move.action_post()
            return move

        for months_ago, amounts in ((3, (1240.0, 860.0, 2150.0)), (2, (1385.5, 920.0, 1870.0))):
            month = today.replace(day=1) - relativedelta(months=months_ago)
            invoice(samad, clients[samad][0], month + timedelta(days=9), amounts[0])
            invoice(samad, clients[samad][1], month + timedelta(days=19), amounts[1])
            invoice(msg, clients[msg][0], month + timedelta(days=14), amounts[2])
            if months_ago == 2:
                invoice(samad, clients[samad][0], month + timedelta(days=22), 95.0, refund=True)
            date_from, date_to = self._period_of(month, "month")
            statements = self.generate(date_from, date_to, samad | msg)
            statements.action_confirm()
            statements.action_post()
            self.env["oe.contribution.line"].compute_period(date_from, date_to, samad | msg).action_post()
        # A late invoice of two months ago, posted after its statement: regularised last month.
        two_months_ago = today.replace(day=1) - relativedelta(months=2)
        invoice(samad, clients[samad][1], two_months_ago + timedelta(days=25), 310.0)
        last_month = self._period_of(today.replace(day=1) - relativedelta(months=1), "month")
        self.generate(*last_month, samad | msg)
        self.env["oe.contribution.line"].compute_period(*last_month, samad | msg)

    @api.model
    def _demo_client_invoice_vals(self, company, partner, day, amount, employee, pole, refund=False):
        """A client invoice (or credit note) of one service line of ``pole``, with the entrepreneur's and
        the pole's analytic accounts, as oe_mission invoices a mission."""
        product = pole.product_id
        distribution = {str(account.id): 100 for account in employee.oe_analytic_account_id | pole.analytic_account_id}
        return {
            "move_type": "out_refund" if refund else "out_invoice",
            "company_id": company.id,
            "partner_id": partner.id,
            "invoice_date": day,
            "date": day,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "quantity": 1,
                        "price_unit": amount,
                        "tax_ids": [Command.set(product.taxes_id.filtered(lambda t: t.company_id == company).ids)],
                        "analytic_distribution": distribution,
                    }
                )
            ],
        }
