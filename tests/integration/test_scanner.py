"""The scheduled run on emulated DynamoDB and SQS: what it finds and queues, and what it reads. Its rules
(the bound, batches, a capped run) are unit tests on the fake (tests/unit/test_scheduling_scanner.py)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.adapters.dynamo import due
from chalicelib.services.scheduling import scanner
from tests.integration.fixtures_scheduling import aws_calls, put_schedulable, queued_messages  # noqa: F401

NOW = datetime(2026, 3, 30, 7, 5, tzinfo=timezone.utc)


def reminder(n: int, instant: datetime | None, occurrence: str = "2026-03-30") -> tuple[str, str]:
    pk, sk = f"OPT#opt_a#CUST#cus_{n}", f"REMINDER#repurchase#rem_{n}"
    put_schedulable(pk, sk, occurrence if instant else None, instant)
    return pk, sk


@pytest.fixture
def stored(aws):
    """40 due reminders (over several shards), 30 due later, 10 inactive, plus non-schedulable items."""
    due_now = {reminder(n, NOW - timedelta(minutes=n)): NOW - timedelta(minutes=n) for n in range(40)}
    for n in range(40, 70):
        reminder(n, NOW + timedelta(minutes=1 + n))
    for n in range(70, 80):
        reminder(n, None)
    for n in range(10):
        put_schedulable(f"OPT#opt_a#CUST#cus_{n}", f"PASSPORT#p{n}", None, None)
    return due_now


def test_every_due_occurrence_is_queued_once_and_nothing_else(stored):
    # WHEN the schedule runs at NOW
    report = scanner.run("2026-03-30T07:05:00Z")
    # THEN exactly the due ones are queued, each once, with the run's time
    bodies = queued_messages()
    assert {(b["pk"], b["sk"]) for b in bodies} == set(stored)
    assert len(bodies) == len(stored) == report.found == report.enqueued
    assert {b["now"] for b in bodies} == {"2026-03-30T07:05:00.000Z"}
    assert all(b["due_at"].split("#", 1)[0] <= "2026-03-30T07:05:00Z" for b in bodies)


def test_the_due_lookup_reads_only_due_items_with_one_query_per_shard(stored, aws_calls):
    report = scanner.run(NOW)
    # O(due): DynamoDB read exactly the 40 due items, none of the 110 others
    assert report.scanned_count == 40
    assert report.queries == len(due.all_shards())
    assert aws_calls[("dynamodb", "Query")] == report.queries
    assert not any(op == "Scan" for _, op in aws_calls)
    # ten messages per SendMessageBatch
    assert aws_calls[("sqs", "SendMessageBatch")] == 4


def test_nothing_due_queues_nothing(aws, aws_calls):
    reminder(1, NOW + timedelta(days=1))
    report = scanner.run(NOW)
    assert report.found == 0 and queued_messages() == []
    assert aws_calls[("sqs", "SendMessageBatch")] == 0
