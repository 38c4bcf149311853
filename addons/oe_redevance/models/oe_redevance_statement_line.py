from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

STATEMENT_LINE_MOVE_LINE_REL = "oe_redevance_statement_line_aml_rel"


class OeRedevanceStatementLine(models.Model):
    """A frozen part of a statement's base: one pole, one entrepreneur, one rate, one origin period.

    Only :meth:`oe.redevance.statement.generate` writes lines, on draft statements; the lines of a
    confirmed, posted or cancelled statement are its figures, frozen with it.
    """

    _name = "oe.redevance.statement.line"
    _description = "Redevance statement line"
    _order = "statement_id, origin_date nulls first, pole_id, employee_id, id"

    statement_id = fields.Many2one("oe.redevance.statement", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="statement_id.company_id", store=True, index=True)
    etd_id = fields.Many2one(related="statement_id.etd_id", store=True)
    date_from = fields.Date(related="statement_id.date_from", store=True, string="Period")
    state = fields.Selection(related="statement_id.state", store=True)
    # The statement's currency, through the line's own company (the statement's): create() rounds a
    # monetary value with the currency of the values' first related field, and through statement_id it
    # would build a new record per line and per amount to find it (docs/development.md, "Benchmarks").
    currency_id = fields.Many2one(related="company_id.currency_id")
    pole_id = fields.Many2one("oe.pole", string="Pole", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Entrepreneur (person)", readonly=True)
    employee_id = fields.Many2one("hr.employee", string="Entrepreneur", readonly=True)
    rate_id = fields.Many2one("oe.redevance.rate", string="Rate record", readonly=True, ondelete="restrict", index=True)
    rate = fields.Float(string="Rate (%)", digits=(5, 2), readonly=True)
    origin_date = fields.Date(
        string="Regularised period",
        readonly=True,
        help="Start of the earlier period of late lines; empty for the period's own.",
    )
    origin_label = fields.Char(string="Origin", compute="_compute_origin_label")
    is_regularisation = fields.Boolean(compute="_compute_origin_label", string="Regularisation")
    base_amount = fields.Monetary(string="Base (excl. VAT)", readonly=True)
    amount = fields.Monetary(string="Redevance", readonly=True)
    move_line_ids = fields.Many2many(
        "account.move.line",
        STATEMENT_LINE_MOVE_LINE_REL,
        "statement_line_id",
        "move_line_id",
        string="Counted journal items",
        readonly=True,
    )
    move_line_count = fields.Integer(compute="_compute_move_line_count", string="Items")

    @api.depends("origin_date", "statement_id.period_kind")
    def _compute_origin_label(self):
        Statement = self.env["oe.redevance.statement"]
        for line in self:
            line.is_regularisation = bool(line.origin_date)
            line.origin_label = (
                _(
                    "Regularisation %(period)s",
                    period=Statement._period_label(line.origin_date, line.statement_id.period_kind),
                )
                if line.origin_date
                else _("Period")
            )

    def _compute_move_line_count(self):
        counts = {}
        if self.ids:
            self.env.cr.execute(
                SQL(
                    "SELECT statement_line_id, COUNT(*) FROM %s WHERE statement_line_id IN %s GROUP BY 1",
                    SQL.identifier(STATEMENT_LINE_MOVE_LINE_REL),
                    tuple(self.ids),
                )
            )
            counts = dict(self.env.cr.fetchall())
        for line in self:
            line.move_line_count = counts.get(line.id, 0)

    # ------------------------------------------------------------------ CRUD

    def write(self, vals):
        self.check_access("write")  # users have no write access at all: told so first
        self._check_statement_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_of_drafts(self):
        self._check_statement_draft()

    def _check_statement_draft(self):
        """The lines of a confirmed, posted or cancelled statement are frozen with it, sudo included."""
        frozen = self.statement_id.filtered(lambda statement: statement.state != "draft")
        if frozen:
            raise UserError(
                _(
                    "The redevance statement %(name)s is confirmed, posted or cancelled: its lines cannot be changed.",
                    name=frozen[0].name,
                )
            )

    # ------------------------------------------------------------------ navigation

    def action_open_move_lines(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Counted journal items"),
            "res_model": "account.move.line",
            "view_mode": "list",
            "domain": [("id", "in", self.move_line_ids.ids)],
        }
