"""The French barème kilométrique, in plain Python (no Odoo import: the root ``tests/`` run it with pytest).

The rules (docs/architecture.md, "Expenses and mileage"):

* A scale row of a year and a vehicle (type, fiscal horsepower) gives, for a yearly distance ``d`` in its
  bracket, the amount ``d × rate + fixed``. A bracket is ``km_from < d <= km_to`` ("up to 5 000 km",
  "from 5 001 to 20 000 km", "over 20 000 km"); the last bracket has no ``km_to``.
* A row's horsepower is the highest of its class: a vehicle takes the row with the smallest horsepower at least
  its own, else the highest row (3 CV covers "3 CV and less", 7 CV "7 CV and more"; motorbikes 2, 5 and 6 for
  "1 or 2 CV", "3 to 5 CV" and "more than 5 CV").
* The barème applies to the distance of the whole civil year: a trip of ``km`` made after ``km_before`` km of the
  year is worth ``formula(km_before + km) − formula(km_before)``, each formula rounded to the cent first (half
  away from zero, ``oe_etd/tools/rounding.py``). So the trips of a year always add up, to the cent, to the
  formula of the year's total, whichever brackets they cross.
"""

from typing import NamedTuple

from odoo.addons.oe_etd.tools.rounding import round_half_up, to_decimal


class Bracket(NamedTuple):
    """One row of the scale: ``km_from < d <= km_to`` (``km_to`` None: no upper bound) → d × rate + fixed."""

    km_from: object
    km_to: object
    rate: object
    fixed: object = 0


class MileageError(ValueError):
    """The scale cannot price this distance (no bracket holds it, a negative distance)."""


def pick_horsepower(available, horsepower):
    """The row horsepower for a vehicle of ``horsepower`` among the ``available`` ones of its type and year:
    the smallest at least ``horsepower``, else the highest. None when nothing is available."""
    available = sorted(set(available))
    if not available:
        return None
    return next((power for power in available if power >= horsepower), available[-1])


def check_brackets(brackets, complete=True):
    """Raise MileageError unless the brackets follow each other without overlap, only the last one open, rates and
    fixed parts not negative; ``complete``: also from 0 km without gap, the last one open (a scale being entered
    row by row is checked with ``complete=False``). Returns the brackets in order."""
    ordered = sorted(brackets, key=lambda b: to_decimal(b.km_from))
    expected = to_decimal(0)
    for index, bracket in enumerate(ordered):
        start = to_decimal(bracket.km_from)
        if to_decimal(bracket.rate) < 0 or to_decimal(bracket.fixed) < 0:
            raise MileageError("a rate or fixed part is negative")
        if start < expected or (complete and start != expected):
            raise MileageError(f"the bracket starting at {bracket.km_from} km should start at {expected} km")
        if bracket.km_to in (None, False):
            if index != len(ordered) - 1:
                raise MileageError(f"only the last bracket is open, not the one from {bracket.km_from} km")
            return ordered
        if to_decimal(bracket.km_to) <= start:
            raise MileageError(f"the bracket from {bracket.km_from} km ends before it starts")
        expected = to_decimal(bracket.km_to)
    if complete:
        raise MileageError("the last bracket must have no upper bound")
    return ordered


def formula(brackets, distance):
    """The exact amount (Decimal) of a yearly ``distance`` in km: ``d × rate + fixed`` of its bracket."""
    distance = to_decimal(distance)
    if distance < 0:
        raise MileageError("a distance is never negative")
    if not distance:
        return to_decimal(0)
    for bracket in brackets:
        above_from = distance > to_decimal(bracket.km_from)
        below_to = bracket.km_to in (None, False) or distance <= to_decimal(bracket.km_to)
        if above_from and below_to:
            return distance * to_decimal(bracket.rate) + to_decimal(bracket.fixed)
    raise MileageError(f"no bracket of the scale holds {distance} km")


def year_amount(brackets, distance):
    """The amount of a yearly ``distance``, rounded to the cent (Decimal)."""
    return round_half_up(formula(brackets, distance))


def trip_amount(brackets, km_before, km):
    """The amount (Decimal, to the cent) of ``km`` driven after ``km_before`` km of the same civil year:
    ``year_amount(km_before + km) − year_amount(km_before)``."""
    km_before, km = to_decimal(km_before), to_decimal(km)
    if km < 0 or km_before < 0:
        raise MileageError("a distance is never negative")
    return year_amount(brackets, km_before + km) - year_amount(brackets, km_before)


def price_trips(brackets, km_before, distances):
    """Price ``distances`` (in order) after ``km_before`` km of the year: [(km_before of the trip, amount)]."""
    result = []
    before = to_decimal(km_before)
    for km in distances:
        result.append((before, trip_amount(brackets, before, km)))
        before += to_decimal(km)
    return result
