"""A scheduled repurchase reminder through the send path's two transactions (docs/operations.md).

The claim transaction writes the claim, the pending record, the personal link and the
coordination slots together; the final transaction writes the record, the usage and the
reminder's next occurrence together. These tests break the path between those steps and
check that nothing is sent twice, nothing is lost, and an optician's edit still wins.
"""
from __future__ import annotations

from datetime import timedelta

import pytest

from tests.api.test_schedules import (  # noqa: F401 - fixtures
    customer, fire, history, local, make_reminder, next_weekday, reminder_now, sms_outbox, throttle_sns,
)
from tests.integration.fixtures_scheduling import aws_calls  # noqa: F401 - fixture


class Crash(BaseException):
    """The worker dies here (a BaseException: nothing on the code path catches it)."""


def _partition(optician_id: str, customer_id: str) -> list[str]:
    """Sort keys of every item in the customer's partition."""
    from chalicelib.adapters.dynamo.base import customer_pk
    from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client
    from chalicelib.config import get_config

    items = get_dynamodb_client().query(
        TableName=get_config().table_name, KeyConditionExpression="pk = :pk",
        ExpressionAttributeValues={":pk": {"S": customer_pk(optician_id, customer_id)}})["Items"]
    return [item["sk"]["S"] for item in items]


def _link_refs(optician_id: str, customer_id: str) -> list[str]:
    return [sk for sk in _partition(optician_id, customer_id) if sk.startswith("REF#") and "#LINK#" in sk]


@pytest.fixture
def publish(monkeypatch):
    """``publish(hook)``: SNS publishes call ``hook()`` first (it may raise or change things)."""
    from chalicelib.adapters.sms import get_sns_client

    sns = get_sns_client()
    real_publish = sns.publish

    def install(hook):
        def publishing(**kwargs):
            hook()
            return real_publish(**kwargs)

        monkeypatch.setattr(sns, "publish", publishing)

    yield install
    monkeypatch.setattr(sns, "publish", real_publish)


def test_a_reminder_costs_one_read_two_transactions_and_one_publish(client, api, customer, aws_calls):
    d = next_weekday(2)
    make_reminder(api, customer, d)
    aws_calls.clear()

    fire(client, local(d, "09:00"))

    assert len(sms_outbox()) == 1
    dynamodb = {operation: n for (service, operation), n in aws_calls.items() if service == "dynamodb"}
    # 16 Queries of the due index (one per shard), one Query of the customer's records, one
    # BatchGetItem for the batch; the claim transaction and the final one (with the advance).
    assert dynamodb == {"Query": 17, "BatchGetItem": 1, "TransactWriteItems": 2}
    assert aws_calls[("sns", "Publish")] == 1


def test_a_crash_after_the_claim_transaction_before_the_provider_never_sends_and_moves_on(
        client, api, optician, customer, publish, monkeypatch):
    from chalicelib.services.messaging import send

    d = next_weekday(3)
    reminder = make_reminder(api, customer, d, cycle_days=30)
    monkeypatch.setattr(send, "CLAIM_LEASE_SECONDS", 0)  # the dead worker's lease is over at once

    def die():
        raise Crash()

    # GIVEN the worker dies after claim, pending record and link were written, before SNS
    publish(die)
    with pytest.raises(Crash):
        fire(client, local(d, "09:00"))
    publish(lambda: None)
    [pending] = history(api, customer)
    assert pending["status"] == "pending" and len(_link_refs(optician[0]["id"], customer["id"])) == 1

    # WHEN the occurrence is found again THEN it is closed as interrupted, never sent, and moves on
    fire(client, local(d, "09:05"))
    assert sms_outbox() == []
    [closed] = history(api, customer)
    assert (closed["id"], closed["status"], closed["reason"]) == (pending["id"], "failed", "interrupted")
    assert reminder_now(api, customer, reminder)["next_reminder_on"] == (d + timedelta(days=30)).isoformat()


def test_a_transient_provider_error_deletes_the_unused_link_with_the_claim(
        client, api, optician, customer, throttle_sns):
    d = next_weekday(1)
    make_reminder(api, customer, d)
    throttle_sns("Throttling")

    fire(client, local(d, "09:00"))  # the first attempt is released, the retry sends

    assert len(sms_outbox()) == 1
    assert [m["status"] for m in history(api, customer)] == ["sent"]
    # the released attempt's link is gone with its claim: one link, the one in the SMS
    assert len(_link_refs(optician[0]["id"], customer["id"])) == 1


def test_an_edit_while_sending_keeps_the_sent_record_and_the_edit(client, api, customer, publish):
    d = next_weekday(4)
    reminder = make_reminder(api, customer, d, cycle_days=90)
    path = f"/customers/{customer['id']}/repurchase-reminders/{reminder['id']}"

    # GIVEN the optician changes the cycle while the SMS goes out (after the reminder was read)
    publish(lambda: api.patch(path, {"cycle_days": 30}))
    fire(client, local(d, "09:00"))
    publish(lambda: None)

    # THEN the message is recorded sent (the next occurrence could not go with it) ...
    assert len(sms_outbox()) == 1
    assert [(m["status"], m["kind"]) for m in history(api, customer)] == [("sent", "repurchase_reminder")]
    # ... and the optician's edit stands: the occurrence was not moved by the stale read
    assert reminder_now(api, customer, reminder)["cycle_days"] == 30
    assert reminder_now(api, customer, reminder)["next_reminder_on"] == d.isoformat()

    # WHEN the next run finds it THEN it is not sent again and moves on by the new cycle
    fire(client, local(d, "09:05"))
    assert len(sms_outbox()) == 1 and len(history(api, customer)) == 1
    assert reminder_now(api, customer, reminder)["next_reminder_on"] == (d + timedelta(days=30)).isoformat()


def test_the_records_read_leaves_out_history_claims_and_back_references(client, api, optician, customer):
    from chalicelib.adapters.dynamo import customer_partition

    d = next_weekday(2)
    make_reminder(api, customer, d)
    fire(client, local(d, "09:00"))
    oid = optician[0]["id"]
    stored = {sk.split("#", 1)[0] for sk in _partition(oid, customer["id"])}
    assert {"MESSAGE", "CLAIM", "COORD", "REF", "PASSPORT", "REMINDER"} <= stored

    records = customer_partition.read(oid, customer["id"])

    assert [p.id for p in records.passports] == [customer["passport"]["id"]]
    assert [r["sk"].split("#")[1] for r in records.reminders] == ["repurchase"]
    assert records.orders == [] and records.subscriptions == []
