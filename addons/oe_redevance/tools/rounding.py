"""Money rounding of the redevance and the contribution (architecture.md, "Money rules").

Pure Python on purpose (no Odoo import): the root ``tests/`` run it with plain pytest.

* An amount is a base times a rate, rounded to the cent, half away from zero.
* A total is split into parts (conceptual / operational, one share per statement line) by the
  largest remainder method: every part gets its exact share rounded down to the cent, then the cents
  left go, one each, to the parts with the largest remainders (ties: the earlier part). The parts
  always add up to the total exactly.
"""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def to_cents(amount):
    """An amount (float, int, str or Decimal) as whole cents, half away from zero."""
    return int((Decimal(str(amount)) / CENT).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_cents(cents):
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
