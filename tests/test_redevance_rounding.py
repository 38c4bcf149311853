"""Money rounding of the redevance and the contribution (architecture.md, "Money rules").

Plain pytest: ``oe_redevance/tools/rounding.py`` imports nothing from Odoo, so it is loaded by path.
"""

import importlib.util
import random
from pathlib import Path

import pytest

_path = Path(__file__).resolve().parents[1] / "addons" / "oe_redevance" / "tools" / "rounding.py"
_spec = importlib.util.spec_from_file_location("oe_rounding", _path)
rounding = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(rounding)


@pytest.mark.parametrize(
    ("amount", "cents"),
    [(0.1 + 0.2, 30), ("2.675", 268), (-2.675, -268), (1234.565, 123457), (0, 0)],
)
def test_to_cents_half_away_from_zero(amount, cents):
    assert rounding.to_cents(amount) == cents


def test_levy_rounds_the_exact_product():
    assert rounding.levy_cents(1234.56, 6) == 7407  # 74.0736
    assert rounding.levy_cents(33.33, 7) == 233  # 2.3331
    assert rounding.levy_cents(-500, 6) == -3000
    assert rounding.levy_cents(0.25, 2) == 1  # 0.005 -> 0.01, not the float's 0.0049999


def test_split_gives_the_cents_left_to_the_largest_remainders():
    assert rounding.split_cents(700, [3333, 3333, 3334]) == [233, 233, 234]
    assert rounding.split_cents(100, [1, 1, 1]) == [34, 33, 33], "ties go to the earlier part"
    assert rounding.split_cents(7407, [40, 60]) == [2963, 4444]  # 2962.8 and 4444.2


def test_split_with_credit_notes_and_zero_weights():
    assert rounding.split_cents(-3000, [40, 60]) == [-1200, -1800]
    assert sum(rounding.split_cents(-1001, [1, 1, 1])) == -1001
    assert rounding.split_cents(5, [10, -10]) == [5, 0], "weights adding up to zero: all to the first part"
    assert rounding.split_cents(0, []) == []
    with pytest.raises(ValueError):
        rounding.split_cents(1, [])


def test_parts_always_add_up():
    rng = random.Random(7)
    for _ in range(500):
        weights = [rng.randint(-5000, 20000) for _ in range(rng.randint(1, 12))]
        total = rng.randint(-100000, 100000)
        parts = rounding.split_cents(total, weights)
        assert sum(parts) == total
        if sum(weights) > 0 and all(w >= 0 for w in weights) and total >= 0:
            exact = [total * w / sum(weights) for w in weights]
            assert all(abs(p - e) < 1 for p, e in zip(parts, exact, strict=True))
