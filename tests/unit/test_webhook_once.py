"""Each webhook event_id is processed once: replays, races, refusals and crashes (the store in memory,
tests/fakes/webhook_events.py; its contract: tests/integration/test_order_store.py)."""
from __future__ import annotations

import json

import pytest

from chalicelib.domain.errors import Conflict, ValidationError
from chalicelib.services import wiring
from chalicelib.services.webshop import webhooks
from tests.fakes.webhook_events import InMemoryWebhookEvents


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.now += seconds


@pytest.fixture
def store(monkeypatch):
    fake = InMemoryWebhookEvents()
    with wiring.override(webhook_events=fake):
        yield fake


def run(process, clock=None, fingerprint="f"):
    clock = clock or Clock()
    return webhooks.run_once("opt", "evt", fingerprint, process, clock=clock, sleep=clock.sleep)


def test_the_first_delivery_processes_and_a_replay_gets_the_same_answer(store):
    calls = []

    def process():
        calls.append(1)
        return 201, {"id": "ord_1"}, "cus_1"

    assert run(process) == (201, {"id": "ord_1"})
    assert run(process) == (200, {"id": "ord_1"})
    assert len(calls) == 1


def test_a_refused_event_is_released_for_a_later_delivery(store):
    def refuse():
        raise ValidationError("No customer with this id.", field="customer_id")

    with pytest.raises(ValidationError):
        run(refuse)
    assert store.events == {}
    assert run(lambda: (201, {"id": "ord_1"}, "cus_1")) == (201, {"id": "ord_1"})


def test_a_crash_releases_the_event_too(store):
    def crash():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        run(crash)
    assert store.events == {}


def test_a_concurrent_delivery_waits_for_the_first_ones_answer(store):
    # GIVEN another delivery holds the event and finishes while this one waits
    store.claim("opt", "evt", attempt="other", fingerprint="f", lease_until=2_000_000, expires_at=None)
    polls = []

    def first_finishes():
        polls.append(1)
        if len(polls) == 3:
            store.finish("opt", "evt", attempt="other", status_code=201, response=json.dumps({"id": "ord_1"}),
                         customer_id="cus_1", expires_at=None)

    store.on_get = first_finishes
    assert run(lambda: pytest.fail("processed twice")) == (200, {"id": "ord_1"})


def test_a_concurrent_delivery_that_never_finishes_makes_the_wait_end_in_409(store):
    store.claim("opt", "evt", attempt="other", fingerprint="f", lease_until=2_000_000, expires_at=None)
    with pytest.raises(Conflict) as caught:
        run(lambda: pytest.fail("processed twice"))
    assert caught.value.code == "event_in_progress"


def test_an_abandoned_claim_is_taken_over(store):
    store.claim("opt", "evt", attempt="crashed", fingerprint="f", lease_until=10, expires_at=None)
    assert run(lambda: (201, {"id": "ord_1"}, "cus_1")) == (201, {"id": "ord_1"})
    assert store.events[("opt", "evt")]["state"] == "done"


def test_the_same_event_id_for_another_request_is_409(store):
    run(lambda: (201, {"id": "ord_1"}, "cus_1"))
    with pytest.raises(Conflict) as caught:
        run(lambda: pytest.fail("processed"), fingerprint="other")
    assert caught.value.field == "event_id"


def test_the_fingerprint_ignores_key_order_but_not_values():
    assert webhooks.fingerprint("orders", {"a": 1, "b": 2}) == webhooks.fingerprint("orders", {"b": 2, "a": 1})
    assert webhooks.fingerprint("orders", {"a": 1}) != webhooks.fingerprint("orders", {"a": 2})
    assert webhooks.fingerprint("orders", {"a": 1}) != webhooks.fingerprint("orders/1/status", {"a": 1})
