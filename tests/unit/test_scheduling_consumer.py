"""The SQS consumer: each record on its own, failures reported for redelivery, duplicates once."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from chalicelib.services.scheduling import consumer
from chalicelib.services.scheduling.due_message import DueMessage

NOW = datetime(2026, 3, 30, 7, 5, tzinfo=timezone.utc)


def body(n: int, due_at: str = "2026-03-30T07:00:00Z") -> str:
    return DueMessage(f"OPT#o#CUST#c{n}", f"REMINDER#repurchase#r{n}", due_at, NOW).to_body()


def sqs_event(*bodies: str) -> dict:
    return {"Records": [{"messageId": f"m{i}", "receiptHandle": f"h{i}", "body": b, "attributes": {},
                         "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                         "eventSourceARN": "arn:aws:sqs:eu-central-2:1:kontakt-local-send", "awsRegion": "eu-central-2"}
                        for i, b in enumerate(bodies)]}


@pytest.fixture
def calls(monkeypatch):
    """Records the occurrences processed; ``fail`` holds sort keys whose processing raises."""
    state = {"processed": [], "fail": set(), "prefetched": []}

    class FakeBatchLookup:
        def __init__(self, keys):
            state["prefetched"].append(list(keys))

    def fake_process(message, lookup=None):
        state["processed"].append(message.sk)
        if message.sk in state["fail"]:
            raise RuntimeError("throttled")
        return "sent"

    monkeypatch.setattr(consumer, "BatchLookup", FakeBatchLookup)
    monkeypatch.setattr(consumer.occurrence, "process", fake_process)
    return state


def test_every_record_is_processed_and_nothing_is_reported_for_retry(calls):
    response = consumer.handle(sqs_event(body(1), body(2), body(3)))
    assert response == {"batchItemFailures": []}
    assert calls["processed"] == ["REMINDER#repurchase#r1", "REMINDER#repurchase#r2", "REMINDER#repurchase#r3"]


def test_what_the_batch_needs_is_read_once_up_front(calls):
    consumer.handle(sqs_event(body(1), body(2)))
    assert calls["prefetched"] == [[("OPT#o#CUST#c1", "REMINDER#repurchase#r1"),
                                    ("OPT#o#CUST#c2", "REMINDER#repurchase#r2")]]


def test_only_the_failed_record_is_delivered_again(calls):
    calls["fail"] = {"REMINDER#repurchase#r2"}
    response = consumer.handle(sqs_event(body(1), body(2), body(3)))
    assert response == {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert len(calls["processed"]) == 3  # the failure did not stop the others


def test_a_batch_where_everything_failed_raises_so_all_is_delivered_again(calls):
    from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

    calls["fail"] = {"REMINDER#repurchase#r1", "REMINDER#repurchase#r2"}
    with pytest.raises(BatchProcessingError):
        consumer.handle(sqs_event(body(1), body(2)))


def test_the_same_occurrence_twice_in_a_batch_is_processed_once(calls):
    response = consumer.handle(sqs_event(body(1), body(1), body(2)))
    assert response == {"batchItemFailures": []}
    assert calls["processed"] == ["REMINDER#repurchase#r1", "REMINDER#repurchase#r2"]


def test_a_malformed_message_is_reported_so_it_ends_in_the_dead_letter_queue(calls):
    response = consumer.handle(sqs_event(body(1), "{not json"))
    assert response == {"batchItemFailures": [{"itemIdentifier": "m1"}]}
    assert calls["processed"] == ["REMINDER#repurchase#r1"]


def test_an_empty_event_is_fine(calls):
    assert consumer.handle({"Records": []}) == {"batchItemFailures": []}
    assert calls["prefetched"] == []
