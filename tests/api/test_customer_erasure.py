"""Deleting a customer removes every piece of their data (Datenschutz: nothing left behind).

The customer is given one of everything the product stores — passport, repurchase reminder,
a signed webshop order (with its pointer and webhook event), a back-office order, messages
by SMS and e-mail (history, claims, login and unsubscribe tokens, coordination claims), a
subscription, check-up and lens-exchange reminders — then deleted; afterwards no item of the
table or index mentions them, while the optician's own data and another customer stay. The export
(`GET /customers/{id}/export`) of the same customer lists everything that erasure removes.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.api.fixtures_lifecycles import PASSPORT, all_week, at, day, run_schedules  # noqa: F401 - fixture
from tests.api.fixtures_messaging import signed_post, verified_sender  # noqa: F401 - fixture
from tests.api.openapi_conformance import Conformance
from tests.conftest import body

pytestmark = pytest.mark.usefixtures("verified_sender")

LINES = [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 1}]


def _every_table_item() -> list[tuple[str, dict]]:
    """(table or index, item) for every item of every table of the emulated account, and of each
    table's secondary indexes (their entries must go with the items). A test may Scan; the service never does."""
    import boto3

    from chalicelib.config import get_config

    client = boto3.client("dynamodb", region_name=get_config().region)
    found = []
    for name in client.list_tables()["TableNames"]:
        described = client.describe_table(TableName=name)["Table"]
        indexes = [index["IndexName"] for index in described.get("GlobalSecondaryIndexes", [])
                   + described.get("LocalSecondaryIndexes", [])]
        for index in [None, *indexes]:
            kwargs = {"TableName": name, **({"IndexName": index} if index else {})}
            for page in client.get_paginator("scan").paginate(**kwargs):
                found += [(f"{name}/{index}" if index else name, item) for item in page["Items"]]
    return found


def _mentioning(*needles: str) -> list[tuple[str, str, str]]:
    """(table, pk, sk) of every item, in any table or index, whose keys or values contain a needle."""
    return [(where, item.get("pk", {}).get("S"), item.get("sk", {}).get("S")) for where, item in _every_table_item()
            if any(needle in repr(item) for needle in needles)]


@pytest.fixture
def anna_with_everything(all_week):
    """Anna with one of everything the product stores, and Ben, who stays."""
    optician, api = all_week
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
    return optician, api, anna, ben


def test_the_export_holds_everything_stored_about_the_customer(anna_with_everything):
    optician, api, anna, ben = anna_with_everything
    base = f"/customers/{anna['id']}"

    response = api.get(f"{base}/export")

    assert response.status_code == 200, response.body
    Conformance(body(api.client.http.get("/openapi.json"))).response("GET", f"{base}/export", response)
    export = body(response)
    assert export["customer"] == body(api.get(base))
    assert export["preferences"] == body(api.get(f"{base}/preferences"))
    for part, route in (("lens_passports", "lens-passports"), ("repurchase_reminders", "repurchase-reminders"),
                        ("control_reminders", "control-reminders"),
                        ("lens_exchange_reminders", "lens-exchange-reminders"),
                        ("subscriptions", "subscriptions"), ("orders", "orders")):
        assert export[part] == body(api.get(f"{base}/{route}"))["items"], part
        assert export[part], f"the fixture stores {part}"
    assert (len(export["lens_passports"]), len(export["orders"])) == (2, 2)
    # every message with the text as sent, not only the first page of the history
    history = body(api.get(f"{base}/messages?limit=100"))["items"]
    assert export["messages"] == history and len(history) >= 3
    assert all(message["text"] for message in export["messages"])
    assert {m["kind"] for m in export["messages"]} >= {"webshop_login", "order_confirmation"}
    # nothing of Ben's
    assert ben["id"] not in response.body.decode()


def test_the_export_of_another_opticians_customer_is_404_like_an_unknown_one(anna_with_everything, new_optician):
    _, _, anna, _ = anna_with_everything
    _, stranger = new_optician(name="Optik Fremd", sender_name="OptikFremd")

    for path in (f"/customers/{anna['id']}/export", "/customers/cus_unknown/export"):
        response = stranger.get(path)
        assert response.status_code == 404, response.body
        assert "Anna" not in response.body.decode()


def test_deleting_a_customer_leaves_nothing_of_theirs_in_any_table_or_index(anna_with_everything):
    optician, api, anna, ben = anna_with_everything
    base = f"/customers/{anna['id']}"
    exported = body(api.get(f"{base}/export"))
    assert len(_mentioning(anna["id"])) > 15, "the fixture must store data of many kinds"
    assert any((pk or "").startswith("PROVIDER#") for _, pk, _ in _mentioning(anna["id"])), "a receipt pointer"
    bens = _mentioning(ben["id"])

    # WHEN the optician deletes Anna
    assert api.delete(base).status_code == 204

    # THEN no item of any table or index mentions her (id, mobile, e-mail, the webshop order's id,
    # an exported record's id); Ben and the optician are untouched
    assert _mentioning(anna["id"]) == []
    assert _mentioning("+41791234567", "anna@example.ch", "W-1001") == []
    record_ids = [record["id"] for part in ("lens_passports", "repurchase_reminders", "control_reminders",
                                            "lens_exchange_reminders", "subscriptions", "orders", "messages")
                  for record in exported[part]]
    assert len(record_ids) > 8 and _mentioning(*record_ids) == []
    assert api.get(f"{base}/export").status_code == 404
    assert _mentioning(ben["id"]) == bens
    assert api.get(base).status_code == 404
    assert body(api.get("/settings"))["id"] == optician["id"]
