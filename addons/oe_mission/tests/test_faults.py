import itertools
import json
import os
import select
import subprocess
import sys
import tempfile
import time

from odoo import fields
from odoo.tests import tagged
from odoo.tools import config

from .common import OeConcurrencyCase

KILLED = ("OperationalError", "InterfaceError")

# Run by a separate Python process: an Odoo worker of the same database posts the client invoice, and stops
# once the inter-CAE invoice and its mirrored bill are made and written to the database, before the
# transaction commits; it prints its PostgreSQL backend, the client invoice's state and the number of
# entries written so far in its transaction, then sleeps: there the test kills it (SIGKILL).
POSTING_WORKER = """
import json, os, time

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.tools import config

args, invoice_id, user_id, last_move = json.loads(os.environ["OE_POSTING_WORKER"])
config.parse_config(args, setup_logging=False)
registry = Registry(config["db_name"])
AccountMove = registry["account.move"]
create_mirror = AccountMove._inter_company_create_invoice


def stop_here(self, dest_company):
    result = create_mirror(self, dest_company)
    self.env.flush_all()
    self.env.cr.execute(
        "SELECT pg_backend_pid(), (SELECT state FROM account_move WHERE id = %s),"
        " (SELECT COUNT(*) FROM account_move WHERE id > %s)",
        [invoice_id, last_move],
    )
    print("REACHED", *self.env.cr.fetchone(), flush=True)
    time.sleep(120)
    return result


AccountMove._inter_company_create_invoice = stop_here
with registry.cursor() as cr:
    env = api.Environment(cr, SUPERUSER_ID, {"lang": "fr_FR"})
    invoice = env["account.move"].browse(invoice_id)
    invoice = invoice.with_user(user_id).with_context(allowed_company_ids=invoice.company_id.ids)
    invoice.action_post()
print("COMMITTED", flush=True)
"""


