"""The scheduled run on emulated DynamoDB and SQS: what it finds and queues, and what it reads."""
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


def test_an_occurrence_due_exactly_now_is_included_and_one_a_second_later_is_not(aws):
    on_time = reminder(1, NOW)
    reminder(2, NOW + timedelta(seconds=1))
    scanner.run(NOW)
    assert [(b["pk"], b["sk"]) for b in queued_messages()] == [on_time]


def test_a_capped_run_leaves_the_rest_for_the_next_run_oldest_first(stored):
    # GIVEN a run limited to 16 occurrences (one per shard)
    first = scanner.run(NOW, max_per_run=16)
    first_bodies = queued_messages()
    assert first.found == len(first_bodies) <= 16 and first.capped_shards
    # THEN in each shard the oldest due occurrence went first
    for body in first_bodies:
        shard = due.shard_of(body["pk"], body["sk"])
        oldest = min(instant for (pk, sk), instant in stored.items() if due.shard_of(pk, sk) == shard)
        assert due.parse_due_at(body["due_at"]) == oldest
    # AND nothing was lost: an unlimited run finds every due occurrence again (none was moved on)
    scanner.run(NOW)
    assert {(b["pk"], b["sk"]) for b in queued_messages()} == set(stored)


def test_nothing_due_queues_nothing(aws, aws_calls):
    reminder(1, NOW + timedelta(days=1))
    report = scanner.run(NOW)
    assert report.found == 0 and queued_messages() == []
    assert aws_calls[("sqs", "SendMessageBatch")] == 0
