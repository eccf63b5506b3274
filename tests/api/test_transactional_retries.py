"""Transactional messages survive a provider outage: queued, then sent once (services/messaging/transactional.py).

An order (or a subscription change) is answered at once whatever the provider does; a
confirmation that SNS throttled waits on the send queue (with a delay) and goes out once
when the queue is drained with the provider healthy again. A queue that refuses the retry too, and
a retry early for its lease, are unit tests on the in-memory queue (tests/unit/test_transactional_service.py).
"""
from __future__ import annotations

import json

import pytest

from tests.api.fixtures_lifecycles import day  # noqa: F401 - fixture helpers
from tests.api.fixtures_messaging import moto_sms
from tests.api.fixtures_repurchase import ORDER_LINES
from tests.api.test_order_messages import customer_with_passport, messages
from tests.api.test_schedules import throttle_sns  # noqa: F401 - fixture


def queued(delete: bool = False) -> list[dict]:
    """Bodies in the send queue, the delayed ones included (read from the emulator)."""
    from moto.sqs.models import sqs_backends

    from chalicelib.config import get_config

    name = get_config().send_queue_name
    return [json.loads(m.body) for regions in sqs_backends.values() for backend in regions.values()
            for queue_name, queue in backend.queues.items() if queue_name == name for m in queue._messages]


def drain() -> int:
    from app import app
    from local.emulator import drain_queues

    return drain_queues(app, include_delayed=True)


def dead_letters() -> int:
    from moto.sqs.models import sqs_backends

    from chalicelib.config import get_config

    name = get_config().send_queue_name + "-dlq"
    return sum(len(queue._messages) for regions in sqs_backends.values() for backend in regions.values()
               for queue_name, queue in backend.queues.items() if queue_name == name)


def test_an_order_placed_while_sns_throttles_is_confirmed_once_later(api, throttle_sns):
    anna = customer_with_passport(api)
    throttle_sns("Throttling")

    response = api.post(f"/customers/{anna['id']}/orders", {"lines": ORDER_LINES, "delivery": "home"})

    # THEN the order stands, nothing was sent or recorded, the confirmation waits in the queue
    assert response.status_code == 201
    order = json.loads(response.body)
    assert moto_sms() == [] and messages(api, anna) == []
    [retry] = queued()
    assert retry["type"] == "send_retry" and retry["kind"] == "order_confirmation"
    assert retry["idempotency_key"] == f"order_confirmation#{order['id']}"
    assert "mobile" not in json.dumps(retry) and "+41" not in json.dumps(retry)  # ids and template data only

    # WHEN the queue is worked off with the provider healthy THEN it goes out once
    assert drain() == 1
    [confirmation] = messages(api, anna)
    assert (confirmation["kind"], confirmation["status"]) == ("order_confirmation", "sent")
    assert len(moto_sms()) == 1
    assert drain() == 0 and len(moto_sms()) == 1


def test_a_retry_queued_twice_sends_once(api, throttle_sns):
    from chalicelib.services.customers.customers import get_customer
    from chalicelib.services.opticians.opticians import get_settings
    from chalicelib.services.orders import orders

    anna = customer_with_passport(api)
    throttle_sns("Throttling", times=2)
    order = json.loads(api.post(f"/customers/{anna['id']}/orders", {"lines": ORDER_LINES, "delivery": "home"}).body)
    # a second attempt for the same order (a retried webhook, a retried request) meets SNS down too
    optician = get_settings(json.loads(api.get("/settings").body)["id"])
    stored = orders.get_order(optician.id, anna["id"], order["id"])
    orders._after_order_placed(optician, get_customer(optician.id, anna["id"]), stored, created=False)
    assert len(queued()) == 2

    drain()

    assert len(moto_sms()) == 1 and len(messages(api, anna)) == 1


def test_a_retry_that_meets_the_outage_again_is_delivered_again_then_dead_lettered(api, throttle_sns):
    anna = customer_with_passport(api)
    throttle_sns("Throttling", times=1 + 5)  # the request, then every delivery the queue allows

    assert api.post(f"/customers/{anna['id']}/orders", {"lines": ORDER_LINES, "delivery": "home"}).status_code == 201
    drain()

    # five failed deliveries (maxReceiveCount): the dead-letter queue and its alarm; nothing sent
    assert moto_sms() == [] and messages(api, anna) == []
    assert queued() == [] and dead_letters() == 1


def test_a_subscription_confirmation_throttled_is_sent_once_later(api, throttle_sns):
    anna = customer_with_passport(api)
    throttle_sns("Throttling")

    response = api.post(f"/customers/{anna['id']}/subscriptions", {
        "lines": [{"product_id": ORDER_LINES[0]["product_id"], "eye": "both", "pack_size": ORDER_LINES[0]["pack_size"],
                   "quantity": 1}], "interval_weeks": 12, "next_order_on": day(84), "delivery": "home"})

    assert response.status_code == 201
    [retry] = queued()
    assert retry["kind"] == "subscription_confirmation"
    drain()
    [confirmation] = messages(api, anna)
    assert (confirmation["kind"], confirmation["status"]) == ("subscription_confirmation", "sent")
    assert len(moto_sms()) == 1


@pytest.mark.parametrize("body", ['{"type": "send_retry", "kind": "order_confirmation"}', "[]"])
def test_a_malformed_retry_is_reported_for_the_dead_letter_queue(body):
    from chalicelib.services.scheduling import consumer

    event = {"Records": [{"messageId": "m1", "receiptHandle": "h", "body": body, "attributes": {},
                          "messageAttributes": {}, "md5OfBody": "", "eventSource": "aws:sqs",
                          "eventSourceARN": "arn:aws:sqs:eu-central-2:1:q", "awsRegion": "eu-central-2"}]}
    with pytest.raises(Exception):  # the whole batch failed: SQS delivers it again, then dead-letters it
        consumer.handle(event)
