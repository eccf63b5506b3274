"""A subscription's order day, driven through the scheduled function's events (SPEC §3, §6)."""
from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from tests.api.test_schedules import customer, fire, history, local, next_weekday  # noqa: F401
from tests.conftest import body

LINES = [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 2}]


@pytest.fixture
def subscription(api, customer):
    order_on = next_weekday(2, at_least_days=14)  # a Wednesday
    created = api.post(f"/customers/{customer['id']}/subscriptions", {
        "lines": LINES, "interval_weeks": 4, "next_order_on": order_on.isoformat()})
    assert created.status_code == 201, created.body
    return {**body(created), "order_on": order_on}


def order_day(client, subscription, hhmm: str = "09:00"):
    """Run the pre-announcement's day, then the order day at ``hhmm``; the order day's event time."""
    fire(client, local(subscription["order_on"] - timedelta(days=7), "09:00"))
    when = local(subscription["order_on"], hhmm)
    fire(client, when)
    return when


@pytest.fixture
def pack_no_longer_sold(monkeypatch):
    """The catalogue no longer sells biofinity in packs of 6 (it did when the subscription was set up)."""
    from chalicelib import catalogue

    real = catalogue.load_catalogue

    def changed():
        products = real()
        products["biofinity"] = dataclasses.replace(products["biofinity"], pack_sizes=(3,))
        return products

    monkeypatch.setattr(catalogue, "load_catalogue", changed)


def test_a_refused_subscription_order_is_in_the_history_naming_the_field(client, api, customer, subscription,
                                                                        pack_no_longer_sold):
    order_on = subscription["order_on"]
    # WHEN the order day comes and the service refuses the order (pack size no longer sold)
    order_day(client, subscription)
    # THEN no order, but the optician sees it: a failed order confirmation naming the field
    assert body(api.get(f"/customers/{customer['id']}/orders"))["items"] == []
    refused = [m for m in history(api, customer) if m["kind"] == "order_confirmation"]
    assert [(m["status"], m["reason"], m["reason_detail"], m["trigger"]) for m in refused] == [
        ("failed", "order_refused", "lines[0].pack_size", "automatic")]
    failed = body(api.get(f"/customers/{customer['id']}/messages?status=failed"))["items"]
    assert [m["id"] for m in failed] == [refused[0]["id"]]
    # AND the series moved on
    shown = body(api.get(f"/customers/{customer['id']}/subscriptions/{subscription['id']}"))
    assert shown["next_order_on"] == (order_on + timedelta(weeks=4)).isoformat()


def test_a_refused_order_retried_is_recorded_once(client, optician, api, customer, subscription,
                                                 pack_no_longer_sold):
    from chalicelib.services.subscriptions import subscription_occurrences, subscriptions
    from chalicelib.services.opticians.opticians import get_settings

    order_on = subscription["order_on"]
    order_day(client, subscription)
    # WHEN the occurrence is retried (a crash before moving on) and the order is refused again
    stored = subscriptions.get_subscription(optician[0]["id"], customer["id"], subscription["id"])
    subscription_occurrences.place_order(get_settings(optician[0]["id"]), stored, order_on, local(order_on, "09:05"))
    # THEN it is still recorded once
    assert len([m for m in history(api, customer) if m["kind"] == "order_confirmation"]) == 1


def test_the_order_day_recomputes_the_repurchase_reminder_with_the_events_time(client, api, customer,
                                                                              subscription, monkeypatch):
    # The order's repurchase reminder counts "today" from the run's "now" (the event), not the wall clock.
    from chalicelib.services.orders import orders

    seen = []
    real = orders.apply_order

    def spy(optician, customer_id, order, passport, now=None):
        seen.append(now)
        return real(optician, customer_id, order, passport, now=now)

    monkeypatch.setattr(orders, "apply_order", spy)  # where the order service looks it up
    when = order_day(client, subscription)
    assert len(body(api.get(f"/customers/{customer['id']}/orders"))["items"]) == 1
    assert len(seen) == 1 and seen[0] is not None
    assert timedelta(0) <= seen[0] - when < timedelta(minutes=1)


