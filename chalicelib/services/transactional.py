"""Transactional messages (order confirmations, shipping, pickup, subscription changes): sent at
once, and sent later rather than lost when the provider is unavailable.

``send_now`` sends through the one send path. A transient provider error (throttling, 5xx,
no connection: nothing was sent) or a concurrent send of the same key does not lose the
message: it is put on the send queue with a delay (``SEND_RETRY_DELAY_SECONDS``, 60 s) as
a ``SendRetry`` carrying what is needed to send it again. The send queue's consumer calls
``retry`` for it, which sends with the same idempotency key — so the customer gets the
message at most once, however often it is queued or delivered. A retry that meets a
transient error again fails its record: SQS delivers it again after the visibility
timeout, and after ``maxReceiveCount`` deliveries moves it to the dead-letter queue, whose
alarm tells the operators (docs/operations.md).

The order or subscription change that triggers the message stands in any case: ``send_now``
never raises; if even the queue refuses the retry, it logs an error (ids only).
"""
from __future__ import annotations

from datetime import datetime, timezone

from chalicelib.observability import logger

GONE = "gone"  # the optician or customer was erased before the retry: nothing to send to


def _send_message(*args, **kwargs) -> dict:
    from chalicelib.services.send import send_message

    return send_message(*args, **kwargs)


def send_now(optician: dict, customer: dict, kind: str, *, idempotency_key: str, data: dict,
             now: datetime | None = None) -> None:
    """Send ``kind`` to the customer at once; on a transient failure queue it to be sent later.

    ``now``: the moment of the change that triggers it (a scheduled order day passes the
    event's time, so the message is dated and counted on that day; default the wall clock).
    """
    from chalicelib.services.send import SendInProgress, TransientSendError

    try:
        _send_message(optician, customer, kind, trigger="automatic", idempotency_key=idempotency_key, data=data,
                      now=now)
    except (TransientSendError, SendInProgress) as exc:
        _queue_retry(optician["id"], customer["id"], kind, idempotency_key, data, reason=type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - a bug must not undo the order; the send path recorded what it could
        logger.error("transactional message not sent", extra={"optician_id": optician["id"], "kind": kind,
                                                               "error": type(exc).__name__})


def _queue_retry(optician_id: str, customer_id: str, kind: str, key: str, data: dict, *, reason: str) -> None:
    from chalicelib.adapters import queue
    from chalicelib.config import get_config
    from chalicelib.services.scheduling.send_retry import SendRetry

    retry = SendRetry(optician_id, customer_id, kind, key, data, datetime.now(timezone.utc))
    delay = get_config().send_retry_delay_seconds
    log = {"optician_id": optician_id, "customer_id": customer_id, "kind": kind, "reason": reason}
    try:
        queue.send_delayed(retry.to_body(), delay)
    except Exception as exc:  # noqa: BLE001 - SQS unreachable too, or data that cannot be queued
        logger.error("transactional message lost: could not queue its retry", extra={**log, "error": type(exc).__name__})
        return
    logger.warning("transactional message queued for a retry", extra={**log, "delay_seconds": delay})


def retry(message) -> str:
    """Send a queued ``SendRetry`` with its original key; the record's status (or ``gone``).

    Raises TransientSendError or SendInProgress, so that the queue delivers it again later.
    """
    from chalicelib.domain.errors import NotFound
    from chalicelib.services.customers import get_customer
    from chalicelib.services.opticians import get_settings

    try:
        optician = get_settings(message.optician_id)
        customer = get_customer(message.optician_id, message.customer_id)
    except NotFound:
        logger.warning("transactional retry for an erased optician or customer", extra={"kind": message.kind})
        return GONE
    record = _send_message(optician, customer, message.kind, trigger="automatic",
                           idempotency_key=message.idempotency_key, data=message.data)
    return record.get("status", "sent")
