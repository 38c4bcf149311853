from odoo import Command, _, fields, models
from odoo.exceptions import UserError

STAFF_GROUPS = ("oe_etd.group_cae_manager", "oe_etd.group_cae_accountant")


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