def test_the_order_days_confirmation_is_dated_and_counted_on_that_day(client, api, customer, subscription):
    # GIVEN the order day lies weeks ahead (driven through the events, as in local mode)
    when = order_day(client, subscription)
    # THEN its order confirmation carries that day, is sent no earlier, and counts in that month
    [confirmation] = [m for m in history(api, customer) if m["kind"] == "order_confirmation"]
    assert confirmation["status"] == "sent"
    assert confirmation["created_at"][:10] == subscription["order_on"].isoformat()
    assert confirmation["sent_at"] >= confirmation["created_at"]
    month = subscription["order_on"].strftime("%Y-%m")
    assert body(api.get(f"/usage?month={month}"))["sms_messages"] >= 1
    assert when.date() == subscription["order_on"]


@pytest.fixture
def changed_just_before_the_order(api, customer, subscription, monkeypatch):
    """``changed_just_before_the_order(body)``: on the order day, the back office PATCHes the
    subscription with ``body`` after the scheduler read it and just before its order is placed."""
    from chalicelib.services.subscriptions import subscription_occurrences

    real = subscription_occurrences.place_order
    answers = []

    def arm(patch: dict):
        def racing(optician, read, order_on, now):
            answers.append(api.patch(f"/customers/{customer['id']}/subscriptions/{subscription['id']}", patch))
            return real(optician, read, order_on, now)

        monkeypatch.setattr(subscription_occurrences, "place_order", racing)
        return answers

    return arm


def test_a_subscription_cancelled_a_moment_before_its_order_places_no_order(
        client, api, customer, subscription, changed_just_before_the_order):
    answers = changed_just_before_the_order({"active": False})
    # WHEN the order day runs and the optician cancels the subscription just before the order is placed
    order_day(client, subscription)
    # THEN the cancellation stands and is confirmed, and no order is placed or confirmed
    [cancelled] = answers
    assert cancelled.status_code == 200 and body(cancelled)["active"] is False
    assert body(api.get(f"/customers/{customer['id']}/orders"))["items"] == []
    kinds = [(m["kind"], m["status"]) for m in history(api, customer)]
    assert ("subscription_cancelled", "sent") in kinds
    assert not any(kind == "order_confirmation" for kind, _ in kinds)
    shown = body(api.get(f"/customers/{customer['id']}/subscriptions/{subscription['id']}"))
    assert shown["active"] is False and shown["next_order_on"] == subscription["order_on"].isoformat()


def test_a_delivery_skipped_a_moment_before_its_order_is_not_ordered(
        client, api, customer, subscription, changed_just_before_the_order):
    order_on = subscription["order_on"]
    answers = changed_just_before_the_order({"skip_next": True})
    # WHEN the customer skips the next delivery just before the order day's order is placed
    order_day(client, subscription)
    # THEN the skip stands: no order for the skipped day, the next order four weeks later
    [skipped] = answers
    assert skipped.status_code == 200 and body(skipped)["skipped_on"] == order_on.isoformat()
    assert body(api.get(f"/customers/{customer['id']}/orders"))["items"] == []
    assert not any(m["kind"] == "order_confirmation" for m in history(api, customer))
    shown = body(api.get(f"/customers/{customer['id']}/subscriptions/{subscription['id']}"))
    assert shown["active"] is True and shown["next_order_on"] == (order_on + timedelta(weeks=4)).isoformat()


def test_a_subscription_changed_a_moment_before_its_order_is_ordered_as_changed(
        client, api, customer, subscription, changed_just_before_the_order):
    # WHEN the lines are changed (same order date) just before the order day's order is placed
    answers = changed_just_before_the_order({"lines": [{**LINES[0], "quantity": 3}]})
    when = order_day(client, subscription)
    [changed] = answers
    assert changed.status_code == 200
    # THEN the order read before the change is not placed; the occurrence stays due ...
    assert body(api.get(f"/customers/{customer['id']}/orders"))["items"] == []
    # ... and the next run places it with the changed lines, once
    fire(client, when + timedelta(minutes=15))
    [order] = body(api.get(f"/customers/{customer['id']}/orders"))["items"]
    assert order["lines"][0]["quantity"] == 3
    assert len([m for m in history(api, customer) if m["kind"] == "order_confirmation"]) == 1
