"""The conversion report's arithmetic and its month range (SPEC §10)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.conversion_report import (Counter, add_months, build, conversion_rate, cost_per_conversion,
                                                 median_days, month_range)
from chalicelib.domain.errors import ValidationError


def test_month_arithmetic_crosses_years():
    assert add_months("2026-12", 1) == "2027-01"
    assert add_months("2026-01", -1) == "2025-12"
    assert add_months("2026-03", -23) == "2024-04"


def test_the_default_range_is_the_last_12_months():
    months = month_range(None, None, "2026-03")
    assert months[0] == "2025-04" and months[-1] == "2026-03" and len(months) == 12


def test_24_months_are_allowed_25_are_refused_naming_to():
    assert len(month_range("2024-04", "2026-03", "2026-03")) == 24
    with pytest.raises(ValidationError) as refused:
        month_range("2024-03", "2026-03", "2026-03")
    assert refused.value.field == "to"


@pytest.mark.parametrize("first, last", [("2026-04", "2026-03"), ("2026-04", None)])
def test_from_after_to_is_refused_naming_from(first, last):
    with pytest.raises(ValidationError) as refused:
        month_range(first, last, "2026-03")
    assert refused.value.field == "from"


def test_from_alone_runs_to_the_current_month_and_to_alone_back_12_months():
    assert month_range("2026-01", None, "2026-03") == ["2026-01", "2026-02", "2026-03"]
    assert month_range(None, "2025-12", "2026-03") == [f"2025-{n:02d}" for n in range(1, 13)]


def test_rate_and_cost_per_conversion():
    assert conversion_rate(0, 0) is None
    assert conversion_rate(3, 1) == 0.3333
    assert conversion_rate(4, 5) == 1.25  # several orders after one reminder each count
    assert cost_per_conversion(Decimal("0.36"), 0) is None
    assert cost_per_conversion(Decimal("0.36"), 3) == "0.12"
    assert cost_per_conversion(Decimal("0.24"), 7) == "0.03"


def test_median_days_from_a_histogram():
    assert median_days({}) is None
    assert median_days({4: 1}) == 4
    assert median_days({1: 1, 3: 1, 10: 1}) == 3
    assert median_days({2: 2, 6: 2}) == 4  # even count: mean of the two middle ones
    assert median_days({0: 5, 30: 1}) == 0


def test_the_report_sums_rows_into_kinds_and_totals():
    counters = {
        ("2026-02", "repurchase", "sms"): Counter(sent=4, converted=2, sms_parts=4, sms_cost_chf=Decimal("0.48"),
                                                  days={3: 1, 9: 1}),
        ("2026-03", "repurchase", "email"): Counter(sent=2, converted=1, days={1: 1}),
        ("2026-03", "manual", "sms"): Counter(sent=1, sms_parts=2, sms_cost_chf=Decimal("0.24")),
        ("2025-12", "control", "sms"): Counter(sent=9, converted=9),  # outside the range
    }
    report = build(["2026-02", "2026-03"], counters)
    assert [(r["month"], r["kind"], r["channel"]) for r in report["rows"]] == [
        ("2026-02", "repurchase", "sms"), ("2026-03", "repurchase", "email"), ("2026-03", "manual", "sms")]
    first = report["rows"][0]
    assert first["conversion_rate"] == 0.5 and first["sms_cost_chf"] == "0.48"
    assert first["cost_per_conversion_chf"] == "0.24"
    kinds = {k["kind"]: k for k in report["kinds"]}
    assert kinds["repurchase"]["sent"] == 6 and kinds["repurchase"]["converted"] == 3
    assert kinds["repurchase"]["median_days_to_order"] == 3
    assert kinds["control"]["sent"] == 0 and kinds["control"]["median_days_to_order"] is None
    assert report["totals"] == {"sent": 7, "converted": 3, "conversion_rate": 0.4286, "sms_parts": 6,
                                "sms_cost_chf": "0.72", "cost_per_conversion_chf": "0.24"}


def test_months_from_2000_to_2999_are_accepted():
    """(Months outside are refused by the query model: tests/unit/test_report_queries.py.)"""
    assert month_range("2000-01", "2000-12", "2026-03")[0] == "2000-01"
    assert month_range("2999-01", "2999-12", "2026-03")[-1] == "2999-12"


def test_empty_query_values_mean_the_default_range_and_one_month_is_a_range():
    assert month_range("", "", "2026-03") == month_range(None, None, "2026-03")
    assert month_range("2026-03", "2026-03", "2026-12") == ["2026-03"]


def test_the_range_errors_say_what_to_change():
    with pytest.raises(ValidationError) as reversed_range:
        month_range("2026-04", "2026-03", "2026-03")
    with pytest.raises(ValidationError) as too_long:
        month_range("2024-03", "2026-03", "2026-03")

    assert reversed_range.value.message == "'from' must not be after 'to'."
    assert too_long.value.message == "The report covers at most 24 months; choose a later 'from' or an earlier 'to'."


def test_one_reminder_one_order_is_a_full_conversion_and_halves_round_up():
    assert conversion_rate(1, 1) == 1.0
    assert conversion_rate(1, 0) == 0.0
    assert conversion_rate(32, 1) == 0.0313       # 0.03125: half up, not to even
    assert cost_per_conversion(Decimal("0.12"), 1) == "0.12"


def test_a_day_without_orders_in_the_histogram_does_not_move_the_median():
    assert median_days({1: 0, 2: 1, 5: 1}) == 3.5


def test_adding_counters_sums_the_days_to_order():
    counter = Counter(days={3: 1, 9: 2})
    counter.add(Counter(days={3: 2, 4: 1}))

    assert counter.days == {3: 3, 9: 2, 4: 1}


def test_rows_follow_the_report_kinds_order_and_skip_empty_or_unknown_counters():
    counters = {
        ("2026-03", "subscription", "email"): Counter(sent=1),
        ("2026-03", "control", "sms"): Counter(sent=1),
        ("2026-03", "repurchase", "sms"): Counter(),                # nothing sent, nothing converted
        ("2026-03", "newsletter", "sms"): Counter(sent=5),          # a kind the report does not know
        ("2026-02", "manual", "email"): Counter(converted=1),       # an order credited without a send that month
    }
    report = build(["2026-01", "2026-02", "2026-03"], counters)

    assert (report["from"], report["to"]) == ("2026-01", "2026-03")
    assert [(r["month"], r["kind"], r["channel"]) for r in report["rows"]] == [
        ("2026-02", "manual", "email"), ("2026-03", "control", "sms"), ("2026-03", "subscription", "email")]
    assert report["totals"]["sent"] == 2
