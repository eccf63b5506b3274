"""The send pipeline end to end on the emulator: at most once per occurrence, none dropped.

Scanner → SQS → consumer → send path (real, with in-memory SNS/SES) → handler. Each test
injects one failure between two steps (or runs a step twice) and checks what a customer
would notice: how many messages they got, and that the reminder moved on.
"""
from __future__ import annotations

import threading
from datetime import date, datetime, timezone

import pytest

from chalicelib.adapters.dynamo import due, occurrence_items
from chalicelib.adapters.dynamo.base import customer_pk
from chalicelib.services.scheduling import scanner
from tests.integration.fixtures_messaging import gold, make_customer, make_optician, providers  # noqa: F401
from tests.integration.fixtures_scheduling import (  # noqa: F401
    TEST_PREFIX, Crash, deliver, handler_faults, put_schedulable, queued_messages, test_kind,
)

MONDAY = "2026-03-30"
RUN = "2026-03-30T07:05:00Z"           # Monday 09:05 in Zurich (summer time)
MONDAY_OPEN = datetime(2026, 3, 30, 7, 0, tzinfo=timezone.utc)


@pytest.fixture
def reminder(gold, make_customer, test_kind):
    """A customer with a test-kind reminder due Monday 09:00 Zurich; its (pk, sk)."""
    customer = make_customer(gold)
    pk, sk = customer_pk(gold.id, customer.id), f"{TEST_PREFIX}rem_1"
    put_schedulable(pk, sk, MONDAY, MONDAY_OPEN)
    return {"pk": pk, "sk": sk, "optician": gold, "customer": customer}


def drain() -> int:
    """Deliver until the queue is empty; rounds that received something."""
    rounds = 0
    while deliver()["received"]:
        rounds += 1
    return rounds


def stored(reminder) -> dict:
    return occurrence_items.get(reminder["pk"], reminder["sk"])


def history(reminder) -> list[dict]:
    from chalicelib.schemas.messages import HistoryQuery
    from chalicelib.services.messaging.history import list_messages

    return list_messages(reminder["optician"].id, reminder["customer"].id, HistoryQuery())["items"]


def assert_sent_once_and_moved_on(reminder, providers):
    sms, _ = providers
    assert len(sms.sent) == 1
    assert stored(reminder)["occurrence"] == "2026-04-29"
    assert [(m["kind"], m["status"]) for m in history(reminder)] == [("repurchase_reminder", "sent")]


def test_a_due_occurrence_is_sent_once_and_the_reminder_moves_on(reminder, providers):
    scanner.run(RUN)
    drain()
    sms, _ = providers
    assert_sent_once_and_moved_on(reminder, providers)
    assert sms.sent[0]["sender_id"] == "OptikMuster"
    # the next occurrence is in the index for its own day (Wednesday 29 April 09:00 Zurich)
    assert due.parse_due_at(stored(reminder)["due_at"]) == datetime(2026, 4, 29, 7, 0, tzinfo=timezone.utc)


def test_a_schedule_that_fires_twice_sends_once(reminder, providers):
    scanner.run(RUN)
    scanner.run(RUN)
    assert drain() >= 1
    assert_sent_once_and_moved_on(reminder, providers)


def test_two_runs_delivered_to_two_concurrent_consumers_send_once(reminder, providers):
    from chalicelib.services.scheduling import consumer
    from local.emulator import _sqs_event

    scanner.run(RUN)
    scanner.run("2026-03-30T07:06:00Z")
    bodies = queued_messages()
    assert len(bodies) == 2
    # GIVEN two Lambda instances, each with one of the two messages, starting together
    import json

    events = [_sqs_event("https://sqs.eu-central-2.amazonaws.com/1/q", [
        {"MessageId": f"m{i}", "ReceiptHandle": "h", "Body": json.dumps(b)}]) for i, b in enumerate(bodies)]
    start, results = threading.Barrier(2), []

    def run(event):
        start.wait()
        try:
            results.append(consumer.handle(event))
        except Exception as exc:  # noqa: BLE001 - a whole-batch failure is a retry, recorded
            results.append(exc)

    threads = [threading.Thread(target=run, args=(e,)) for e in events]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # THEN one SMS; whichever lost either saw the first one's record or was told to retry later
    sms, _ = providers
    assert len(sms.sent) == 1
    # a retry of the loser (if any) changes nothing
    for event, result in zip(events, results):
        if not isinstance(result, dict) or result["batchItemFailures"]:
            consumer.handle(event)
    assert_sent_once_and_moved_on(reminder, providers)


