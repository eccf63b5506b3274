"""Counting every AWS API call of a process, attributed to the pipeline's steps.

A ``before-call`` handler is registered on every botocore client as it is created (boto3's
and PynamoDB's alike), so install the counter before the first client exists.
"""
from __future__ import annotations

import contextvars
from collections import Counter

_component = contextvars.ContextVar("component", default="other")


class CallCounter:
    """Counts every AWS API call of every botocore client created after ``install``."""

    def __init__(self):
        self.calls: Counter = Counter()  # (component, service, operation) -> n
        self.clients_created = 0

    def install(self) -> None:
        import botocore.session

        original = botocore.session.Session.create_client
        counter = self

        def create_client(session, *args, **kwargs):
            client = original(session, *args, **kwargs)
            counter.clients_created += 1
            client.meta.events.register("before-call", counter._on_call)
            return client

        botocore.session.Session.create_client = create_client

    def _on_call(self, model, **kwargs):
        self.calls[(_component.get(), model.service_model.service_name, model.name)] += 1
        return None  # anything else would short-circuit the call

    def reset(self) -> None:
        self.calls.clear()

    def total(self, exclude_poller: bool = False) -> int:
        return sum(n for key, n in self.calls.items() if not (exclude_poller and key[0] == POLLER))


POLLER = "SQS poller (Lambda's, not the function's)"


def tag(component: str, function):
    """``function`` with every AWS call inside it counted under ``component``."""

    def tagged(*args, **kwargs):
        token = _component.set(component)
        try:
            return function(*args, **kwargs)
        finally:
            _component.reset(token)

    tagged.__wrapped__ = function
    return tagged


def tag_components() -> None:
    """Attribute calls to the pipeline's steps (scanner, batch read, handler, send path, poller)."""
    import local.emulator as emulator
    from chalicelib.adapters.dynamo import occurrence_items
    from chalicelib.services.reminders import repurchase_occurrences
    from chalicelib.services.scheduling import consumer, lookup, occurrence, scanner

    scanner.run = tag("scheduled run (due lookup + enqueue)", scanner.run)

    class TaggedBatchLookup(lookup.BatchLookup):
        def __init__(self, keys):
            tag("consumer: batch read (items, customers, opticians)", super().__init__)(keys)

    consumer.BatchLookup = TaggedBatchLookup
    occurrence._send = tag("send_message (issue 4)", occurrence._send)
    occurrence_items.move_due = tag("consumer: window move", occurrence_items.move_due)  # stores() returns the module
    repurchase_occurrences.message_for = tag("handler.message_for (issue 3)", repurchase_occurrences.message_for)
    repurchase_occurrences.advance = tag("handler.advance (issue 3)", repurchase_occurrences.advance)
    # drain_queues plays Lambda's SQS poller (receive, delete, release); the consumer runs inside it.
    emulator.drain_queues = tag(POLLER, emulator.drain_queues)
    consumer.handle = tag("consumer: other", consumer.handle)
