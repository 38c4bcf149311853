from odoo import _, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .oe_redevance_statement_line import STATEMENT_LINE_MOVE_LINE_REL


class AccountMove(models.Model):
    _inherit = "account.move"

    # Fields of a client document whose change would change what a statement counted.
    _OE_COUNTED_MOVE_FIELDS = (
        "state",
        "partner_id",
        "commercial_partner_id",
        "move_type",
        "company_id",
        "date",
        "currency_id",
    )

    def _oe_counted_items(self):
        """The journal items of these documents that a live (not cancelled) redevance statement counts."""
        return self.line_ids._oe_counted_items()

    def _oe_check_not_counted(self):
        """A client document counted by a live statement is history: a credit note corrects it."""
        counted = self._oe_counted_items()
        if counted:
            raise UserError(
                _(
                    "The document %(move)s is counted by the redevance statement %(statement)s: it can no longer "
                    "be reset to draft, cancelled or changed. Issue a credit note instead; the next statement "
                    "counts it.",
                    move=counted[0].move_id.display_name,
                    statement=counted[0]._oe_counting_statements()[:1].name,
                )
            )

    def button_draft(self):
        self._oe_check_not_counted()
        return super().button_draft()

    def button_cancel(self):
        self._oe_check_not_counted()
        return super().button_cancel()

    def write(self, vals):
        watched = [field for field in vals if field in self._OE_COUNTED_MOVE_FIELDS]
        posted = self.filtered(lambda move: move.state == "posted") if watched else self.browse()
        if posted:
            posted._oe_counted_items().move_id.filtered(
                lambda move: any(self._field_will_change(move, vals, field) for field in watched)
            )._oe_check_not_counted()
        return super().write(vals)


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # Fields of a journal item that give its redevance base and its date, its entrepreneur and its pole (both
    # from the analytic distribution), and what it invoices.
    _OE_COUNTED_FIELDS = (
        "account_id",
        "balance",
        "debit",
        "credit",
        "amount_currency",
        "currency_id",
        "price_unit",
        "quantity",
        "discount",
        "price_subtotal",
        "date",
        "company_id",
        "move_id",
        "display_type",
        "product_id",
        "analytic_distribution",
    )

    def _oe_counted_items(self):
        """Those of these journal items that a live (not cancelled) redevance statement counts."""
        posted = self.filtered(lambda line: line.parent_state == "posted")
        if not posted.ids:
            return self.browse()
        self.env["oe.redevance.statement"].flush_model(["state"])
        self.env["oe.redevance.statement.line"].flush_model(["statement_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT rel.move_line_id
                  FROM %(rel)s rel
                  JOIN oe_redevance_statement_line sl ON sl.id = rel.statement_line_id
                  JOIN oe_redevance_statement s ON s.id = sl.statement_id
                 WHERE rel.move_line_id IN %(ids)s AND s.state != 'cancel'
                """,
                rel=SQL.identifier(STATEMENT_LINE_MOVE_LINE_REL),
                ids=tuple(posted.ids),
            )
        )
        counted = {row[0] for row in self.env.cr.fetchall()}
        return posted.filtered(lambda line: line.id in counted)

    def _oe_counting_statements(self):
        """The live statements that count these journal items."""
        return (
            self.env["oe.redevance.statement.line"]
            .sudo()
            .search([("move_line_ids", "in", self.ids), ("statement_id.state", "!=", "cancel")])
            .statement_id
        )

    def write(self, vals):
        watched = [field for field in vals if field in self._OE_COUNTED_FIELDS]
        if watched:
            Move = self.env["account.move"]
            self._oe_counted_items().filtered(
                lambda line: any(Move._field_will_change(line, vals, field) for field in watched)
            ).move_id._oe_check_not_counted()
        return super().write(vals)

    def unlink(self):
        self._oe_counted_items().move_id._oe_check_not_counted()
        return super().unlink()