def test_a_redelivered_message_after_success_is_dropped(reminder, providers):
    from chalicelib.services.scheduling import consumer
    from local.emulator import _sqs_event

    scanner.run(RUN)
    sqs_messages = [{"MessageId": "m1", "ReceiptHandle": "h", "Body": __import__("json").dumps(b)}
                    for b in queued_messages()]
    event = _sqs_event("https://sqs.eu-central-2.amazonaws.com/1/q", sqs_messages)
    # WHEN the same message is delivered again after it was processed (crash after advance)
    assert consumer.handle(event) == {"batchItemFailures": []}
    assert consumer.handle(event) == {"batchItemFailures": []}
    assert_sent_once_and_moved_on(reminder, providers)


def test_a_scanner_crash_after_enqueueing_part_loses_nothing(gold, make_customer, test_kind, providers, monkeypatch):
    from chalicelib.adapters import queue

    customers = [make_customer(gold) for _ in range(15)]
    for c in customers:
        put_schedulable(customer_pk(gold.id, c.id), f"{TEST_PREFIX}r", MONDAY, MONDAY_OPEN)
    # GIVEN the scanner dies after its first SendMessageBatch
    original, calls = queue.send_batch, []

    def dying(bodies, url=None):
        calls.append(len(bodies))
        if len(calls) == 2:
            raise Crash()
        return original(bodies, url)

    monkeypatch.setattr(queue, "send_batch", dying)
    with pytest.raises(Crash):
        scanner.run(RUN)
    monkeypatch.setattr(queue, "send_batch", original)
    # WHEN the next run comes, and everything queued is delivered
    scanner.run("2026-03-30T07:10:00Z")
    drain()
    # THEN every customer got exactly one message: the ten queued twice were not sent twice
    sms, _ = providers
    assert len(sms.sent) == 15
    assert all(occurrence_items.get(customer_pk(gold.id, c.id), f"{TEST_PREFIX}r")["occurrence"] == "2026-04-29"
               for c in customers)


def test_a_crash_after_the_claim_before_the_provider_never_sends_and_is_recorded(reminder, providers, monkeypatch):
    from chalicelib.services.messaging import send

    sms, _ = providers
    monkeypatch.setattr(send, "CLAIM_LEASE_SECONDS", 0)  # the dead worker's lease is over at once
    sms.fail_next(Crash())
    scanner.run(RUN)
    # GIVEN the consumer dies after claiming the occurrence, before SNS was called
    with pytest.raises(Crash):
        deliver()
    # WHEN the message is delivered again
    drain()
    # THEN nothing is sent (it may or may not have reached SNS: never risk a second SMS) ...
    assert sms.sent == []
    # ... the message is recorded failed, not dropped, and the reminder moves on
    assert [(m["status"], m["reason"]) for m in history(reminder)] == [("failed", "interrupted")]
    assert stored(reminder)["occurrence"] == "2026-04-29"


def test_while_the_dead_workers_lease_runs_the_occurrence_waits(reminder, providers):
    sms, _ = providers
    sms.fail_next(Crash())
    scanner.run(RUN)
    with pytest.raises(Crash):
        deliver()
    # a redelivery within the 15-minute lease is told to retry later: no send, no advance
    assert deliver() == {"received": 1, "failed": 1}
    assert sms.sent == [] and stored(reminder)["occurrence"] == MONDAY


