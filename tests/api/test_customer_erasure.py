"""Deleting a customer removes every piece of their data (Datenschutz: nothing left behind).

The customer is given one of everything the product stores — passport, repurchase reminder,
a signed webshop order (with its pointer and webhook event), a back-office order, messages
by SMS and e-mail (history, claims, login and unsubscribe tokens, coordination claims), a
subscription, check-up and lens-exchange reminders — then deleted; afterwards no item of the
table mentions them, while the optician's own data and another customer stay.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.api.fixtures_lifecycles import PASSPORT, all_week, at, day, run_schedules  # noqa: F401 - fixture
from tests.api.fixtures_messaging import signed_post, verified_sender  # noqa: F401 - fixture
from tests.conftest import body

pytestmark = pytest.mark.usefixtures("verified_sender")

LINES = [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 1}]


def _table_items() -> list[dict]:
    """Every item of the emulated table (a test may Scan; the service never does)."""
    import boto3

    from chalicelib.config import get_config

    table = boto3.resource("dynamodb", region_name=get_config().region).Table(get_config().table_name)
    items, kwargs = [], {}
    while True:
        page = table.scan(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _mentioning(customer_id: str) -> list[tuple[str, str]]:
    return [(item["pk"], item["sk"]) for item in _table_items() if customer_id in repr(item)]


def test_deleting_a_customer_leaves_nothing_of_theirs(all_week):
    optician, api = all_week
    # GIVEN Anna with one of everything, and Ben who stays
    anna = body(api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67",
                                        "email": "anna@example.ch", "preferred_channel": "email"}))
    ben = body(api.post("/customers", {"first_name": "Ben", "last_name": "Brunner", "mobile": "078 234 56 78"}))
    base = f"/customers/{anna['id']}"
    passport = body(api.post(f"{base}/lens-passports", PASSPORT))
    api.post(f"{base}/lens-passports", PASSPORT)  # Ben's is below; Anna has two
    body(api.post(f"/customers/{ben['id']}/lens-passports", PASSPORT))
    assert api.post(f"{base}/repurchase-reminders", {
        "passport_id": passport["id"], "purchased_on": day(-80),
        "lines": [{"eye": "right", "pack_size": 6, "quantity": 1},
                  {"eye": "left", "pack_size": 6, "quantity": 1}]}).status_code == 201
    webshop_order = {"event_id": "evt-anna-1", "order_id": "W-1001", "customer_id": anna["id"],
                     "ordered_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                     "delivery": "home", "lines": LINES}
    assert signed_post(api, f"/webhooks/{optician['id']}/orders", webshop_order,
                       optician["webhook_secret"]).status_code == 201
    assert api.post(f"{base}/orders", {"delivery": "pickup", "lines": LINES}).status_code == 201
    assert body(api.post(f"{base}/messages", {"kind": "webshop_login"}))["status"] == "sent"
    assert api.post(f"{base}/control-reminders", {"first_reminder_on": day(1), "cycle_months": 12}).status_code == 201
    assert api.post(f"{base}/lens-exchange-reminders", {"first_reminder_on": day(1)}).status_code == 201
    run_schedules(at(1))  # the check-up and lens-exchange reminders go out: claims, history, tokens
    assert api.post(f"{base}/subscriptions", {"interval_weeks": 12, "next_order_on": day(30),
                                              "lines": LINES}).status_code == 201
    assert len(_mentioning(anna["id"])) > 15, "the fixture must store data of many kinds"
    bens = _mentioning(ben["id"])

    # WHEN the optician deletes Anna
    assert api.delete(base).status_code == 204

    # THEN no item of the table mentions her any more; Ben and the optician are untouched
    assert _mentioning(anna["id"]) == []
    assert _mentioning(ben["id"]) == bens
    assert api.get(base).status_code == 404
    assert body(api.get("/settings"))["id"] == optician["id"]
