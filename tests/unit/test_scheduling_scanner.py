"""The scheduled run (services/scheduling/scanner.py) on in-memory scheduled items
(tests/fakes/occurrence_items.py, its contract: tests/integration/test_occurrence_items_contract.py) and
a recording queue: which occurrences it queues, with which time, in which batches, and what a capped run
leaves for the next. What it costs in AWS calls stays in tests/integration/test_scanner.py."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.adapters.dynamo import due
from chalicelib.services import wiring
from chalicelib.services.scheduling import scanner
from tests.fakes.occurrence_items import InMemoryScheduledItems

NOW = datetime(2026, 3, 30, 7, 5, tzinfo=timezone.utc)


class RecordingQueue:
    BATCH_LIMIT = 10

    def __init__(self) -> None:
        self.batches: list[list[dict]] = []

    def send_queue_url(self) -> str:
        return "https://sqs.example/send"

    def send_batch(self, bodies: list[str], queue_url: str | None = None) -> int:
        assert len(bodies) <= self.BATCH_LIMIT and queue_url == self.send_queue_url()
        self.batches.append([json.loads(body) for body in bodies])
        return len(bodies)

    def send_delayed(self, body: str, delay_seconds: int, queue_url: str | None = None) -> None:
        raise AssertionError("the scanner queues nothing delayed")

    @property
    def bodies(self) -> list[dict]:
        return [body for batch in self.batches for body in batch]


@pytest.fixture
def world():
    items, queue = InMemoryScheduledItems(), RecordingQueue()
    with wiring.override(occurrence_items=items, queue=queue):
        yield items, queue


def reminder(items: InMemoryScheduledItems, n: int, instant: datetime | None) -> tuple[str, str]:
    pk, sk = f"OPT#opt_a#CUST#cus_{n}", f"REMINDER#repurchase#rem_{n}"
    item = {"pk": pk, "sk": sk, "occurrence": "2026-03-30" if instant else None}
    if instant is not None:
        item.update(due.due_attributes(pk, sk, instant))
    items.put(item)
    return pk, sk


def test_every_due_occurrence_is_queued_once_with_the_runs_time_ten_to_a_batch(world):
    items, queue = world
    due_now = {reminder(items, n, NOW - timedelta(minutes=n)) for n in range(25)}
    for n in range(25, 30):
        reminder(items, n, NOW + timedelta(hours=n))
    reminder(items, 30, None)  # inactive
    report = scanner.run("2026-03-30T09:05:00+02:00")
    assert sorted((b["pk"], b["sk"]) for b in queue.bodies) == sorted(due_now)
    assert report.found == report.enqueued == 25 and report.now == "2026-03-30T07:05:00Z"
    assert {b["now"] for b in queue.bodies} == {"2026-03-30T07:05:00.000Z"}
    assert all(b["due_at"] == items.get(b["pk"], b["sk"])["due_at"] for b in queue.bodies)
    assert [len(batch) for batch in queue.batches] == [10, 10, 5]
    assert report.queries == len(due.all_shards())  # one page per shard when nothing is capped


def test_an_occurrence_due_exactly_now_is_included_and_one_a_second_later_is_not(world):
    items, queue = world
    on_time = reminder(items, 1, NOW)
    reminder(items, 2, NOW + timedelta(seconds=1))
    scanner.run(NOW)
    assert [(b["pk"], b["sk"]) for b in queue.bodies] == [on_time]


def test_a_capped_run_leaves_the_rest_for_the_next_run_oldest_first(world):
    items, queue = world
    stored = {reminder(items, n, NOW - timedelta(minutes=n)): NOW - timedelta(minutes=n) for n in range(40)}
    # GIVEN a run limited to one occurrence per shard
    first = scanner.run(NOW, max_per_run=len(due.all_shards()))
    assert first.found == len(queue.bodies) <= len(due.all_shards()) and first.capped_shards
    # THEN in each shard the oldest due occurrence went first
    for body in queue.bodies:
        shard = due.shard_of(body["pk"], body["sk"])
        oldest = min(instant for (pk, sk), instant in stored.items() if due.shard_of(pk, sk) == shard)
        assert due.parse_due_at(body["due_at"]) == oldest
    # AND nothing was lost: an unlimited run finds every due occurrence again (the scanner moves nothing)
    queue.batches.clear()
    again = scanner.run(NOW)
    assert sorted((b["pk"], b["sk"]) for b in queue.bodies) == sorted(stored) and not again.capped_shards


def test_nothing_due_queues_nothing(world):
    items, queue = world
    reminder(items, 1, NOW + timedelta(days=1))
    report = scanner.run(NOW)
    assert (report.found, report.enqueued, queue.batches) == (0, 0, [])
