from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import mileage as mileage_tool


class OeMileageScale(models.Model):
    """A row of the French barème kilométrique: for a year, a vehicle type and a fiscal horsepower, the amount of
    a yearly distance ``d`` with ``km_from < d <= km_to`` is ``d × rate + fixed`` (docs/architecture.md,
    "Expenses and mileage"; the pricing rule itself is ``tools/mileage.py``).

    ``horsepower`` is the highest of the row's class; the highest row of a year and vehicle type also covers more
    (7 means "7 CV and more"; motorbikes: 2 for "1 or 2 CV", 5 for "3 to 5 CV", 6 for "more than 5 CV"). Only
    network administrators write the scale (access rights); everybody reads it."""

    _name = "oe.mileage.scale"
    _description = "Mileage scale (barème kilométrique)"
    _order = "year desc, vehicle_type, horsepower, km_from"
    _rec_names_search = ["year", "vehicle_type"]

    year = fields.Integer(required=True, index=True)
    vehicle_type = fields.Selection([("car", "Car"), ("motorbike", "Motorbike")], required=True, default="car")
    horsepower = fields.Integer(
        string="Fiscal horsepower",
        required=True,
        help="The highest fiscal horsepower of the row's class; the highest row of the year also covers more.",
    )
    km_from = fields.Integer(
        string="Above (km)", required=True, default=0, help="Lower bound of the bracket (excluded)."
    )
    km_to = fields.Integer(
        string="Up to (km)", help="Upper bound of the bracket (included); empty for the last bracket."
    )
    rate = fields.Float(string="Rate per km", required=True, digits=(16, 4))
    fixed = fields.Float(string="Fixed part", digits=(16, 2))

    _sql_constraints = [
        (
            "oe_mileage_scale_unique",
            "UNIQUE(year, vehicle_type, horsepower, km_from)",
            "A bracket starts once per year, vehicle type and horsepower.",
        ),
    ]

    @api.depends("year", "vehicle_type", "horsepower", "km_from", "km_to")
    def _compute_display_name(self):
        types = dict(self._fields["vehicle_type"]._description_selection(self.env))
        for row in self:
            upper = _("%(km)s km", km=row.km_to) if row.km_to else "∞"
            row.display_name = (
                f"{row.year} {types.get(row.vehicle_type, '')} {row.horsepower} CV: {row.km_from}–{upper}"
            )

    @api.constrains("year", "vehicle_type", "horsepower", "km_from", "km_to", "rate", "fixed")
    def _check_oe_brackets(self):
        """Each year, vehicle type and horsepower: brackets one after the other without overlap, only the last one
        open (a gap, while the rows are being entered, is refused when an expense needs it)."""
        for row in self:
            if not 2000 <= row.year <= 2100:
                raise ValidationError(_("The year of a mileage scale is between 2000 and 2100."))
            if row.horsepower <= 0:
                raise ValidationError(_("The fiscal horsepower of a mileage scale is greater than 0."))
        for (year, vehicle_type, horsepower), rows in self._oe_rows_by_class(self._oe_classes()).items():
            try:
                mileage_tool.check_brackets([row._oe_bracket() for row in rows], complete=False)
            except mileage_tool.MileageError as error:
                raise ValidationError(
                    _(
                        "The mileage scale %(year)s, %(horsepower)s CV (%(type)s) is not consistent: %(error)s.",
                        year=year,
                        horsepower=horsepower,
                        type=vehicle_type,
                        error=str(error),
                    )
                ) from error

    @api.model_create_multi
    def create(self, vals_list):
        rows = super().create(vals_list)
        rows._oe_reprice_expenses()
        return rows

    def write(self, vals):
        years = set(self.mapped("year"))
        result = super().write(vals)
        self._oe_reprice_expenses(years)
        return result

    def unlink(self):
        years = set(self.mapped("year"))
        result = super().unlink()
        self.env["oe.mileage.scale"]._oe_reprice_expenses(years)
        return result

    def action_oe_copy_to_next_year(self):
        """Copy the whole scale of the latest selected year to the next year (which must have no scale yet)."""
        if not self:
            raise UserError(_("Select a row of the year to copy."))
        year = max(self.mapped("year"))
        new_rows = self.copy_year(year, year + 1)
        return {
            "type": "ir.actions.act_window",
            "name": _("Mileage scale %(year)s", year=year + 1),
            "res_model": "oe.mileage.scale",
            "view_mode": "list,form",
            "domain": [("id", "in", new_rows.ids)],
            "context": {"search_default_group_year": 1},
        }

    @api.model
    def copy_year(self, year, new_year):
        """The rows of ``year`` copied to ``new_year``; refused if ``new_year`` already has a scale."""
        rows = self.search([("year", "=", year)])
        if not rows:
            raise UserError(_("There is no mileage scale for %(year)s to copy.", year=year))
        if self.search_count([("year", "=", new_year)], limit=1):
            raise UserError(_("The mileage scale of %(year)s already exists: change its rows instead.", year=new_year))
        return self.create([row._oe_copy_vals(new_year) for row in rows])

    def _oe_copy_vals(self, new_year):
        self.ensure_one()
        return {
            "year": new_year,
            "vehicle_type": self.vehicle_type,
            "horsepower": self.horsepower,
            "km_from": self.km_from,
            "km_to": self.km_to,
            "rate": self.rate,
            "fixed": self.fixed,
        }

    def _oe_bracket(self):
        self.ensure_one()
        return mileage_tool.Bracket(self.km_from, self.km_to or None, self.rate, self.fixed)

    def _oe_classes(self):
        return {(row.year, row.vehicle_type, row.horsepower) for row in self}

    def _oe_rows_by_class(self, classes):
        """{(year, vehicle type, horsepower): rows} for ``classes``, in one search."""
        if not classes:
            return {}
        rows = self.search(
            [
                ("year", "in", list({year for year, _type, _power in classes})),
                ("vehicle_type", "in", list({vehicle_type for _year, vehicle_type, _power in classes})),
            ]
        )
        by_class = defaultdict(lambda: self.browse())
        for row in rows:
            key = (row.year, row.vehicle_type, row.horsepower)
            if key in classes:
                by_class[key] |= row
        return by_class

    @api.model
    def _oe_brackets(self, year, vehicle_type, horsepower):
        """The brackets that price a vehicle of ``horsepower`` in ``year`` (UserError when the year has none)."""
        rows = self.sudo().search([("year", "=", year), ("vehicle_type", "=", vehicle_type)])
        power = mileage_tool.pick_horsepower(rows.mapped("horsepower"), horsepower)
        if power is None:
            raise UserError(
                _(
                    "There is no mileage scale for %(year)s: a network administrator copies the last year's scale "
                    "to %(year)s (Mileage scale, Copy to a new year).",
                    year=year,
                )
            )
        return [row._oe_bracket() for row in rows.filtered(lambda r: r.horsepower == power)]

    def _oe_reprice_expenses(self, years=None):
        """The open mileage expenses of the scale's years are priced on the scale as it is now; a change that
        leaves a trip of these years (open, approved or posted) without a price is refused (UserError), so a
        deleted or shortened bracket never prices a trip at 0 (docs/architecture.md, "Expenses and mileage")."""
        years = set(years or ()) | set(self.mapped("year"))
        product = self.env.ref("oe_business.product_mileage", raise_if_not_found=False)
        if not years or not product:
            return
        Expense = self.env["hr.expense"].sudo()
        expenses = Expense.search(
            [
                ("product_id", "=", product.id),
                ("state", "!=", "refused"),
                ("date", ">=", f"{min(years)}-01-01"),
                ("date", "<=", f"{max(years)}-12-31"),
            ]
        ).filtered(lambda e: e.date.year in years)
        open_expenses = expenses.filtered(lambda e: e.state in ("draft", "reported", "submitted"))
        if open_expenses:
            open_expenses.modified(["quantity"])
            open_expenses.flush_recordset()
        expenses._oe_check_mileage_priced()
