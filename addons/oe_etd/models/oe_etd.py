import logging

from odoo import Command, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .oe_pole import CAE_KINDS

_logger = logging.getLogger(__name__)

CAE_NAME_PREFIX = dict(CAE_KINDS)
# Metropolitan France, and the overseas départements, which have country codes of their own.
FRENCH_COUNTRY_CODES = ["FR", "GP", "MQ", "GF", "RE", "YT"]


class OeEtd(models.Model):
    """Entité Territoriale Départementale: the network in one French département.

    An ETD groups the CAE companies of its département (one per kind of CAE). The
    French département is the OCA `res.country.department` record whose code is
    the ETD's code (01-95 with 2A/2B, and the overseas 971-976 but 975).
    """

    _name = "oe.etd"
    _description = "ETD (territorial entity of a département)"
    _inherit = ["mail.thread", "oe.name.mixin"]
    _order = "code"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        string="Département code",
        required=True,
        size=3,
        tracking=True,
        help="Code of the French département: 01 to 95 (2A and 2B for Corsica), 971 to 976 overseas.",
    )
    department_id = fields.Many2one(
        "res.country.department",
        string="Département",
        compute="_compute_department_id",
        store=True,
        index=True,
        ondelete="restrict",
    )
    company_ids = fields.One2many("res.company", "oe_etd_id", string="CAEs")
    pole_ids = fields.Many2many("oe.pole", string="Poles", compute="_compute_pole_ids")
    manager_user_id = fields.Many2one(
        "res.users",
        string="ETD manager",
        tracking=True,
        domain=[("share", "=", False)],
    )
    state = fields.Selection(
        [("draft", "Draft"), ("active", "Active"), ("closed", "Closed")],
        default="draft",
        required=True,
        tracking=True,
    )
    active = fields.Boolean(default=True, tracking=True)
    company_count = fields.Integer(string="CAE count", compute="_compute_counts")
    pole_count = fields.Integer(compute="_compute_counts")
    invoicing_issues = fields.Text(
        compute="_compute_invoicing_issues",
        help="What the CAEs of this ETD still lack to issue invoices.",
    )
    ready_to_invoice = fields.Boolean(compute="_compute_invoicing_issues")

    @api.depends("code")
    def _compute_department_id(self):
        departments = self._find_departments(self.mapped("code"))
        for etd in self:
            etd.department_id = departments.get(self._normalize_code(etd.code))

    @api.depends("company_ids.oe_pole_ids")
    def _compute_pole_ids(self):
        for etd in self:
            etd.pole_ids = etd.company_ids.oe_pole_ids

    @api.depends("company_ids", "pole_ids")
    def _compute_counts(self):
        for etd in self:
            etd.company_count = len(etd.company_ids)
            etd.pole_count = len(etd.pole_ids)

    @api.depends("company_ids")
    def _compute_invoicing_issues(self):
        for etd in self:
            lines = []
            for company in etd.company_ids:
                lines += [f"{company.name}: {issue}" for issue in company._oe_get_invoicing_issues()]
            etd.invoicing_issues = "\n".join(lines)
            etd.ready_to_invoice = bool(etd.company_ids) and not lines

    @api.constrains("code", "department_id")
    def _check_code(self):
        for etd in self:
            if not etd.department_id:
                raise ValidationError(
                    _(
                        "%(code)s is not the code of a French département "
                        "(01 to 95, 2A and 2B for Corsica, 971 to 976 overseas).",
                        code=etd.code,
                    )
                )

    @api.constrains("department_id", "state", "active")
    def _check_one_live_etd_per_department(self):
        live = self.filtered(lambda e: e.active and e.state != "closed")
        if not live:
            return
        groups = self.sudo()._read_group(
            [("department_id", "in", live.department_id.ids), ("state", "!=", "closed")],
            ["department_id"],
            ["id:recordset"],
        )
        for department, etds in groups:
            if len(etds) > 1:
                raise ValidationError(
                    _(
                        "The département %(department)s already has an ETD (%(etd)s): "
                        "close or archive it before opening another one.",
                        department=department.display_name,
                        etd=((etds - self) or etds)[:1].name,
                    )
                )

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _normalize_code(code):
        code = (code or "").strip().upper()
        return code.zfill(2) if code.isdigit() and len(code) == 1 else code

    @api.model
    def _find_departments(self, codes):
        """Map normalized département codes to French `res.country.department` records."""
        codes = {self._normalize_code(c) for c in codes if c}
        if not codes:
            return {}
        departments = (
            self.env["res.country.department"]
            .sudo()
            .search([("code", "in", list(codes)), ("country_id.code", "in", FRENCH_COUNTRY_CODES)])
        )
        return {d.code: d.sudo(False) for d in departments}

    # ------------------------------------------------------------------ actions

    def action_activate(self):
        self.write({"state": "active"})

    def action_close(self):
        self.write({"state": "closed"})

    def action_reset_draft(self):
        self.write({"state": "draft"})

    def action_open_companies(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("CAEs of %(etd)s", etd=self.name),
            "res_model": "res.company",
            "view_mode": "list,form",
            "domain": [("oe_etd_id", "=", self.id)],
            "context": {"default_oe_etd_id": self.id, "default_oe_role": "cae"},
        }

    def action_open_poles(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Poles of %(etd)s", etd=self.name),
            "res_model": "oe.pole",
            "view_mode": "list,form",
            "domain": [("id", "in", self.pole_ids.ids)],
        }

    # ------------------------------------------------------------------ business

    @api.model
    def create_etd(self, code, name, cae_kinds=("samad", "msg"), **company_values):
        """Open the ETD of a département with one CAE company per kind, ready to invoice.

        :param code: code of the French département ("35", "2A", "974").
        :param name: name of the ETD.
        :param cae_kinds: kinds of CAE to create (see ``oe.pole.cae_kind``).
        :param company_values: values for the new companies. A key that is a kind
            of CAE takes a dict of values for that company only
            (``samad={"siret": ...}``); any other key applies to every company.
        :return: the new ETD.

        Only an Administrateur réseau may call it. All or nothing.
        """
        if not self.env.user.has_group("oe_etd.group_network_admin"):
            raise AccessError(_("Only a network administrator may open a new ETD."))
        kinds = list(dict.fromkeys(cae_kinds or ()))
        unknown = [k for k in kinds if k not in CAE_NAME_PREFIX]
        if not kinds or unknown:
            raise UserError(
                _(
                    "Unknown kind of CAE: %(kinds)s. Choose among: %(valid)s.",
                    kinds=", ".join(map(str, unknown)) or "-",
                    valid=", ".join(CAE_NAME_PREFIX),
                )
            )
        common = {k: v for k, v in company_values.items() if k not in CAE_NAME_PREFIX}
        code = self._normalize_code(code)
        self._lock_department(code)
        with self.env.cr.savepoint():
            etd = self.create({"code": code, "name": name, "state": "active"})
            france = self.env.ref("base.fr")
            euro = self.env.ref("base.EUR")
            if not euro.active:
                euro.sudo().active = True
            poles = self.env["oe.pole"].search([("launched", "=", True)])
            vals_list = []
            for kind in kinds:
                vals = {
                    "name": f"CAE {CAE_NAME_PREFIX[kind]} {code}",
                    "country_id": france.id,
                    "currency_id": euro.id,
                    "oe_role": "cae",
                    "oe_etd_id": etd.id,
                    "oe_cae_kind": kind,
                    "oe_pole_ids": [Command.set(poles.filtered(lambda p, k=kind: p.cae_kind == k).ids)],
                    **common,
                    **(company_values.get(kind) or {}),
                }
                vals_list.append(vals)
            companies = self.env["res.company"].create(vals_list)
            admins = self.env.ref("oe_etd.group_network_admin").sudo().users | self.env.user
            admins.sudo().write({"company_ids": [Command.link(c.id) for c in companies]})
            companies._oe_setup_network_company()
        _logger.info("ETD %s opened with %s", code, ", ".join(companies.mapped("name")))
        return etd

    @api.model
    def _lock_department(self, code):
        """Serialize the opening of ETDs for one département.

        Two transactions opening the same département both update its row: the
        second one fails with a serialization error and Odoo retries it, and the
        retry sees the first ETD, so the constraint refuses it with its message.
        """
        department = self._find_departments([code]).get(code)
        if department:
            self.env.cr.execute(
                SQL(
                    "UPDATE res_country_department SET write_date = write_date WHERE id = %s",
                    department.id,
                )
            )
