"""Two orders for two different passports applied at the same time (docs/operations.md, "Failure cases").

A barrier holds the first order just before it deactivates the customer's other repurchase
reminders, while the second order is applied completely — as two concurrent Lambdas could.
Neither may deactivate the reminder a newer (or simultaneous) order has just set.
"""
from __future__ import annotations

import pytest

from tests.api.fixtures_repurchase import (  # noqa: F401 - fixtures
    MONTHLY_PASSPORT, ORDER_LINES, customer, in_days, now_iso, passport,
)
from tests.conftest import body

MONTHLY_LINES = [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 2}]


@pytest.fixture
def monthly(api, customer, passport):
    return body(api.post(f"/customers/{customer['id']}/lens-passports", {**MONTHLY_PASSPORT, "issued_on": in_days(0)}))


@pytest.fixture
def barrier(race_once):
    """``barrier(hook)``: the first order to deactivate other reminders runs ``hook()`` first."""
    from chalicelib.services.reminders import repurchase_from_orders

    return lambda hook: race_once(repurchase_from_orders, "_deactivate_others", hook)


def _active_by_passport(api, customer) -> dict:
    items = body(api.get(f"/customers/{customer['id']}/repurchase-reminders"))["items"]
    return {r["passport_id"]: r["active"] for r in items}


def test_two_orders_at_the_same_moment_leave_both_reminders_active(api, customer, passport, monthly, barrier):
    orders = f"/customers/{customer['id']}/orders"
    at = now_iso()
    second = []
    barrier(lambda: second.append(api.post(orders, {"lines": MONTHLY_LINES, "delivery": "home",
                                                    "ordered_at": at}).status_code))

    assert api.post(orders, {"lines": ORDER_LINES, "delivery": "home", "ordered_at": at}).status_code == 201

    assert second == [201]
    assert _active_by_passport(api, customer) == {passport["id"]: True, monthly["id"]: True}


def test_of_two_concurrent_orders_the_newer_ones_reminder_stays_active(api, customer, passport, monthly, barrier):
    orders = f"/customers/{customer['id']}/orders"
    # GIVEN the older order is held before deactivating while the newer one is applied completely
    barrier(lambda: api.post(orders, {"lines": MONTHLY_LINES, "delivery": "home", "ordered_at": now_iso(minutes=-1)}))

    api.post(orders, {"lines": ORDER_LINES, "delivery": "home", "ordered_at": now_iso(minutes=-2)})

    # THEN the newer order's passport is the one the customer wears now
    assert _active_by_passport(api, customer) == {passport["id"]: False, monthly["id"]: True}
