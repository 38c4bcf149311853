"""The barème kilométrique (docs/architecture.md, "Expenses and mileage"): ``oe_business/tools/mileage.py``.

Plain pytest: the module imports nothing from Odoo but the project's pure rounding module, which ``conftest.py``
registers under its Odoo name; the mileage module is loaded by path. Figures: the 2024 barème (BOI-BAREME-000001),
reconducted for 2025.
"""

import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest

_path = Path(__file__).resolve().parents[1] / "addons" / "oe_business" / "tools" / "mileage.py"
_spec = importlib.util.spec_from_file_location("oe_mileage", _path)
mileage = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mileage)

D = Decimal
B = mileage.Bracket
CAR_5CV = [B(0, 5000, "0.636"), B(5000, 20000, "0.357", 1395), B(20000, None, "0.427")]
CAR_3CV = [B(0, 5000, "0.529"), B(5000, 20000, "0.316", 1065), B(20000, None, "0.370")]
MOTO_3_5CV = [B(0, 3000, "0.468"), B(3000, 6000, "0.082", 1158), B(6000, None, "0.275")]


@pytest.mark.parametrize(
    ("brackets", "distance", "amount"),
    [
        (CAR_5CV, 1000, D("636.00")),  # 1 000 × 0.636
        (CAR_5CV, 5000, D("3180.00")),  # "up to 5 000 km": the first bracket
        (CAR_5CV, 5001, D("3180.36")),  # 5 001 × 0.357 + 1 395 = 3 180.357
        (CAR_5CV, 20000, D("8535.00")),  # 20 000 × 0.357 + 1 395
        (CAR_5CV, 20001, D("8540.43")),  # 20 001 × 0.427 = 8 540.427
        (CAR_3CV, D("12.5"), D("6.61")),  # 6.6125, half up
        (MOTO_3_5CV, 4000, D("1486.00")),  # 4 000 × 0.082 + 1 158
        (CAR_5CV, 0, D("0.00")),
    ],
)
def test_year_amount_by_bracket(brackets, distance, amount):
    assert mileage.year_amount(brackets, distance) == amount


def test_a_trip_across_a_bracket_is_the_difference_of_the_year_formulas():
    # 4 800 km driven before, then 400 km: 5 200 × 0.357 + 1 395 = 3 251.40, minus 4 800 × 0.636 = 3 052.80
    assert mileage.trip_amount(CAR_5CV, 4800, 400) == D("198.60")
    # the same trip at the start of the year is 400 × 0.636
    assert mileage.trip_amount(CAR_5CV, 0, 400) == D("254.40")
    # across the last boundary: 20 100 × 0.427 = 8 582.70, minus 19 900 × 0.357 + 1 395 = 8 499.30
    assert mileage.trip_amount(CAR_5CV, 19900, 200) == D("83.40")


def test_the_trips_of_a_year_add_up_to_the_formula_of_its_total_to_the_cent():
    distances = [D("12.5"), 4790, D("333.3"), 7, 14857, D("0.1"), 3000, 1]
    priced = mileage.price_trips(CAR_3CV, 0, distances)
    assert sum(amount for _before, amount in priced) == mileage.year_amount(CAR_3CV, sum(distances))
    assert [before for before, _amount in priced][:3] == [0, D("12.5"), D("4802.5")]


def test_horsepower_takes_the_row_of_its_class():
    cars = [3, 4, 5, 6, 7]
    assert mileage.pick_horsepower(cars, 1) == 3, "3 CV and less"
    assert mileage.pick_horsepower(cars, 5) == 5
    assert mileage.pick_horsepower(cars, 11) == 7, "7 CV and more"
    motorbikes = [2, 5, 6]
    assert [mileage.pick_horsepower(motorbikes, power) for power in (1, 2, 3, 5, 6, 9)] == [2, 2, 5, 5, 6, 6]
    assert mileage.pick_horsepower([], 5) is None


def test_bad_input_is_a_mileage_error():
    with pytest.raises(mileage.MileageError):
        mileage.trip_amount(CAR_5CV, 0, -3)
    with pytest.raises(mileage.MileageError):
        mileage.year_amount([B(0, 5000, "0.5")], 6000)
    with pytest.raises(mileage.MileageError, match="should start"):
        mileage.check_brackets([B(0, 5000, "0.5"), B(6000, None, "0.3")])
    with pytest.raises(mileage.MileageError, match="no upper bound"):
        mileage.check_brackets([B(0, 5000, "0.5")])
    with pytest.raises(mileage.MileageError, match="only the last"):
        mileage.check_brackets([B(0, None, "0.5"), B(5000, None, "0.3")])
    assert mileage.check_brackets(list(reversed(CAR_5CV))) == CAR_5CV


def test_a_scale_being_entered_is_checked_without_completeness():
    assert mileage.check_brackets([B(0, 5000, "0.5")], complete=False) == [B(0, 5000, "0.5")]
    with pytest.raises(mileage.MileageError, match="should start"):
        mileage.check_brackets([B(0, 5000, "0.5"), B(4000, None, "0.3")], complete=False)
    with pytest.raises(mileage.MileageError, match="negative"):
        mileage.check_brackets([B(0, 5000, "-0.5")], complete=False)
