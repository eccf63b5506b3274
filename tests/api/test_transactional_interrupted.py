"""A transactional message whose send broke after its claim is never left ``pending`` nor sent twice.

An unexpected error inside the send path (DynamoDB failing the final transaction after SNS
took the SMS; a crash between the claim and the provider call) leaves the key claimed with a
``pending`` record. ``transactional.send_now`` queues a retry to run after the claim's lease;
driven through the queue consumer, it closes the expired claim as ``failed``/``interrupted``
(never a second SMS), finds a final record as it is, or sends what was never claimed.
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from tests.api.fixtures_messaging import moto_sms, signed_post
from tests.api.fixtures_repurchase import ORDER_LINES
from tests.api.test_order_messages import customer_with_passport, messages
from tests.api.test_transactional_retries import drain, queued


def _internal_server_error():
    from botocore.exceptions import ClientError

    return ClientError({"Error": {"Code": "InternalServerError", "Message": "internal error"}},
                       "TransactWriteItems")


@pytest.fixture
def short_lease(monkeypatch):
    """The claim's lease is over at once; the retry's ``not_before`` is then the margin (60 s) ahead."""
    from chalicelib.services.messaging import send

    monkeypatch.setattr(send, "CLAIM_LEASE_SECONDS", 0)


@pytest.fixture
def later(monkeypatch):
    """``later(seconds)``: the transactional retries' clock moves ahead by ``seconds``."""
    from chalicelib.services.messaging import transactional

    real = transactional._now

    def move(seconds: int):
        monkeypatch.setattr(transactional, "_now", lambda: real() + timedelta(seconds=seconds))

    return move


def fail_once(monkeypatch, name: str, *, after_real: bool):
    """The adapter function ``messages.<name>`` raises InternalServerError once (after doing its
    write if ``after_real``: a crash right after it)."""
    from chalicelib.adapters.dynamo import messages as store

    real = getattr(store, name)
    calls = []

    def failing(*args, **kwargs):
        calls.append(name)
        if len(calls) > 1:
            return real(*args, **kwargs)
        if after_real:
            real(*args, **kwargs)
        raise _internal_server_error()

    monkeypatch.setattr(store, name, failing)


def confirmation(api, customer) -> tuple[str, str | None]:
    [record] = messages(api, customer, "order_confirmation")
    return record["status"], record["reason"]


def test_the_retry_waits_longer_than_the_claims_lease(optician):
    from chalicelib.services.messaging import transactional
    from chalicelib.services.messaging.send_retry import from_body
    from chalicelib.services.messaging.send import CLAIM_LEASE_SECONDS

    transactional._queue_retry(optician[0]["id"], "cus_x", "order_confirmation", "order_confirmation#o1", {},
                               reason="InternalServerError", not_before=transactional._after_lease())
    [body] = queued()
    retry = from_body(json.dumps(body))
    waited = (retry.not_before - retry.queued_at).total_seconds()
    assert waited >= CLAIM_LEASE_SECONDS + transactional.LEASE_MARGIN_SECONDS - 1
    assert transactional._delay_until(retry.not_before) == min(900, CLAIM_LEASE_SECONDS + 60)


def test_a_failed_final_transaction_is_closed_as_interrupted_and_never_sent_twice(
        optician, api, short_lease, later, monkeypatch):
    anna = customer_with_passport(api)
    fail_once(monkeypatch, "finish", after_real=False)
    order = {"event_id": "evt-finish-1", "order_id": "W-FIN-1", "customer_id": anna["id"],
             "ordered_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "delivery": "home",
             "lines": ORDER_LINES}
    # WHEN the webshop's order is confirmed by SMS, but the final transaction fails
    response = signed_post(api, f"/webhooks/{optician[0]['id']}/orders", order, optician[0]["webhook_secret"])
    # THEN the order stands, one SMS went out, the record is pending and a retry waits for the lease
    assert response.status_code == 201
    assert len(moto_sms()) == 1 and confirmation(api, anna) == ("pending", None)
    [retry] = queued()
    assert retry["type"] == "send_retry" and "not_before" in retry
    # WHEN the retry is delivered before the lease (+ margin) is over THEN it waits again, nothing changes
    assert drain() == 1
    assert len(queued()) == 1 and confirmation(api, anna) == ("pending", None)
    # WHEN it is delivered after THEN the record is closed as interrupted, never sent a second time
    later(61)
    assert drain() == 1
    assert confirmation(api, anna) == ("failed", "interrupted")
    assert len(moto_sms()) == 1 and queued() == []
    assert drain() == 0 and len(moto_sms()) == 1


def test_a_crash_between_the_claim_and_the_provider_is_recorded_not_left_pending(
        api, short_lease, later, monkeypatch):
    anna = customer_with_passport(api)
    fail_once(monkeypatch, "claim", after_real=True)
    # WHEN the claim is written and the worker crashes before the provider call
    response = api.post(f"/customers/{anna['id']}/orders", {"lines": ORDER_LINES, "delivery": "home"})
    assert response.status_code == 201
    assert moto_sms() == [] and confirmation(api, anna) == ("pending", None)
    # THEN the retry after the lease closes it as failed/interrupted (the optician sees it), sends nothing
    later(61)
    assert drain() == 1
    assert confirmation(api, anna) == ("failed", "interrupted")
    assert moto_sms() == [] and drain() == 0


def test_an_error_before_anything_was_claimed_is_sent_by_the_retry(api, short_lease, later, monkeypatch):
    anna = customer_with_passport(api)
    fail_once(monkeypatch, "claim", after_real=False)
    # WHEN the claim transaction itself fails (nothing written)
    assert api.post(f"/customers/{anna['id']}/orders", {"lines": ORDER_LINES, "delivery": "home"}).status_code == 201
    assert moto_sms() == [] and messages(api, anna) == []
    # THEN the retry sends it, once
    later(61)
    assert drain() == 1
    assert confirmation(api, anna) == ("sent", None)
    assert len(moto_sms()) == 1 and drain() == 0 and len(moto_sms()) == 1
