"""Money rounding of the whole project, in plain Python (no Odoo import: the root ``tests/`` run it with pytest).

The rules (docs/architecture.md, "Money rules"):

* Amounts are computed in ``Decimal``; a float is read through its shortest repr (``20.85`` stays ``20.85``, not
  ``20.8499999…``), so that what the user typed is what is rounded.
* Rounding is half away from zero, as accountants round: to the cent (``CENT``) for money, to the euro (``EURO``)
  where the seed's table is shown rounded. For positive amounts this is "half up".
* An amount stored as whole cents (an ``int``) is exact: sums and splits are done in cents, then turned back to
  a float only to be written in a monetary field.
* A levy (redevance, contribution) is a base times a rate in percent, rounded to the cent once, on the exact
  product.
* A total is split into parts (conceptual / operational, one share per statement line) by the largest remainder
  method: every part gets its exact share rounded down to the cent, then the cents left go, one each, to the parts
  with the largest remainders (ties: the earlier part). The parts always add up to the total exactly.
"""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
EURO = Decimal("1")


def to_decimal(value):
    """A Decimal from an int, a float (through its shortest repr: 20.85 stays 20.85), a str or a Decimal.

    ``None`` and ``False`` (an empty Odoo field) are 0.
    """
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def round_half_up(value, step=CENT):
    """``value`` as a Decimal rounded to a multiple of ``step`` (a cent by default), half away from zero."""
    return to_decimal(value).quantize(to_decimal(step), rounding=ROUND_HALF_UP)


def to_cents(amount):
    """An amount (float, int, str or Decimal) as whole cents, half away from zero."""
    return int((Decimal(str(amount)) / CENT).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents):
    """Whole cents back to a float, for a monetary field."""
    return float(Decimal(cents) * CENT)


def levy_cents(base, rate_percent):
    """``base`` × ``rate_percent`` %, in cents (half away from zero)."""
    exact = Decimal(str(base)) * Decimal(str(rate_percent)) / Decimal(100)
    return int((exact / CENT).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def split_cents(total_cents, weights):
    """Split ``total_cents`` (an int) in proportion to ``weights``, by largest remainder.

    Returns one int per weight, adding up to ``total_cents``. Weights may be negative (credit notes
    in a base); when they add up to zero, the whole total goes to the first part, and an empty list
    of weights only splits a zero total.
    """
    weights = [Decimal(str(w)) for w in weights]
    if not weights:
        if total_cents:
            raise ValueError("cannot split a non-zero total into no parts")
        return []
    weight_sum = sum(weights)
    if not weight_sum:
        return [total_cents] + [0] * (len(weights) - 1)
    exact = [Decimal(total_cents) * w / weight_sum for w in weights]
    parts = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    left = total_cents - sum(parts)  # 0 <= left < len(parts): the floors lose less than 1 cent each
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:left]:
        parts[i] += 1
    return parts