def test_a_crash_after_the_provider_accepted_never_sends_a_second_time(reminder, providers, monkeypatch):
    from chalicelib.services.messaging import send

    sms, _ = providers
    monkeypatch.setattr(send, "CLAIM_LEASE_SECONDS", 0)
    real_send = sms.send_sms

    def send_then_die(*args, **kwargs):
        real_send(*args, **kwargs)
        raise Crash()

    monkeypatch.setattr(sms, "send_sms", send_then_die)
    scanner.run(RUN)
    with pytest.raises(Crash):
        deliver()
    monkeypatch.setattr(sms, "send_sms", real_send)
    drain()
    assert len(sms.sent) == 1
    assert stored(reminder)["occurrence"] == "2026-04-29"
    assert len(history(reminder)) == 1


def test_a_crash_after_sending_before_advancing_sends_once_and_advances_on_retry(reminder, providers):
    handler_faults["advance"] = [Crash()]
    scanner.run(RUN)
    with pytest.raises(Crash):
        deliver()
    sms, _ = providers
    assert len(sms.sent) == 1 and stored(reminder)["occurrence"] == MONDAY
    drain()
    assert_sent_once_and_moved_on(reminder, providers)


def test_a_transient_provider_error_is_retried_and_sent_once(reminder, providers):
    from chalicelib.adapters.provider_errors import TransientSendError

    sms, _ = providers
    sms.fail_next(TransientSendError("Throttling"))
    scanner.run(RUN)
    assert deliver() == {"received": 1, "failed": 1}
    assert sms.sent == [] and stored(reminder)["occurrence"] == MONDAY
    drain()
    assert_sent_once_and_moved_on(reminder, providers)


def test_a_permanent_provider_error_is_recorded_failed_and_the_reminder_moves_on(reminder, providers):
    from chalicelib.adapters.provider_errors import PermanentSendError

    sms, _ = providers
    sms.fail_next(PermanentSendError("invalid_number", "InvalidParameter"))
    scanner.run(RUN)
    drain()
    assert sms.sent == []
    assert [(m["status"], m["reason"]) for m in history(reminder)] == [("failed", "invalid_number")]
    assert stored(reminder)["occurrence"] == "2026-04-29"


def test_an_occurrence_that_keeps_failing_ends_in_the_dead_letter_queue_and_stays_due(reminder, providers):
    from chalicelib.adapters import queue

    handler_faults["advance"] = [RuntimeError("bug")] * 10
    scanner.run(RUN)
    drain()  # five deliveries, then SQS moves it aside
    sqs = queue.get_sqs_client()
    dlq = sqs.get_queue_url(QueueName="kontakt-local-send-dlq")["QueueUrl"]
    assert int(sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
               ["Attributes"]["ApproximateNumberOfMessages"]) == 1
    # sent once (the send path's key held on every retry), and not silently dropped:
    sms, _ = providers
    assert len(sms.sent) == 1
    assert stored(reminder)["occurrence"] == MONDAY
    # the next run finds it again; once the bug is gone it moves on
    handler_faults["advance"] = []
    scanner.run("2026-03-30T07:10:00Z")
    drain()
    assert_sent_once_and_moved_on(reminder, providers)


def test_outside_the_window_it_waits_and_goes_out_when_the_window_opens(reminder, providers):
    # GIVEN a run at 19:30 Zurich that finds the Monday occurrence (it was not processed by day)
    scanner.run("2026-03-30T17:30:00Z")
    drain()
    sms, _ = providers
    assert sms.sent == []
    assert due.parse_due_at(stored(reminder)["due_at"]) == datetime(2026, 3, 31, 7, 0, tzinfo=timezone.utc)
    assert stored(reminder)["occurrence"] == MONDAY
    # a run in the night finds nothing; the run at Tuesday 09:00 sends it
    assert scanner.run("2026-03-31T03:00:00Z").found == 0
    scanner.run("2026-03-31T07:00:00Z")
    drain()
    assert len(sms.sent) == 1
    assert date.fromisoformat(stored(reminder)["occurrence"]) == date(2026, 4, 29)
