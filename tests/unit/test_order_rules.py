"""Order rules: lines, the passport they match, status transitions, order times."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib.domain.errors import Conflict, ValidationError
from chalicelib.domain.orders import (
    Order,
    OrderLine,
    check_ordered_at,
    check_transition,
    first_mismatch,
    last_order,
    local_day,
    matching_passport,
    parse_lines,
    parse_timestamp,
    purchase_lines,
    same_order,
)
from chalicelib.domain.passport import LensPassport, PassportEye, newest
from chalicelib.domain.products import LensProduct

PRODUCTS = {
    "daily": LensProduct("daily", "B", "Daily", "daily", 1, (30, 90)),
    "monthly": LensProduct("monthly", "B", "Monthly", "monthly", 30, (3, 6)),
}
find = PRODUCTS.get


def line(product_id="daily", eye="right", pack_size=90, quantity=1) -> dict:
    return {"product_id": product_id, "eye": eye, "pack_size": pack_size, "quantity": quantity}


def typed(product_id="daily", eye="right", pack_size=90, quantity=1) -> OrderLine:
    """The record of ``line(...)``, as parse_lines returns it."""
    return OrderLine(product_id=product_id, eye=eye, pack_size=pack_size, quantity=quantity)


def passport(pid, right="daily", left="daily", issued_on="2026-01-01") -> LensPassport:
    return LensPassport(id=pid, issued_on=date.fromisoformat(issued_on) if issued_on else None,
                        right=PassportEye(right) if right else None, left=PassportEye(left) if left else None)


def test_valid_lines_are_returned_clean():
    assert parse_lines([line(product_id=" daily "), line(eye="both", pack_size=30, quantity=3)], find) == [
        typed(), typed(eye="both", pack_size=30, quantity=3)]


def test_a_line_is_shown_and_stored_with_its_fields_in_their_order():
    shown = typed(eye="both", pack_size=30, quantity=3).shown()
    assert list(shown.items()) == [("product_id", "daily"), ("eye", "both"), ("pack_size", 30), ("quantity", 3)]
    assert OrderLine.of(shown) == typed(eye="both", pack_size=30, quantity=3)


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
    assert matching_passport([old, new, monthly], [typed(eye="both")]).id == "lp_new"
    assert matching_passport([old, new, monthly], [typed("monthly", pack_size=6)]).id == "lp_monthly"
    assert matching_passport([old, new], [typed("monthly", pack_size=6)]) is None
    assert matching_passport([], [typed()]) is None


def test_a_both_line_needs_the_product_on_both_eyes():
    one_eye = passport("lp", left=None)
    assert first_mismatch(one_eye, [typed(eye="right")]) is None
    assert first_mismatch(one_eye, [typed(eye="right"), typed(eye="both")]) == (1, "left")
    mixed = passport("lp", right="daily", left="monthly")
    assert first_mismatch(mixed, [typed(eye="right"), typed("monthly", eye="left", pack_size=3)]) is None


def test_order_lines_become_purchase_lines():
    converted = purchase_lines([typed(eye="both", pack_size=30, quantity=2)])
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


# Both sides of every limit, and what the optician (or the webshop) reads when a value is refused.

def refusal(call, *args, **kwargs):
    with pytest.raises((ValidationError, Conflict)) as refused:
        call(*args, **kwargs)
    return refused.value


def test_twenty_lines_of_one_and_of_a_hundred_packs_are_accepted():
    lines = [line(quantity=1)] * 19 + [line(quantity=100)]
    assert parse_lines(lines, find) == [typed(quantity=1)] * 19 + [typed(quantity=100)]


@pytest.mark.parametrize("raw, field, message", [
    ({"lines": []}, "lines", "Must be a list of order lines."),
    ([], "lines", "An order needs at least one line."),
    ([line()] * 21, "lines", "At most 20 lines."),
    ([7], "lines[0]", "Must be an object with product_id, eye, pack_size and quantity."),
    ([{**line(), "price": 1}], "lines[0].price", "Unknown field 'price'."),
    ([line(product_id="  ")], "lines[0].product_id", "'product_id' is required."),
    ([line(product_id=None)], "lines[0].product_id", "'product_id' is required."),
    ([line(product_id="weekly")], "lines[0].product_id", "Unknown lens product."),
    ([line(eye=None)], "lines[0].eye", "Must be one of: right, left, both."),
    ([line(pack_size="90")], "lines[0].pack_size", "Daily is sold in packs of 30, 90."),
    ([line("monthly", pack_size=90)], "lines[0].pack_size", "Monthly is sold in packs of 3, 6."),
    ([line(quantity=0)], "lines[0].quantity", "Must be a whole number from 1 to 100."),
    ([line(quantity=101)], "lines[0].quantity", "Must be a whole number from 1 to 100."),
    ([line(quantity=True)], "lines[0].quantity", "Must be a whole number from 1 to 100."),
    ([line(quantity="2")], "lines[0].quantity", "Must be a whole number from 1 to 100."),
])
def test_a_refused_line_says_what_is_wrong_on_its_field(raw, field, message):
    refused = refusal(parse_lines, raw, find)
    assert (refused.field, refused.code, refused.message) == (field, "invalid_field", message)


def test_refused_lines_are_named_under_the_field_they_came_in():
    assert refusal(parse_lines, [line(), line(eye="up")], find, field="basket").field == "basket[1].eye"
    assert refusal(parse_lines, [], find, field="basket").field == "basket"


def test_json_true_is_not_a_pack_of_one():
    singles = {"single": LensProduct("single", "B", "Single", "yearly", 365, (1, 2))}.get
    assert parse_lines([line("single", pack_size=1)], singles)[0].pack_size == 1
    assert refusal(parse_lines, [line("single", pack_size=True)], singles).field == "lines[0].pack_size"


def test_a_product_id_is_looked_up_without_its_spaces():
    looked_up = []
    parse_lines([line(product_id=" daily ")], lambda pid: looked_up.append(pid) or find(pid))
    assert looked_up == ["daily"]


def order(order_id="o1", status="placed", ordered_at="2026-11-02T10:15:00+00:00", delivery="home",
          lines=(typed(), typed(eye="left", pack_size=30, quantity=2))) -> Order:
    return Order(id=order_id, customer_id="c1", source="backoffice", status=status, delivery=delivery,
                 lines=tuple(lines), ordered_at=ordered_at, history=())


ORDER = order()


def test_an_order_sent_again_with_its_lines_reordered_is_the_same_order():
    assert same_order(ORDER, lines=list(reversed(ORDER.lines)), delivery="home",
                      ordered_at="2026-11-02T10:15:00+00:00") is True


@pytest.mark.parametrize("change", [
    {"delivery": "pickup"},
    {"ordered_at": "2026-11-02T10:16:00+00:00"},
    {"lines": [typed(), typed(eye="left", pack_size=30, quantity=3)]},
    {"lines": [typed()]},
])
def test_an_order_that_differs_in_delivery_time_or_lines_is_another_order(change):
    wanted = {"delivery": "home", "ordered_at": ORDER.ordered_at, "lines": ORDER.lines, **change}
    assert same_order(ORDER, **wanted) is False


def test_of_two_passports_issued_the_same_day_the_later_id_is_the_newest():
    first, second = passport("lp_1"), passport("lp_2")
    assert newest([first, second]).id == "lp_2"
    assert newest([passport("lp_9", issued_on=None), passport("lp_1")]).id == "lp_1"
    assert newest([]) is None


def test_the_last_order_is_the_latest_one_not_cancelled():
    orders = [
        order("o1", "shipped", "2026-01-01T10:00:00+00:00"),
        order("o3", "cancelled", "2026-03-01T10:00:00+00:00"),
        order("o2", "placed", "2026-02-01T10:00:00+00:00"),
        order("o0", "placed", "2026-02-01T10:00:00+00:00"),
    ]
    assert last_order(orders).id == "o2"
    assert last_order(orders[1:2]) is None
    assert last_order([]) is None


def test_a_passport_side_without_a_product_matches_no_line():
    broken = LensPassport(id="lp", issued_on=date(2026, 1, 1), right=PassportEye(""), left=PassportEye("daily"))
    assert first_mismatch(broken, [typed(eye="both")]) == (0, "right")


def test_an_unknown_status_lists_the_settable_ones():
    refused = refusal(check_transition, "placed", "home", "delivered")
    assert (refused.field, refused.code) == ("status", "invalid_field")
    assert refused.message == "Must be one of: shipped, ready_for_pickup, picked_up, cancelled."


@pytest.mark.parametrize("delivery, wanted, message", [
    ("pickup", "shipped", "'shipped' applies to orders for home delivery only."),
    ("home", "ready_for_pickup", "'ready_for_pickup' applies to orders for pickup in the shop only."),
    ("home", "picked_up", "'picked_up' applies to orders for pickup in the shop only."),
])
def test_a_status_for_the_other_delivery_type_says_which_one_it_is_for(delivery, wanted, message):
    refused = refusal(check_transition, "placed", delivery, wanted)
    assert (refused.status, refused.code, refused.message) == (409, "conflict", message)


def test_a_final_status_says_it_cannot_change():
    refused = refusal(check_transition, "shipped", "home", "cancelled")
    assert refused.message == "An order that is 'shipped' cannot become 'cancelled'."
    assert refusal(check_transition, "lost", "home", "cancelled").status == 409


NOW = datetime(2026, 11, 2, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("ordered_at", [
    datetime(2000, 1, 1, tzinfo=timezone.utc), NOW, NOW + timedelta(days=1)])
def test_order_times_from_2000_to_a_day_ahead_are_accepted(ordered_at):
    assert check_ordered_at(ordered_at, NOW) == ordered_at


@pytest.mark.parametrize("ordered_at, message", [
    (datetime(2026, 11, 2, 10, 0), "Give the time with its UTC offset, e.g. 2026-01-10T14:03:00+01:00."),
    (datetime(1999, 12, 31, 23, 59, tzinfo=timezone.utc), "The order time is implausibly old."),
    (NOW + timedelta(days=1, seconds=1), "The order time is in the future."),
])
def test_a_refused_order_time_says_why(ordered_at, message):
    refused = refusal(check_ordered_at, ordered_at, NOW, field="placed_at")
    assert (refused.field, refused.message) == ("placed_at", message)
    assert refusal(check_ordered_at, ordered_at, NOW).field == "ordered_at"


@pytest.mark.parametrize("text", ["2026-11-02T10:15:00z", " 2026-11-02T10:15:00Z ", "2026-11-02T11:15:00+01:00"])
def test_timestamps_with_z_in_either_case_spaces_or_an_offset_are_read(text):
    assert parse_timestamp(text) == datetime(2026, 11, 2, 10, 15, tzinfo=timezone.utc)


@pytest.mark.parametrize("value, message", [
    (5, "Must be an ISO 8601 timestamp with offset."),
    ("2026-11-02", "Must be an ISO 8601 timestamp with offset."),
    ("2026-11-02Tsoon", "Must be an ISO 8601 timestamp with offset."),
    ("2026-11-02T10:15:00", "Give the time with its UTC offset, e.g. 2026-01-10T14:03:00+01:00."),
])
def test_a_refused_timestamp_says_why_on_its_field(value, message):
    refused = refusal(parse_timestamp, value, field="placed_at")
    assert (refused.field, refused.code, refused.message) == ("placed_at", "invalid_field", message)
    assert refusal(parse_timestamp, value).field == "ordered_at"
