"""Transactional messages (services/messaging/transactional.py) on the in-memory message store and send
queue: a message the provider cannot take now is queued with its key and sent once later, however
often the retry arrives; a retry early for its lease waits on the queue; a queue that refuses too
loses nothing of the change that triggered it. No moto (the queue's contract:
tests/integration/test_send_queue_contract.py); the routes and the dead-letter queue stay in tests/api."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from chalicelib.adapters.queue import EnqueueError
from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import TransientSendError
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services import wiring
from chalicelib.services.messaging import transactional
from chalicelib.services.messaging.send_retry import SendRetry, from_body
from tests.fakes import FakeEmail, FakeSms
from tests.fakes.counters import InMemoryCounters
from tests.fakes.messages import InMemoryMessages
from tests.fakes.opticians import InMemoryOpticians
from tests.fakes.queue import InMemoryQueue

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
OPTICIAN = OpticianSettings(id="opt_1", name="Optik Muster", sender_name="OptikMuster")
ANNA = Customer("cus_1", "Anna", "Aebi", salutation="Frau", language="de", mobile="+41791234567",
                preferred_channel="sms", topics={})
KEY = "order_confirmation#ord_1"
DATA = {"order": {"id": "ord_1", "delivery": "home", "lines": []}}


class Customers:
    """The customer store's read the retry makes (the customer is read again when it is sent)."""

    def __init__(self) -> None:
        self.erased = False

    def get(self, optician_id: str, customer_id: str) -> Customer | None:
        known = (optician_id, customer_id) == (OPTICIAN.id, ANNA.id) and not self.erased
        return ANNA if known else None


class World:
    def __init__(self) -> None:
        self.messages, self.queue, self.sms, self.customers = InMemoryMessages(), InMemoryQueue(), FakeSms(), Customers()
        self.opticians = InMemoryOpticians()
        self.opticians.create(OPTICIAN, "secret")

    def records(self) -> list[Any]:
        return self.messages.list_all(OPTICIAN.id, ANNA.id)


@pytest.fixture
def world():
    made = World()
    with wiring.override(messages=made.messages, queue=made.queue, sms=made.sms, email=FakeEmail(),
                         counters=InMemoryCounters(), opticians=made.opticians, customers=made.customers):
        yield made


def send_now() -> None:
    transactional.send_now(OPTICIAN, ANNA, "order_confirmation", idempotency_key=KEY, data=DATA, now=NOW)


def test_a_message_the_provider_cannot_take_now_is_queued_with_its_key_and_sent_once_later(world):
    world.sms.fail_next(TransientSendError("Throttling"))

    send_now()

    assert world.records() == [] and world.sms.sent == []
    [(body, delay)] = world.queue.queued
    retry = from_body(body)
    assert (retry.kind, retry.idempotency_key, retry.data, retry.not_before) == ("order_confirmation", KEY, DATA, None)
    assert delay == 60 and "+41" not in body and "Anna" not in body  # ids and template data only
    assert transactional.retry(retry) == "sent" and transactional.retry(retry) == "sent"  # delivered twice
    assert len(world.sms.sent) == 1 and [m.status for m in world.records()] == ["sent"]


def test_a_message_sent_at_once_queues_nothing(world):
    send_now()

    assert world.queue.queued == [] and len(world.sms.sent) == 1


def test_when_the_queue_refuses_too_nothing_is_raised_and_an_error_names_ids_only(world, monkeypatch):
    world.sms.fail_next(TransientSendError("Throttling"))
    world.queue.fail_next(EnqueueError("SQS did not take the message: EndpointConnectionError"))
    errors: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(transactional.logger, "error", lambda message, extra: errors.append((message, extra)))

    send_now()

    assert world.queue.queued == [] and world.records() == []
    [(message, extra)] = errors
    assert "could not queue" in message
    assert (extra["kind"], extra["customer_id"], extra["optician_id"]) == ("order_confirmation", "cus_1", "opt_1")
    assert "+41" not in json.dumps(extra) and "Anna" not in json.dumps(extra)  # ids only


def test_a_retry_early_for_the_claims_lease_goes_back_on_the_queue_until_then(world):
    retry = SendRetry(OPTICIAN.id, ANNA.id, "order_confirmation", KEY, DATA, NOW,
                      not_before=(datetime.now(timezone.utc) + timedelta(hours=1)).replace(microsecond=0))

    assert transactional.retry(retry) == transactional.WAITING

    [(body, delay)] = world.queue.queued
    assert from_body(body) == retry and delay == 900  # SQS's longest delay; it comes back again
    assert world.sms.sent == [] and world.records() == []


def test_a_retry_for_an_erased_customer_sends_nothing(world):
    world.customers.erased = True

    assert transactional.retry(SendRetry(OPTICIAN.id, ANNA.id, "order_confirmation", KEY, DATA, NOW)) == "gone"
    assert world.sms.sent == [] and world.records() == []
