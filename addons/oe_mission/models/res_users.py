from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

STAFF_GROUPS = ("oe_etd.group_cae_manager", "oe_etd.group_cae_accountant")
# Where each role lands when it logs in (docs/architecture.md, "Groups and implied groups"): the first group of
# this list that the user has names their home action.
# Each is a server action (data/oe_mission_home_actions.xml) that opens the work with all the user's companies
# active (_oe_home_action_run).
HOME_ACTIONS = (
    ("oe_etd.group_network_admin", "oe_mission.home_action_network_admin"),
    ("oe_etd.group_cae_accountant", "oe_mission.home_action_accountant"),
    ("oe_etd.group_cae_manager", "oe_mission.home_action_gerant"),
    ("oe_etd.group_entrepreneur", "oe_mission.home_action_entrepreneur"),
)


class ResUsers(models.Model):
    _inherit = "res.users"

    oe_mission_company_ids = fields.Many2many(
        "res.company",
        "oe_mission_res_users_company_rel",
        "user_id",
        "company_id",
        string="CAEs opened by missions",
        readonly=True,
        groups="base.group_system",
        help="The CAEs this entrepreneur was given access to by accepting a mission there; taken back when no "
        "accepted assignment on a mission under way needs them.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._oe_set_home_action()
        users.filtered("share")._oe_sync_portal_companies()
        return users

    def _oe_sync_portal_companies(self):
        """A client's portal users reach the documents of every CAE that invoiced the client: their companies
        are their own plus the companies of the posted customer documents of their commercial partner (the
        portal's rules still show them their own documents only). Companies are never taken back."""
        users_sudo = self.sudo().filtered(lambda user: user.share and user.active)
        if not users_sudo:
            return
        partners = users_sudo.partner_id.commercial_partner_id
        rows = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("commercial_partner_id", "in", partners.ids),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                ],
                ["commercial_partner_id", "company_id"],
            )
        )
        companies = {}
        for partner, company in rows:
            companies.setdefault(partner.id, self.env["res.company"])
            companies[partner.id] |= company
        for user in users_sudo:
            missing = (
                companies.get(user.partner_id.commercial_partner_id.id, self.env["res.company"]) - user.company_ids
            )
            if missing:
                user.company_ids = [Command.link(company.id) for company in missing]

    def write(self, vals):
        res = super().write(vals)
        if "groups_id" in vals or any(key.startswith(("in_group_", "sel_groups_")) for key in vals):
            self._oe_set_home_action()
        return res

    def _oe_home_action(self):
        """The action this user lands on: their work (hours to validate, to invoice, their missions...), by
        the first of :data:`HOME_ACTIONS` whose group they have; False when none."""
        self.ensure_one()
        for group, action in HOME_ACTIONS:
            if self.has_group(group):
                return self.env.ref(action, raise_if_not_found=False)
        return False

    @api.model
    def _oe_home_action_run(self, xmlid):
        """The window action ``xmlid`` for the current user with all their companies active: as it is when they
        are all active already, else reloading the web client on it with them (``cids``), current one first."""
        action = self.env["ir.actions.actions"]._for_xml_id(xmlid)
        companies = self.env.user.company_ids
        if companies <= self.env.companies:
            return action
        ordered = self.env.company | companies
        return {
            "type": "ir.actions.act_url",
            "url": f"/odoo/action-{xmlid}?cids={'-'.join(str(company_id) for company_id in ordered.ids)}",
            "target": "self",
        }

    def _oe_set_home_action(self):
        """Give the users without a home action, or with the home action of another role, their role's one.
        A home action chosen by hand (any other action) is kept."""
        role_actions = {
            action.id for _group, xmlid in HOME_ACTIONS if (action := self.env.ref(xmlid, raise_if_not_found=False))
        }
        for user in self.sudo():
            if user.action_id and user.action_id.id not in role_actions:
                continue
            action = user._oe_home_action()
            action_id = action.id if action else False
            if action_id != user.action_id.id:
                user.action_id = action_id

    def _oe_staff_companies(self):
        """The companies where this user acts as staff: not the ones a mission opened to them."""
        self.ensure_one()
        return self.company_ids - self.sudo().oe_mission_company_ids

    def _oe_sync_mission_companies(self):
        """Give each user the CAEs of their accepted cross-CAE assignments on live missions, and take back
        the ones that missions had given and no such assignment needs any more (docs/architecture.md,
        "Cross-CAE work"). Companies given otherwise (home CAE, by an administrator) are never taken back."""
        users_sudo = self.sudo().filtered("id")
        if not users_sudo:
            return
        assignments = (
            self.env["oe.mission.assignment"]
            .sudo()
            .search(
                [
                    ("user_id", "in", users_sudo.ids),
                    ("state", "=", "accepted"),
                    ("is_cross_company", "=", True),
                    ("project_id.oe_state", "not in", ("done", "cancelled")),
                ]
            )
        )
        needed = assignments.grouped("user_id")
        for user in users_sudo:
            companies = needed.get(user, assignments.browse()).company_id
            to_add = companies - user.company_ids
            if to_add and any(user.has_group(group) for group in STAFF_GROUPS):
                # Staff rights follow the user's companies: a Gérant or an accountant works in another CAE
                # under an entrepreneur user of their own.
                raise UserError(
                    _(
                        "%(user)s is a manager or an accountant: they work on missions of %(companies)s with a "
                        "separate entrepreneur user.",
                        user=user.name,
                        companies=", ".join(to_add.mapped("name")),
                    )
                )
            to_remove = user.oe_mission_company_ids - companies - user.employee_ids.company_id
            commands = [Command.link(c.id) for c in to_add] + [Command.unlink(c.id) for c in to_remove]
            if commands:
                vals = {"company_ids": commands, "oe_mission_company_ids": commands}
                if user.company_id in to_remove:
                    vals["company_id"] = (user.employee_ids.company_id or user.company_ids - to_remove)[:1].id
                user.write(vals)
