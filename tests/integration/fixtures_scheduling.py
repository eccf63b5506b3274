"""Helpers for the scheduling pipeline's tests: schedulable items, the send queue, AWS call counts."""
from __future__ import annotations

import json
from collections import Counter
from datetime import datetime

import pytest

from chalicelib.adapters.dynamo import due


def put_schedulable(pk: str, sk: str, occurrence: str | None, instant: datetime | None, **extra) -> dict:
    """Store a schedulable item directly; without ``instant`` it is inactive (not in the index)."""
    from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client
    from chalicelib.config import get_config

    item = {"pk": {"S": pk}, "sk": {"S": sk}}
    if occurrence:
        item["occurrence"] = {"S": occurrence}
    if instant is not None:
        item.update({name: {"S": value} for name, value in due.due_attributes(pk, sk, instant).items()})
    for name, value in extra.items():
        item[name] = {"N": str(value)} if isinstance(value, int) else {"S": str(value)}
    get_dynamodb_client().put_item(TableName=get_config().table_name, Item=item)
    return item


def queued_messages(delete: bool = True) -> list[dict]:
    """Every message body now in the send queue (received, and by default deleted)."""
    from chalicelib.adapters import queue

    sqs, url, bodies = queue.get_sqs_client(), queue.send_queue_url(), []
    while True:
        received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"])
        messages = received.get("Messages", [])
        if not messages:
            return bodies
        bodies += [json.loads(m["Body"]) for m in messages]
        if delete:
            sqs.delete_message_batch(QueueUrl=url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)])


@pytest.fixture
def aws_calls(monkeypatch):
    """Counter of AWS operations made from now on, by (service, operation), all clients included."""
    from botocore.client import BaseClient

    calls: Counter = Counter()
    original = BaseClient._make_api_call

    def counting(self, operation_name, api_params):
        calls[(self.meta.service_model.service_name, operation_name)] += 1
        return original(self, operation_name, api_params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counting)
    return calls


# --- a schedulable kind for tests: "REMINDER#test#<id>", every 30 days, the contract of a handler ----

TEST_PREFIX = "REMINDER#test#"
CYCLE_DAYS = 30
handler_faults: dict = {"advance": []}  # exceptions the next advance() calls raise, in order


def message_for(optician: dict, customer: dict, item: dict, records=None, now=None) -> tuple[str, dict] | None:
    """A repurchase reminder for each occurrence (the pipeline's handler contract)."""
    return "repurchase_reminder", {"reminder": {"runs_out_on": item["occurrence"]}}


def advance(optician: dict, item: dict, now: datetime) -> None:
    """The next occurrence CYCLE_DAYS later, conditional on the processed one."""
    from datetime import date, timedelta

    from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client
    from chalicelib.config import get_config
    from chalicelib.domain.send_window import due_instant

    if handler_faults["advance"]:
        raise handler_faults["advance"].pop(0)
    following = (date.fromisoformat(item["occurrence"]) + timedelta(days=CYCLE_DAYS)).isoformat()
    instant = due_instant(date.fromisoformat(following), optician.send_window, optician.timezone)
    attributes = due.due_attributes(item["pk"], item["sk"], instant)
    get_dynamodb_client().update_item(
        TableName=get_config().table_name, Key={"pk": {"S": item["pk"]}, "sk": {"S": item["sk"]}},
        UpdateExpression="SET occurrence = :next, due_at = :due_at, due_shard = :shard",
        ConditionExpression="occurrence = :processed",
        ExpressionAttributeValues={":next": {"S": following}, ":due_at": {"S": attributes["due_at"]},
                                   ":shard": {"S": attributes["due_shard"]}, ":processed": {"S": item["occurrence"]}},
    )


@pytest.fixture
def test_kind(monkeypatch):
    """Registers the test kind with the pipeline; its faults are reset after the test."""
    from chalicelib.services.scheduling import registry

    monkeypatch.setitem(registry.HANDLERS, TEST_PREFIX, __name__)
    handler_faults["advance"] = []
    yield
    handler_faults["advance"] = []


class Crash(BaseException):
    """The process dies here (not an Exception: nothing in the code path may catch it)."""


def deliver(lookup_event=None) -> dict:
    """One delivery round of the send queue to the consumer, as Lambda's poller does it.

    Receives up to ten messages and invokes the consumer. Successes are deleted, reported
    failures made visible again. If the consumer dies (Crash), every received message becomes
    visible again (as after the visibility timeout) and the Crash is re-raised.
    Returns {"received": n, "failed": n}.
    """
    from chalicelib.adapters import queue
    from chalicelib.services.scheduling import consumer
    from local.emulator import _sqs_event

    sqs, url = queue.get_sqs_client(), queue.send_queue_url()
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"]).get("Messages", [])
    if not messages:
        return {"received": 0, "failed": 0}

    def release(batch):
        if batch:
            sqs.change_message_visibility_batch(QueueUrl=url, Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"], "VisibilityTimeout": 0}
                for i, m in enumerate(batch)])

    try:
        response = consumer.handle(_sqs_event(url, messages))
        failed = {f["itemIdentifier"] for f in response["batchItemFailures"]}
    except Crash:
        release(messages)
        raise
    except Exception:  # the whole batch failed
        failed = {m["MessageId"] for m in messages}
    done = [m for m in messages if m["MessageId"] not in failed]
    if done:
        sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(done)])
    release([m for m in messages if m["MessageId"] in failed])
    return {"received": len(messages), "failed": len(failed)}
