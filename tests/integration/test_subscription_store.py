"""The subscription store's contract on emulated DynamoDB and in memory (tests/fakes/subscriptions.py):
records read back as stored, edits only at the version read, the scheduler's moves only while the
processed occurrence is pending, active subscriptions per customer."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.orders import OrderLine
from chalicelib.domain.errors import Conflict
from chalicelib.domain.subscription import Subscription
from tests.fakes.subscriptions import InMemorySubscriptions

OID, CID = "opt_1", "cus_1"
DUE = {"due_shard": "DUE#1", "due_at": "2026-05-01T07:00:00Z#pk#sk", "due_owner": f"OPT#{OID}"}
LINE = OrderLine(product_id="biofinity", eye="both", pack_size=6, quantity=2)


def subscription(sid: str = "sub_1", customer_id: str = CID, active: bool = True) -> Subscription:
    return Subscription(id=sid, customer_id=customer_id, lines=(LINE,), interval_weeks=4,
                        next_order_on=date(2026, 5, 8), delivery="home", active=active)


@pytest.fixture(params=["dynamodb", "memory"])
def store(request):
    if request.param == "memory":
        return InMemorySubscriptions()
    request.getfixturevalue("aws")
    from chalicelib.adapters.dynamo import subscriptions

    return subscriptions


def test_a_subscription_reads_back_as_stored(store):
    created = store.create(OID, subscription(), "preannouncement#2026-05-08", DUE)
    assert (created.version, created.occurrence, created.lines, created.next_order_on, created.skipped_on) == (
        1, "preannouncement#2026-05-08", (LINE,), date(2026, 5, 8), None)
    assert store.get(OID, CID, "sub_1") == created and store.list_all(OID, CID) == [created]
    assert store.get(OID, "other", "sub_1") is None


def test_a_subscriptions_lines_are_stored_as_the_json_they_always_were(aws):
    from chalicelib.adapters.dynamo import subscriptions

    subscriptions.create(OID, subscription(), None, None)
    pk, sk = subscriptions.keys(OID, CID, "sub_1")
    stored = subscriptions.SubscriptionItem.get(pk, sk).lines
    assert stored == '[{"eye": "both", "pack_size": 6, "product_id": "biofinity", "quantity": 2}]'


def test_active_subscriptions_are_per_customer(store):
    store.create(OID, subscription("sub_1", active=False), None, None)
    assert store.any_active(OID, CID) is False
    store.create(OID, subscription("sub_2", customer_id="cus_2"), None, None)
    assert store.any_active(OID, CID) is False and store.any_active(OID, "cus_2") is True


def test_an_edit_needs_the_version_read_and_schedules_as_asked(store):
    store.create(OID, subscription(), "preannouncement#2026-05-08", DUE)
    kept = store.update(OID, CID, "sub_1", {"interval_weeks": 6}, schedule=store.KEEP, expected_version=1)
    assert (kept.interval_weeks, kept.version, kept.occurrence) == (6, 2, "preannouncement#2026-05-08")
    with pytest.raises(Conflict):
        store.update(OID, CID, "sub_1", {"interval_weeks": 8}, schedule=store.KEEP, expected_version=1)
    moved = store.update(OID, CID, "sub_1", {"next_order_on": date(2026, 6, 5), "skipped_on": date(2026, 5, 8)},
                         schedule=("preannouncement#2026-06-05", DUE), expected_version=2)
    assert (moved.next_order_on, moved.skipped_on, moved.occurrence) == (
        date(2026, 6, 5), date(2026, 5, 8), "preannouncement#2026-06-05")
    cancelled = store.update(OID, CID, "sub_1", {"active": False}, schedule=None, expected_version=3)
    assert (cancelled.active, cancelled.occurrence) == (False, None)


def test_the_scheduler_moves_only_the_processed_occurrence(store):
    store.create(OID, subscription(), "order#2026-05-08", DUE)
    pk, sk = store.keys(OID, CID, "sub_1")
    assert store.advance(pk, sk, "preannouncement#2026-05-08", {}, occurrence="x", due=DUE) is False
    assert store.advance(pk, sk, "order#2026-05-08", {"next_order_on": date(2026, 6, 5), "skipped_on": None},
                         occurrence="preannouncement#2026-06-05", due=DUE) is True
    stored = store.get(OID, CID, "sub_1")
    assert (stored.next_order_on, stored.occurrence, stored.version) == (
        date(2026, 6, 5), "preannouncement#2026-06-05", 2)


def test_a_deleted_subscription_is_gone(store):
    store.create(OID, subscription(), None, None)
    store.delete(OID, CID, "sub_1")
    assert store.get(OID, CID, "sub_1") is None and store.list_all(OID, CID) == []
