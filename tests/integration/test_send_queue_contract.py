"""The send queue's contract, run against the SQS adapter on emulated AWS and the in-memory fake
(tests/fakes/queue.py): what is queued arrives as it was queued, a batch holds at most ten, a delay
keeps a body back, and a delay SQS refuses is an EnqueueError."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import pytest

from chalicelib.adapters.queue import EnqueueError
from tests.fakes.queue import InMemoryQueue


@dataclass
class Queue:
    adapter: Any
    ready: Callable[[], list[str]]  # the bodies a consumer can receive now (received once)


@pytest.fixture(params=["sqs", "memory"])
def queue(request) -> Queue:
    if request.param == "memory":
        fake = InMemoryQueue()
        seen: set[int] = set()

        def ready_in_memory() -> list[str]:
            due = [(n, body) for n, (body, delay) in enumerate(fake.queued) if delay == 0 and n not in seen]
            seen.update(n for n, _ in due)
            return [body for _, body in due]

        return Queue(fake, ready_in_memory)
    request.getfixturevalue("aws")
    from chalicelib.adapters import queue as adapter

    def ready_on_sqs() -> list[str]:
        bodies: list[str] = []
        while True:
            answer = adapter.get_sqs_client().receive_message(QueueUrl=adapter.send_queue_url(),
                                                              MaxNumberOfMessages=10, WaitTimeSeconds=0)
            if not answer.get("Messages"):
                return bodies
            bodies += [message["Body"] for message in answer["Messages"]]

    return Queue(adapter, ready_on_sqs)


def test_a_batch_arrives_whole_and_a_batch_holds_at_most_ten(queue):
    bodies = [f'{{"n":{n}}}' for n in range(queue.adapter.BATCH_LIMIT)]

    assert queue.adapter.send_batch(bodies) == 10
    assert sorted(queue.ready()) == sorted(bodies)
    with pytest.raises(ValueError):
        queue.adapter.send_batch(bodies + ['{"n":10}'])
    assert queue.ready() == []


def test_a_delayed_body_is_held_back_and_one_without_delay_is_not(queue):
    queue.adapter.send_delayed('{"later":true}', 900)
    queue.adapter.send_delayed('{"now":true}', 0, queue.adapter.send_queue_url())

    assert queue.ready() == ['{"now":true}']


def test_a_delay_sqs_refuses_is_an_enqueue_error(queue):
    with pytest.raises(EnqueueError):
        queue.adapter.send_delayed('{"late":true}', 901)
    assert queue.ready() == []
