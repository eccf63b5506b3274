"""Order rules: lines, the passport they match, status transitions, order times."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib.domain.errors import Conflict, ValidationError
from chalicelib.domain.orders import (
    check_ordered_at,
    check_transition,
    first_mismatch,
    local_day,
    matching_passport,
    parse_lines,
    parse_timestamp,
    purchase_lines,
)
from chalicelib.domain.products import LensProduct

PRODUCTS = {
    "daily": LensProduct("daily", "B", "Daily", "daily", 1, (30, 90)),
    "monthly": LensProduct("monthly", "B", "Monthly", "monthly", 30, (3, 6)),
}
find = PRODUCTS.get


def line(product_id="daily", eye="right", pack_size=90, quantity=1) -> dict:
    return {"product_id": product_id, "eye": eye, "pack_size": pack_size, "quantity": quantity}


def passport(pid, right="daily", left="daily", issued_on="2026-01-01") -> dict:
    result = {"id": pid, "issued_on": issued_on}
    if right:
        result["right"] = {"product_id": right}
    if left:
        result["left"] = {"product_id": left}
    return result


def test_valid_lines_are_returned_clean():
    assert parse_lines([line(product_id=" daily "), line(eye="both", pack_size=30, quantity=3)], find) == [
        line(), line(eye="both", pack_size=30, quantity=3)]


@pytest.mark.parametrize("raw, field", [
    (None, "lines"),
    ([], "lines"),
    ([line()] * 21, "lines"),
    (["x"], "lines[0]"),
    ([line(), {**line(), "price": 1}], "lines[1].price"),
    ([line(product_id="")], "lines[0].product_id"),
    ([line(product_id="unknown")], "lines[0].product_id"),
    ([line(eye="up")], "lines[0].eye"),
    ([line(pack_size=60)], "lines[0].pack_size"),
    ([line(pack_size=True)], "lines[0].pack_size"),
    ([line(quantity=0)], "lines[0].quantity"),
    ([line(quantity=101)], "lines[0].quantity"),
    ([line(quantity=1.0)], "lines[0].quantity"),
])
def test_bad_lines_name_the_field(raw, field):
    with pytest.raises(ValidationError) as caught:
        parse_lines(raw, find)
    assert caught.value.field == field


def test_the_newest_matching_passport_is_chosen():
    old = passport("lp_old", issued_on="2025-01-01")
    new = passport("lp_new", issued_on="2026-01-01")
    monthly = passport("lp_monthly", right="monthly", left="monthly", issued_on="2026-06-01")
    assert matching_passport([old, new, monthly], [line(eye="both")])["id"] == "lp_new"
    assert matching_passport([old, new, monthly], [line("monthly", pack_size=6)])["id"] == "lp_monthly"
    assert matching_passport([old, new], [line("monthly", pack_size=6)]) is None
    assert matching_passport([], [line()]) is None


def test_a_both_line_needs_the_product_on_both_eyes():
    one_eye = passport("lp", left=None)
    assert first_mismatch(one_eye, [line(eye="right")]) is None
    assert first_mismatch(one_eye, [line(eye="right"), line(eye="both")]) == (1, "left")
    mixed = passport("lp", right="daily", left="monthly")
    assert first_mismatch(mixed, [line(eye="right"), line("monthly", eye="left", pack_size=3)]) is None


def test_order_lines_become_purchase_lines():
    converted = purchase_lines([line(eye="both", pack_size=30, quantity=2)])
    assert [(p.eye, p.pack_size, p.quantity, p.lenses) for p in converted] == [("both", 30, 2, 60)]


@pytest.mark.parametrize("current, delivery, wanted, changes", [
    ("placed", "home", "shipped", True),
    ("placed", "home", "cancelled", True),
    ("placed", "pickup", "ready_for_pickup", True),
    ("placed", "pickup", "picked_up", True),
    ("ready_for_pickup", "pickup", "picked_up", True),
    ("ready_for_pickup", "pickup", "cancelled", True),
    ("shipped", "home", "shipped", False),
    ("cancelled", "pickup", "cancelled", False),
])
def test_allowed_transitions(current, delivery, wanted, changes):
    assert check_transition(current, delivery, wanted) is changes


@pytest.mark.parametrize("current, delivery, wanted", [
    ("placed", "pickup", "shipped"),
    ("placed", "home", "ready_for_pickup"),
    ("placed", "home", "picked_up"),
    ("shipped", "home", "cancelled"),
    ("picked_up", "pickup", "ready_for_pickup"),
    ("picked_up", "pickup", "cancelled"),
    ("cancelled", "home", "shipped"),
])
def test_refused_transitions_are_409(current, delivery, wanted):
    with pytest.raises(Conflict) as caught:
        check_transition(current, delivery, wanted)
    assert caught.value.field == "status"


@pytest.mark.parametrize("wanted", ["placed", "delivered", ""])
def test_unknown_statuses_are_422(wanted):
    with pytest.raises(ValidationError):
        check_transition("placed", "home", wanted)


def test_order_times():
    now = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc)
    assert parse_timestamp("2026-11-02T10:15:00Z") == datetime(2026, 11, 2, 10, 15, tzinfo=timezone.utc)
    assert check_ordered_at(now + timedelta(hours=23), now)
    for bad in ("2026-11-02", "2026-11-02T10:15:00", "soon", 5):
        with pytest.raises(ValidationError):
            parse_timestamp(bad)
    for bad in (now + timedelta(days=2), datetime(1999, 12, 31, tzinfo=timezone.utc)):
        with pytest.raises(ValidationError):
            check_ordered_at(bad, now)


def test_the_order_day_is_the_opticians_local_day():
    late_evening = parse_timestamp("2026-11-02T23:30:00+00:00")  # 00:30 on 3 November in Zurich
    assert local_day(late_evening, "Europe/Zurich") == date(2026, 11, 3)