@tagged("post_install", "-at_install")
class TestFaults(OeConcurrencyCase):
    """The invoicing and posting of hours under faults (docs/architecture.md, "Integrity under faults"), on
    committed data: a mission of CAE MSG 44 (demo) with the hours of its lead and of an entrepreneur of
    CAE SAMAD 44, validated. Each test removes what it committed.
    """

    DAY = "2025-06-12"

    def _prepare(self, env):
        ref = env.ref
        msg, samad = ref("oe_etd.company_msg_44"), ref("oe_etd.company_samad_44")
        maelle, camille = ref("oe_entrepreneur.employee_maelle"), ref("oe_entrepreneur.employee_camille")
        mission = env["project.project"].create(
            {
                "name": "Pannes — Menuiserie Le Goff",
                "oe_is_mission": True,
                "partner_id": ref("oe_mission.client_menuiserie").id,
                "oe_pole_id": ref("oe_etd.pole_bati").id,
                "company_id": msg.id,
                "oe_lead_employee_id": maelle.id,
                "oe_state": "in_progress",
            }
        )
        env["oe.mission.assignment"].create(
            [
                {
                    "project_id": mission.id,
                    "employee_id": maelle.id,
                    "function_id": ref("oe_entrepreneur.function_developer").id,
                    "state": "accepted",
                },
                {
                    "project_id": mission.id,
                    "employee_id": camille.id,
                    "function_id": ref("oe_entrepreneur.function_coordinator").id,
                    "state": "accepted",
                },
            ]
        )
        hours = (
            env["account.analytic.line"]
            .with_context(allowed_company_ids=(msg | samad).ids)
            .create(
                [
                    {
                        "name": f"Panne {index}",
                        "project_id": mission.id,
                        "employee_id": employee.id,
                        "date": self.DAY,
                        "unit_amount": 2,
                    }
                    for employee in (maelle, camille)
                    for index in range(2)
                ]
            )
        )
        hours.write({"oe_validated": True, "oe_validated_by_id": ref("base.user_admin").id})
        return mission.id

    def _invoice(self, mission_id):
        def invoice(env):
            day = fields.Date.to_date(self.DAY)
            return env["project.project"].browse(mission_id).oe_invoice_timesheets(day, day).ids

        return invoice

    def _clean(self, mission_id):
        def clean(env):
            mission = env["project.project"].browse(mission_id)
            env["account.move"].search([("oe_mission_id", "=", mission_id)]).unlink()  # drafts only
            env["account.analytic.line"].search([("project_id", "=", mission_id)]).unlink()
            mission.oe_assignment_ids.unlink()
            account = mission.account_id
            mission.unlink()
            account.unlink()

        self._in_new_cursor(clean)

    @staticmethod
    def _state_of(mission_id):
        """The mission's invoices (state, lines' quantities) and each hour's invoice line, from the database."""

        def state(env):
            env.cr.execute(
                "SELECT id, state, name FROM account_move WHERE oe_mission_id = %s ORDER BY id", [mission_id]
            )
            invoices = env.cr.fetchall()
            env.cr.execute(
                "SELECT t.id, t.unit_amount, t.oe_invoice_line_id, l.move_id, l.quantity"
                " FROM account_analytic_line t LEFT JOIN account_move_line l ON l.id = t.oe_invoice_line_id"
                " WHERE t.project_id = %s ORDER BY t.id",
                [mission_id],
            )
            return invoices, env.cr.fetchall()

        return state

    def test_connection_killed_while_invoicing_the_hours(self):
        """Killed once the invoice is created and the hours of one entrepreneur are linked to it: no invoice
        and no linked hour are left; invoiced again, one invoice of all the hours."""
        mission_id = self._in_new_cursor(self._prepare)
        try:
            links = itertools.count()
            error = self._kill_connection_midway(
                self._invoice(mission_id),
                "account.analytic.line",
                "write",
                when=lambda _hours, vals: "oe_invoice_line_id" in vals and next(links) == 1,
            )
            self.assertIn(error, KILLED)
            invoices, hours = self._in_new_cursor(self._state_of(mission_id))
            self.assertFalse(invoices, "no partial invoice")
            self.assertEqual(len(hours), 4)
            self.assertFalse([hour for hour in hours if hour[2]], "no hour linked")

            [invoice_id] = self._in_new_cursor(self._invoice(mission_id))
            invoices, hours = self._in_new_cursor(self._state_of(mission_id))
            self.assertEqual([(invoice[0], invoice[1]) for invoice in invoices], [(invoice_id, "draft")])
            self.assertEqual({hour[3] for hour in hours}, {invoice_id}, "every hour on the invoice")
            by_line = {}
            for _id, amount, line_id, _move_id, quantity in hours:
                by_line.setdefault(line_id, [quantity, 0.0])[1] += amount
            self.assertEqual(sorted(by_line.values()), [[4.0, 4.0], [4.0, 4.0]], "each line bills its hours")
        finally:
            self._clean(mission_id)

    def _post_in_a_worker_killed_midway(self, invoice_id, user_id, last_move):
        """Post the invoice in a separate Odoo process, SIGKILLed once the inter-CAE documents are written
        (before the commit). Returns what the worker saw then: its PostgreSQL backend, the client invoice's
        state and the number of entries written in its transaction."""
        args = [f"--database={self.env.cr.dbname}", f"--addons-path={config['addons_path']}"]
        args += [f"--{key}={config[key]}" for key in ("db_host", "db_port", "db_user", "db_password") if config[key]]
        args.append(f"--data-dir={config['data_dir']}")
        with tempfile.TemporaryFile(mode="w+") as log:
            worker = subprocess.Popen(
                [sys.executable, "-c", POSTING_WORKER],
                # the connection settings (a password among them) through the environment, not the command line
                env=dict(os.environ, OE_POSTING_WORKER=json.dumps([args, invoice_id, user_id, last_move])),
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
            )
            try:
                deadline, line = time.monotonic() + 60, ""
                while not line.startswith("REACHED") and time.monotonic() < deadline and worker.poll() is None:
                    if select.select([worker.stdout], [], [], 1)[0]:
                        line = worker.stdout.readline()
            finally:
                worker.kill()  # SIGKILL: no cleanup, no commit, no rollback sent by the process
                worker.wait(timeout=30)
                worker.stdout.close()
            log.seek(0)
            self.assertTrue(line.startswith("REACHED"), f"the worker reached the inter-CAE documents:\n{log.read()}")
        pid, state, written = line.split()[1:]
        return int(pid), state, int(written)

    def test_worker_killed_while_posting(self):
        """An Odoo worker posting a client invoice with hours of an entrepreneur of another CAE, killed once
        the inter-CAE invoice and its mirrored bill are made: the client invoice is still a draft and no
        inter-CAE document exists; posted again, the three documents are posted."""
        mission_id = self._in_new_cursor(self._prepare)
        invoice_id = last_move = None

        def documents(env):
            """The client invoice's state and number, and the number of entries made since it was made."""
            env.cr.execute("SELECT state, name FROM account_move WHERE id = %s", [invoice_id])
            client = env.cr.fetchone()
            env.cr.execute("SELECT COUNT(*) FROM account_move WHERE id > %s", [last_move or 0])
            return client, env.cr.fetchone()[0]

        try:

            def invoice(env):
                [invoice_id] = self._invoice(mission_id)(env)
                env["account.move"].browse(invoice_id).invoice_date = self.DAY
                env.cr.execute("SELECT MAX(id) FROM account_move")
                return invoice_id, env.cr.fetchone()[0]

            invoice_id, last_move = self._in_new_cursor(invoice)
            client_before, _none = self._in_new_cursor(documents)
            accountant = self.env.ref("oe_mission.user_accountant_44")
            pid, state, written = self._post_in_a_worker_killed_midway(invoice_id, accountant.id, last_move)
            self.assertEqual((state, written), ("posted", 2), "killed with the three documents written, uncommitted")
            self._wait_backend_gone(pid)

            client, new_documents = self._in_new_cursor(documents)
            self.assertEqual(client_before[0], "draft")
            self.assertEqual(client, client_before, "the client invoice is still a draft, its number unchanged")
            self.assertEqual(new_documents, 0, "no inter-CAE invoice or bill")

            def post_again(env):
                invoice = env["account.move"].browse(invoice_id)
                invoice.with_user(accountant).with_context(allowed_company_ids=invoice.company_id.ids).action_post()
                home = env["account.move"].search([("oe_source_invoice_id", "=", invoice_id)])
                mirror = env["account.move"].search([("auto_invoice_id", "in", home.ids)])
                return (
                    invoice.state,
                    [(move.company_id.id, move.move_type, move.state) for move in home],
                    [(move.company_id.id, move.move_type, move.state) for move in mirror],
                )

            state, home, mirror = self._in_rolled_back_cursor(post_again)
            msg, samad = self.env.ref("oe_etd.company_msg_44"), self.env.ref("oe_etd.company_samad_44")
            self.assertEqual(state, "posted")
            self.assertEqual(home, [(samad.id, "out_invoice", "posted")], "Camille's CAE invoices the mission's")
            self.assertEqual(mirror, [(msg.id, "in_invoice", "posted")], "mirrored as the mission's CAE's bill")
        finally:
            self._clean(mission_id)
