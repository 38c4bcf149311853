"""The project's money rounding (docs/architecture.md, "Money rules"): ``oe_etd/tools/rounding.py``.

Plain pytest: the module imports nothing from Odoo; ``conftest.py`` loads it by path under its Odoo name.
"""

import random
from decimal import Decimal

import pytest

from odoo.addons.oe_etd.tools.rounding import (
    CENT,
    EURO,
    from_cents,
    levy_cents,
    round_half_up,
    split_cents,
    to_cents,
    to_decimal,
)


@pytest.mark.parametrize(
    ("amount", "cents"),
    [(0.1 + 0.2, 30), ("2.675", 268), (-2.675, -268), (1234.565, 123457), (0, 0)],
)
def test_to_cents_half_away_from_zero(amount, cents):
    assert to_cents(amount) == cents


def test_levy_rounds_the_exact_product():
    assert levy_cents(1234.56, 6) == 7407  # 74.0736
    assert levy_cents(33.33, 7) == 233  # 2.3331
    assert levy_cents(-500, 6) == -3000
    assert levy_cents(0.25, 2) == 1  # 0.005 -> 0.01, not the float's 0.0049999


def test_split_gives_the_cents_left_to_the_largest_remainders():
    assert split_cents(700, [3333, 3333, 3334]) == [233, 233, 234]
    assert split_cents(100, [1, 1, 1]) == [34, 33, 33], "ties go to the earlier part"
    assert split_cents(7407, [40, 60]) == [2963, 4444]  # 2962.8 and 4444.2


def test_split_with_credit_notes_and_zero_weights():
    assert split_cents(-3000, [40, 60]) == [-1200, -1800]
    assert sum(split_cents(-1001, [1, 1, 1])) == -1001
    assert split_cents(5, [10, -10]) == [5, 0], "weights adding up to zero: all to the first part"
    assert split_cents(0, []) == []
    with pytest.raises(ValueError):
        split_cents(1, [])


def test_parts_always_add_up():
    rng = random.Random(7)
    for _ in range(500):
        weights = [rng.randint(-5000, 20000) for _ in range(rng.randint(1, 12))]
        total = rng.randint(-100000, 100000)
        parts = split_cents(total, weights)
        assert sum(parts) == total
        if sum(weights) > 0 and all(w >= 0 for w in weights) and total >= 0:
            exact = [total * w / sum(weights) for w in weights]
            assert all(abs(p - e) < 1 for p, e in zip(parts, exact, strict=True))


def test_from_cents_is_the_amount():
    assert from_cents(7407) == 74.07
    assert from_cents(-268) == -2.68
    assert from_cents(to_cents(0.1 + 0.2)) == 0.3


@pytest.mark.parametrize(
    ("value", "expected"),
    [(20.85, Decimal("20.85")), (3, Decimal(3)), ("2.675", Decimal("2.675")), (None, Decimal(0)), (False, Decimal(0))],
)
def test_to_decimal_reads_a_float_through_its_shortest_repr(value, expected):
    assert to_decimal(value) == expected
    assert to_decimal(Decimal("1.10")) == Decimal("1.10")


def test_round_half_up_to_the_cent_or_the_euro():
    assert round_half_up("2.675") == Decimal("2.68")
    assert round_half_up(-2.675) == Decimal("-2.68"), "half away from zero"
    assert round_half_up(2.675) == Decimal("2.68"), "the float's shortest repr, not 2.67499999..."
    assert round_half_up(Decimal("2814.75"), EURO) == Decimal(2815)
    assert round_half_up(1237.5, EURO) == Decimal(1238)
    assert round_half_up(0) == Decimal("0.00")
    assert CENT == Decimal("0.01")


def test_cents_and_round_half_up_agree():
    rng = random.Random(11)
    for _ in range(500):
        amount = rng.randint(-(10**7), 10**7) / 1000
        assert Decimal(to_cents(amount)) * CENT == round_half_up(amount)
