"""What the optician reads when a purchase is refused, and the largest purchase still accepted
(SPEC §2; the rules themselves: test_repurchase.py)."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.products import LensProduct
from chalicelib.domain.repurchase import PurchaseLine, lenses_per_eye, parse_lines, suggest, supply_days

DAILY = LensProduct("daily-lens", "Brand", "Daily Lens", "daily", 1, (1, 30, 90))
MONTHLY = LensProduct("monthly-lens", "Brand", "Monthly Lens", "monthly", 30, (61,))
BOUGHT = date(2026, 1, 10)


def refusal(call, *args, **kwargs) -> tuple[str | None, str]:
    with pytest.raises(ValidationError) as refused:
        call(*args, **kwargs)
    return refused.value.field, refused.value.message


@pytest.mark.parametrize("raw, field, message", [
    ({"eye": "right"}, "lines", "Must be a list of purchase lines."),
    ([], "lines", "At least one purchase line is required."),
    (["right"], "lines[0]", "Must be an object with eye, pack_size and quantity."),
    ([{"eye": "middle", "pack_size": 30, "quantity": 1}], "lines[0].eye", "Must be one of: right, left, both."),
    ([{"eye": "right", "pack_size": "30", "quantity": 1}], "lines[0].pack_size", "Must be a whole number."),
    ([{"eye": "right", "pack_size": 30, "quantity": True}], "lines[0].quantity", "Must be a whole number."),
    ([{"eye": "right", "pack_size": 1001, "quantity": 1}], "lines[0].pack_size", "Must be between 1 and 1000."),
    ([{"eye": "right", "pack_size": 30, "quantity": 101}], "lines[0].quantity", "Must be between 1 and 100."),
])
def test_a_bad_purchase_line_is_named_and_explained(raw, field, message):
    assert refusal(parse_lines, raw) == (field, message)


def test_the_largest_pack_and_quantity_are_accepted():
    assert parse_lines([{"eye": "both", "pack_size": 1000, "quantity": 100}]) == [PurchaseLine("both", 1000, 100)]


def test_a_line_for_an_eye_without_a_passport_lens_is_named():
    assert refusal(supply_days, [PurchaseLine("left", 30, 1)], {"right": DAILY}, "daily") == (
        "lines[0].eye", "The lens passport has no lens for the left eye.")


def test_a_line_without_packs_is_refused_on_its_quantity():
    assert refusal(supply_days, [PurchaseLine("right", 30, 0)], {"right": DAILY}, "daily") == (
        "lines[0].quantity", "Must be at least 1.")


def test_an_eye_with_no_lenses_is_left_out():
    assert lenses_per_eye([PurchaseLine("right", 30, 0), PurchaseLine("left", 30, 1)]) == {"left": 30}


def test_the_usage_errors_list_the_choices_and_say_when_reduced_wearing_applies():
    assert refusal(supply_days, [PurchaseLine("right", 61, 1)], {"right": MONTHLY}, "weekly") == (
        "usage", "Must be one of: daily, 5_per_week, 3_4_per_week, 1_2_per_week.")
    assert refusal(supply_days, [PurchaseLine("right", 61, 1)], {"right": MONTHLY}, "5_per_week") == (
        "usage", "Reduced wearing applies to daily lenses only; use 'daily'.")


def test_one_day_and_ten_years_of_lenses_are_accepted_and_beyond_is_refused():
    assert supply_days([PurchaseLine("right", 1, 1)], {"right": DAILY}, "daily") == 1
    assert supply_days([PurchaseLine("right", 61, 2)], {"right": MONTHLY}, "daily") == 3660
    assert refusal(supply_days, [PurchaseLine("right", 61, 3)], {"right": MONTHLY}, "daily") == (
        "lines", "The lenses bought would last more than 3660 days; check the quantities.")


def test_half_a_daily_lens_per_eye_does_not_last_a_day():
    assert refusal(supply_days, [PurchaseLine("both", 1, 1)], {"right": DAILY, "left": DAILY}, "daily") == (
        "lines", "The lenses bought do not last a full day.")


def test_the_suggestion_errors_name_the_setting_or_the_date():
    lines, products = [PurchaseLine("right", 30, 1)], {"right": DAILY}

    assert refusal(suggest, lines, products, BOUGHT, "daily", "yes", 7) == ("no_stock", "Must be true or false.")
    assert refusal(suggest, lines, products, BOUGHT, "daily", False, -1) == (
        "repurchase_lead_days", "Must be a whole number of days, 0 or more.")
    assert refusal(suggest, lines, products, date(9999, 12, 20), "daily", False, 7) == (
        "purchased_on", "Date out of range.")


def test_a_purchase_without_lines_is_refused():
    assert refusal(supply_days, [], {"right": DAILY}, "daily") == ("lines", "At least one purchase line is required.")
