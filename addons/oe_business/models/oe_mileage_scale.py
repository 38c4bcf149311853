from odoo import fields, models


class OeMileageScale(models.Model):
    """A row of the French barème kilométrique: for a year and a fiscal horsepower, the amount of a distance
    within [km_from, km_to) is km × rate + fixed. (Skeleton: the owner of the mileage work completes it.)"""

    _name = "oe.mileage.scale"
    _description = "Mileage scale (barème kilométrique)"
    _order = "year desc, vehicle_type, horsepower, km_from"

    year = fields.Integer(required=True)
    vehicle_type = fields.Selection([("car", "Car"), ("motorbike", "Motorbike")], required=True, default="car")
    horsepower = fields.Integer(required=True, help="Fiscal horsepower; the highest row means that and more.")
    km_from = fields.Integer(required=True, default=0)
    km_to = fields.Integer(help="Upper bound of the bracket (excluded); empty for the last bracket.")
    rate = fields.Float(required=True, digits=(16, 4))
    fixed = fields.Float(digits=(16, 2))
