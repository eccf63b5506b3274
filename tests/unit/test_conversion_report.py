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


@pytest.mark.parametrize("raw_from, raw_to, field", [("2026-13", "2026-03", "from"), ("2026-01", "26-03", "to"),
                                                     ("2026-04", "2026-03", "from"), ("march", None, "from")])
def test_bad_months_are_refused_naming_the_field(raw_from, raw_to, field):
    with pytest.raises(ValidationError) as refused:
        month_range(raw_from, raw_to, "2026-03")
    assert refused.value.field == field


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
