"""The send queue's second message type: a transactional message to send again."""
from datetime import datetime, timezone

import pytest

from chalicelib.services.scheduling import consumer
from chalicelib.services.scheduling.due_message import DueMessage
from chalicelib.services.messaging.send_retry import SendRetry

RETRY = SendRetry("opt_1", "cus_1", "order_confirmation", "order_confirmation#ord_1",
                  {"order": {"id": "ord_1", "lines": [{"product_id": "p", "quantity": 1}]}},
                  datetime(2026, 3, 30, 7, 5, tzinfo=timezone.utc))


def test_a_retry_survives_the_queue_unchanged():
    assert consumer.parse(RETRY.to_body()) == RETRY


def test_due_messages_and_retries_are_told_apart():
    due = DueMessage("OPT#opt_1#CUST#cus_1", "REMINDER#repurchase#r", "2026-03-30T07:00:00Z#x",
                     datetime(2026, 3, 30, 7, 5, tzinfo=timezone.utc))
    assert isinstance(consumer.parse(due.to_body()), DueMessage)
    assert isinstance(consumer.parse(RETRY.to_body()), SendRetry)
    assert RETRY.identity != due.identity


@pytest.mark.parametrize("body", [
    '{"type": "send_retry"}',
    '{"type": "send_retry", "optician_id": "o", "customer_id": "c", "kind": "k", "idempotency_key": "x", '
    '"data": [], "queued_at": "2026-03-30T07:05:00Z"}',
    '{"type": "send_retry", "optician_id": "o", "customer_id": "c", "kind": "k", "idempotency_key": "x", '
    '"data": {}}',
])
def test_a_malformed_retry_is_refused(body):
    with pytest.raises(ValueError):
        consumer.parse(body)
