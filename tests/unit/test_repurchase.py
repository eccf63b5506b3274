"""Repurchase reminder rules (SPEC §2, seed "Nachkauf-Erinnerung")."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.products import LensProduct
from chalicelib.domain.repurchase import (
    EYES,
    NO_STOCK_DAYS,
    USAGE_FACTORS,
    USAGES,
    PurchaseLine,
    Suggestion,
    from_order,
    lenses_per_eye,
    parse_lines,
    suggest,
    supply_days,
)

DAILY = LensProduct("daily-lens", "Brand", "Daily Lens", "daily", 1, (30, 90))
OTHER_DAILY = LensProduct("other-daily", "Brand", "Other Daily", "daily", 1, (30, 90))
TWO_WEEKLY = LensProduct("two-weekly", "Brand", "Two Weekly", "two_weekly", 14, (6, 12))
MONTHLY = LensProduct("monthly-lens", "Brand", "Monthly Lens", "monthly", 30, (3, 6))
QUARTERLY = LensProduct("quarterly-lens", "Brand", "Quarterly Lens", "quarterly", 90, (1, 2))

BOTH_DAILY = {"right": DAILY, "left": DAILY}
BOUGHT = date(2026, 1, 10)


def line(eye: str, pack_size: int, quantity: int = 1) -> PurchaseLine:
    return PurchaseLine(eye=eye, pack_size=pack_size, quantity=quantity)


def field_of(excinfo: pytest.ExceptionInfo) -> str | None:
    return excinfo.value.field


# --- constants ---------------------------------------------------------------------------

def test_constants_match_the_spec():
    assert USAGES == ("daily", "5_per_week", "3_4_per_week", "1_2_per_week")
    assert USAGE_FACTORS == {
        "daily": Decimal("1.0"),
        "5_per_week": Decimal("1.3"),
        "3_4_per_week": Decimal("1.9"),
        "1_2_per_week": Decimal("2.9"),
    }
    assert all(isinstance(f, Decimal) for f in USAGE_FACTORS.values())
    assert EYES == ("right", "left", "both")
    assert NO_STOCK_DAYS == 21


# --- the SPEC example --------------------------------------------------------------------

def test_spec_example_daily_usage():
    # GIVEN daily lenses, 1 x 90 right + 1 x 90 left, bought 2026-01-10, lead time 14 days
    lines = [line("right", 90), line("left", 90)]
    # WHEN the optician asks for a suggestion
    result = suggest(lines, BOTH_DAILY, BOUGHT, "daily", no_stock=False, lead_days=14)
    # THEN the lenses last 90 days and the first reminder is 14 days before they run out
    assert result == Suggestion(
        supply_days=90,
        runs_out_on=date(2026, 4, 10),
        first_reminder_on=date(2026, 3, 27),
        cycle_days=90,
    )
    assert result.to_dict() == {
        "supply_days": 90,
        "runs_out_on": "2026-04-10",
        "first_reminder_on": "2026-03-27",
        "cycle_days": 90,
    }


def test_spec_example_five_days_a_week():
    lines = [line("right", 90), line("left", 90)]
    result = suggest(lines, BOTH_DAILY, BOUGHT, "5_per_week", no_stock=False, lead_days=14)
    assert result.supply_days == 117
    assert result.cycle_days == 117
    assert result.runs_out_on == date(2026, 5, 7)
    assert result.first_reminder_on == date(2026, 4, 23)


def test_spec_example_no_stock_is_three_weeks_earlier():
    lines = [line("right", 90), line("left", 90)]
    result = suggest(lines, BOTH_DAILY, BOUGHT, "daily", no_stock=True, lead_days=14)
    assert result.first_reminder_on == date(2026, 3, 6)
    # the stock situation does not change how long the lenses last
    assert result.supply_days == 90
    assert result.runs_out_on == date(2026, 4, 10)
    assert result.cycle_days == 90


@pytest.mark.parametrize(
    "usage, expected",
    [("daily", 90), ("5_per_week", 117), ("3_4_per_week", 171), ("1_2_per_week", 261)],
)
def test_seed_usage_factors_multiply_the_cycle(usage, expected):
    # seed: "Nutzung 5 mal pro Woche -> Vorgeschlagener Zyklus x 1.3" (1.9, 2.9)
    assert supply_days([line("right", 90), line("left", 90)], BOTH_DAILY, usage) == expected


def test_usage_factor_result_is_rounded_down():
    # 30 x 1.3 = 39 exactly; 30 x 1.9 = 57; 45 x 1.3 = 58.5 -> 58; 45 x 2.9 = 130.5 -> 130
    assert supply_days([line("right", 30), line("left", 30)], BOTH_DAILY, "5_per_week") == 39
    assert supply_days([line("both", 90)], BOTH_DAILY, "5_per_week") == 58
    assert supply_days([line("both", 90)], BOTH_DAILY, "1_2_per_week") == 130


def test_factor_results_landing_on_whole_days_are_not_lost():
    # products that are exactly a whole number must not be rounded down a day
    assert supply_days([line("right", 30)], {"right": DAILY}, "1_2_per_week") == 87
    assert supply_days([line("right", 30)], {"right": DAILY}, "3_4_per_week") == 57
    ten = LensProduct("ten", "B", "Ten", "daily", 1, (10,))
    assert supply_days([line("right", 10)], {"right": ten}, "1_2_per_week") == 29
    lines = [line("right", 30, 3), line("left", 30, 3)]  # 90 per eye
    assert supply_days(lines, BOTH_DAILY, "1_2_per_week") == 261


# --- lenses per eye ----------------------------------------------------------------------

def test_both_line_splits_evenly():
    assert lenses_per_eye([line("both", 90)]) == {"right": 45, "left": 45}


def test_both_line_with_odd_count_gives_half_lenses():
    assert lenses_per_eye([line("both", 3)]) == {"right": Decimal("1.5"), "left": Decimal("1.5")}


def test_lines_add_up_per_eye():
    lines = [line("right", 30, 2), line("both", 90), line("left", 30)]
    assert lenses_per_eye(lines) == {"right": 105, "left": 75}


def test_only_eyes_that_got_lenses_are_counted():
    assert lenses_per_eye([line("left", 6, 2)]) == {"left": 12}


def test_both_line_supply():
    # 1 x 90 for both eyes lasts 45 days
    assert supply_days([line("both", 90)], BOTH_DAILY, "daily") == 45


# --- min over eyes -----------------------------------------------------------------------

def test_supply_is_the_eye_that_runs_out_first():
    # GIVEN more lenses for the right eye than for the left
    lines = [line("right", 90), line("left", 30)]
    # THEN the reminder follows the left eye, which runs out first
    assert supply_days(lines, BOTH_DAILY, "daily") == 30


def test_single_eye_purchase_counts_only_that_eye():
    # a customer who buys only for the right eye: the left eye's product does not matter
    assert supply_days([line("right", 90)], BOTH_DAILY, "daily") == 90


def test_mixed_products_per_eye_use_each_eyes_days_per_lens():
    # GIVEN a monthly lens on the right and a two-weekly lens on the left
    products = {"right": MONTHLY, "left": TWO_WEEKLY}
    # 6 monthly lenses = 180 days; 6 two-weekly lenses = 84 days -> 84
    assert supply_days([line("right", 6), line("left", 6)], products, "daily") == 84
    # 12 two-weekly lenses = 168 days; 6 monthly = 180 -> 168
    assert supply_days([line("right", 6), line("left", 12)], products, "daily") == 168


def test_both_line_with_different_products_per_eye():
    # two daily products with the same pack sizes: each half counts with its own product
    products = {"right": DAILY, "left": OTHER_DAILY}
    assert supply_days([line("both", 90, 2)], products, "daily") == 90


def test_monthly_and_quarterly_supply():
    assert supply_days([line("both", 6, 2)], {"right": MONTHLY, "left": MONTHLY}, "daily") == 180
    assert supply_days([line("right", 2)], {"right": QUARTERLY}, "daily") == 180


def test_monthly_both_three_pack_splits_to_one_and_a_half_lenses():
    # 3 lenses for two eyes: 1.5 x 30 = 45 days
    assert supply_days([line("both", 3)], {"right": MONTHLY, "left": MONTHLY}, "daily") == 45


# --- reminder date -----------------------------------------------------------------------

def test_first_reminder_never_before_the_day_after_purchase():
    # GIVEN 30 daily lenses for both eyes (15 days) and a 14-day lead + no stock
    result = suggest([line("both", 30)], BOTH_DAILY, BOUGHT, "daily", no_stock=True, lead_days=14)
    # THEN the reminder is the day after the purchase, not in the past
    assert result.supply_days == 15
    assert result.first_reminder_on == date(2026, 1, 11)
    assert result.runs_out_on == date(2026, 1, 25)


def test_first_reminder_floor_applies_exactly_at_the_boundary():
    # 30 days supply, lead 29 -> runs out 02-09, minus 29 = 01-11 = day after purchase
    r = suggest([line("right", 30)], {"right": DAILY}, BOUGHT, "daily", False, 29)
    assert r.first_reminder_on == date(2026, 1, 11)
    # lead 28 -> 01-12, one day later than the floor
    r = suggest([line("right", 30)], {"right": DAILY}, BOUGHT, "daily", False, 28)
    assert r.first_reminder_on == date(2026, 1, 12)
    # lead 30 would be the purchase day itself -> floored to the day after
    r = suggest([line("right", 30)], {"right": DAILY}, BOUGHT, "daily", False, 30)
    assert r.first_reminder_on == date(2026, 1, 11)


def test_zero_lead_days_reminds_on_the_day_lenses_run_out():
    r = suggest([line("right", 30)], {"right": DAILY}, BOUGHT, "daily", False, 0)
    assert r.first_reminder_on == r.runs_out_on == date(2026, 2, 9)


def test_reminder_crosses_leap_day_correctly():
    r = suggest([line("right", 30)], {"right": DAILY}, date(2028, 2, 10), "daily", False, 0)
    assert r.runs_out_on == date(2028, 3, 11)


def test_from_order_is_a_purchase_with_stock():
    # SPEC: next reminder = order day + supply - L, cycle = supply; no_stock is false
    lines = [line("right", 90), line("left", 90)]
    result = from_order(lines, BOTH_DAILY, BOUGHT, "daily", 14)
    assert result == suggest(lines, BOTH_DAILY, BOUGHT, "daily", no_stock=False, lead_days=14)
    assert result.first_reminder_on == date(2026, 3, 27)
    assert result.cycle_days == 90


def test_from_order_keeps_the_reminders_usage():
    lines = [line("right", 90), line("left", 90)]
    assert from_order(lines, BOTH_DAILY, BOUGHT, "5_per_week", 14).cycle_days == 117


# --- errors in the computation -----------------------------------------------------------

def test_line_for_an_eye_the_passport_lacks():
    with pytest.raises(ValidationError) as exc:
        supply_days([line("right", 90), line("left", 90)], {"right": DAILY}, "daily")
    assert field_of(exc) == "lines[1].eye"


def test_both_line_needs_both_eyes_in_the_passport():
    with pytest.raises(ValidationError) as exc:
        supply_days([line("both", 90)], {"left": DAILY}, "daily")
    assert field_of(exc) == "lines[0].eye"


def test_unknown_eye_on_a_constructed_line():
    with pytest.raises(ValidationError) as exc:
        supply_days([line("middle", 90)], BOTH_DAILY, "daily")
    assert field_of(exc) == "lines[0].eye"


def test_no_lines_is_rejected():
    with pytest.raises(ValidationError) as exc:
        supply_days([], BOTH_DAILY, "daily")
    assert field_of(exc) == "lines"


def test_zero_quantity_on_a_constructed_line():
    with pytest.raises(ValidationError) as exc:
        supply_days([line("right", 90, 0)], BOTH_DAILY, "daily")
    assert field_of(exc) == "lines[0].quantity"


@pytest.mark.parametrize("usage", ["weekly", "", "DAILY", None, 1.3, ["daily"]])
def test_unknown_usage(usage):
    with pytest.raises(ValidationError) as exc:
        supply_days([line("right", 90)], BOTH_DAILY, usage)
    assert field_of(exc) == "usage"


@pytest.mark.parametrize("usage", ["5_per_week", "3_4_per_week", "1_2_per_week"])
def test_reduced_usage_is_rejected_for_non_daily_lenses(usage):
    with pytest.raises(ValidationError) as exc:
        supply_days([line("right", 6)], {"right": MONTHLY}, usage)
    assert field_of(exc) == "usage"


def test_reduced_usage_rejected_when_any_bought_eye_is_not_daily():
    products = {"right": DAILY, "left": MONTHLY}
    with pytest.raises(ValidationError) as exc:
        supply_days([line("right", 90), line("left", 6)], products, "5_per_week")
    assert field_of(exc) == "usage"
    # but if only the daily eye is bought, reduced usage is fine
    assert supply_days([line("right", 90)], products, "5_per_week") == 117


def test_daily_usage_is_accepted_for_monthly_lenses():
    assert supply_days([line("right", 6)], {"right": MONTHLY}, "daily") == 180


def test_pack_size_the_product_is_not_sold_in():
    with pytest.raises(ValidationError) as exc:
        supply_days([line("right", 90), line("left", 60)], BOTH_DAILY, "daily")
    assert field_of(exc) == "lines[1].pack_size"
    assert "30, 90" in exc.value.message


def test_both_line_pack_size_checked_against_each_eye():
    products = {"right": DAILY, "left": MONTHLY}
    with pytest.raises(ValidationError) as exc:
        supply_days([line("both", 90)], products, "daily")
    assert field_of(exc) == "lines[0].pack_size"


def test_purchase_lasting_less_than_a_day_is_rejected():
    # a single trial lens for both eyes: half a day, a cycle of 0 days would never end
    trial = LensProduct("trial", "B", "Trial", "daily", 1, (1,))
    with pytest.raises(ValidationError) as exc:
        supply_days([line("both", 1)], {"right": trial, "left": trial}, "daily")
    assert field_of(exc) == "lines"


def test_absurdly_long_supply_is_rejected():
    with pytest.raises(ValidationError) as exc:
        supply_days([line("right", 2, 100)], {"right": QUARTERLY}, "daily")
    assert field_of(exc) == "lines"


def test_purchase_date_at_the_end_of_the_calendar_is_a_validation_error():
    with pytest.raises(ValidationError) as exc:
        suggest([line("right", 90)], BOTH_DAILY, date(9999, 12, 1), "daily", False, 14)
    assert field_of(exc) == "purchased_on"


@pytest.mark.parametrize("lead", [-1, True, "14", 1.5])
def test_bad_lead_days(lead):
    with pytest.raises(ValidationError) as exc:
        suggest([line("right", 90)], BOTH_DAILY, BOUGHT, "daily", False, lead)
    assert field_of(exc) == "repurchase_lead_days"


@pytest.mark.parametrize("no_stock", [None, "true", 1])
def test_bad_no_stock(no_stock):
    with pytest.raises(ValidationError) as exc:
        suggest([line("right", 90)], BOTH_DAILY, BOUGHT, "daily", no_stock, 14)
    assert field_of(exc) == "no_stock"


# --- parse_lines -------------------------------------------------------------------------

def test_parse_lines_accepts_valid_input():
    raw = [
        {"eye": "right", "pack_size": 90, "quantity": 1},
        {"eye": "both", "pack_size": 30, "quantity": 2, "product_id": "ignored"},
    ]
    assert parse_lines(raw) == [line("right", 90, 1), line("both", 30, 2)]


@pytest.mark.parametrize("raw", [None, {}, "lines", 3])
def test_parse_lines_requires_a_list(raw):
    with pytest.raises(ValidationError) as exc:
        parse_lines(raw)
    assert field_of(exc) == "lines"


def test_parse_lines_requires_at_least_one_line():
    with pytest.raises(ValidationError) as exc:
        parse_lines([])
    assert field_of(exc) == "lines"


def test_parse_lines_uses_the_given_field_name():
    with pytest.raises(ValidationError) as exc:
        parse_lines([{"eye": "right", "pack_size": 90, "quantity": 0}], field="order.lines")
    assert field_of(exc) == "order.lines[0].quantity"


@pytest.mark.parametrize("item", [None, [], "right", 90])
def test_parse_lines_each_line_is_an_object(item):
    with pytest.raises(ValidationError) as exc:
        parse_lines([{"eye": "right", "pack_size": 90, "quantity": 1}, item])
    assert field_of(exc) == "lines[1]"


@pytest.mark.parametrize("eye", [None, "", "Right", "both eyes", 1, ["right"]])
def test_parse_lines_eye(eye):
    raw = [{"eye": "left", "pack_size": 90, "quantity": 1}, {"eye": eye, "pack_size": 90, "quantity": 1}]
    with pytest.raises(ValidationError) as exc:
        parse_lines(raw)
    assert field_of(exc) == "lines[1].eye"


def test_parse_lines_missing_eye():
    with pytest.raises(ValidationError) as exc:
        parse_lines([{"pack_size": 90, "quantity": 1}])
    assert field_of(exc) == "lines[0].eye"


@pytest.mark.parametrize("key", ["pack_size", "quantity"])
@pytest.mark.parametrize("value", [None, True, False, 0, -1, 1.0, 2.5, "90", 10**9])
def test_parse_lines_positive_whole_numbers(key, value):
    item = {"eye": "right", "pack_size": 90, "quantity": 1, key: value}
    with pytest.raises(ValidationError) as exc:
        parse_lines([{"eye": "left", "pack_size": 30, "quantity": 2}, item])
    assert field_of(exc) == f"lines[1].{key}"


@pytest.mark.parametrize("key", ["pack_size", "quantity"])
def test_parse_lines_missing_number(key):
    item = {"eye": "right", "pack_size": 90, "quantity": 1}
    del item[key]
    with pytest.raises(ValidationError) as exc:
        parse_lines([item])
    assert field_of(exc) == f"lines[0].{key}"


def test_parse_lines_reports_the_first_bad_line():
    raw = [
        {"eye": "right", "pack_size": 90, "quantity": 1},
        {"eye": "left", "pack_size": 90, "quantity": 1},
        {"eye": "left", "pack_size": "x", "quantity": 1},
    ]
    with pytest.raises(ValidationError) as exc:
        parse_lines(raw)
    assert field_of(exc) == "lines[2].pack_size"


def test_validation_error_body_names_the_field():
    with pytest.raises(ValidationError) as exc:
        parse_lines([{"eye": "right", "pack_size": 90, "quantity": True}])
    body = exc.value.to_body()
    assert body["error"]["field"] == "lines[0].quantity"
    assert body["error"]["code"] == "invalid_field"
    assert exc.value.status == 422


def test_purchase_line_to_dict_round_trips():
    raw = {"eye": "both", "pack_size": 30, "quantity": 2}
    assert parse_lines([raw])[0].to_dict() == raw
