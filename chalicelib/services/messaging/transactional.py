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

An unexpected error (a bug, or DynamoDB failing the final transaction after the provider
accepted the message) may leave the key claimed with a ``pending`` record: the message may
or may not have gone out. It is not lost either: the retry is queued to run only after the
claim's lease (``send.CLAIM_LEASE_SECONDS`` + ``LEASE_MARGIN_SECONDS``; ``not_before`` in the
body — SQS delays at most 900 s, so a retry delivered earlier puts itself back on the queue
until then). The retry then finds the record final (returned as it is), or closes the
expired pending claim as ``failed``/``interrupted`` (never a second SMS), or — if nothing was
claimed — sends it.

The order or subscription change that triggers the message stands in any case: ``send_now``
never raises; if even the queue refuses the retry, it logs an error (ids only).
"""
from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Any

from chalicelib.config import get_config
from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import NotFound
from chalicelib.domain.optician import OpticianSettings
from chalicelib.observability import logger
from chalicelib.services.customers.customers import get_customer
# The send path as a module: tests swap its send_message and lease length, read at each call.
from chalicelib.services.messaging import send
from chalicelib.services.messaging.send_retry import SendRetry
from chalicelib.services.opticians.opticians import get_settings
from chalicelib.services.wiring import stores

GONE = "gone"  # the optician or customer was erased before the retry: nothing to send to
WAITING = "waiting"  # delivered before its ``not_before``: put back on the queue
SQS_MAX_DELAY_SECONDS = 900
LEASE_MARGIN_SECONDS = 60  # clock skew and the time between claiming and queueing the retry


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _after_lease() -> datetime:
    """When a claim taken before now has surely expired (its lease plus a margin)."""
    return _now() + timedelta(seconds=send.CLAIM_LEASE_SECONDS + LEASE_MARGIN_SECONDS)


def _delay_until(moment: datetime) -> int:
    """SQS delay (0..900 s) towards ``moment``."""
    return max(0, min(SQS_MAX_DELAY_SECONDS, math.ceil((moment - _now()).total_seconds())))


def _send_message(*args: Any, **kwargs: Any) -> dict[str, Any]:
    return send.send_message(*args, **kwargs)


def send_now(optician: OpticianSettings, customer: Customer, kind: str, *, idempotency_key: str,
             data: dict[str, Any], now: datetime | None = None) -> None:
    """Send ``kind`` to the customer at once; on a transient failure queue it to be sent later.

    ``now``: the moment of the change that triggers it (a scheduled order day passes the
    event's time, so the message is dated and counted on that day; default the wall clock).
    """
    try:
        _send_message(optician, customer, kind, trigger="automatic", idempotency_key=idempotency_key, data=data,
                      now=now)
    except (send.TransientSendError, send.SendInProgress) as exc:
        _queue_retry(optician.id, customer.id, kind, idempotency_key, data, reason=type(exc).__name__)
    except Exception as exc:  # noqa: BLE001 - a bug must not undo the order
        # The key may be claimed (record pending) and the provider may even have taken it: retry
        # after the claim's lease, when the send path can tell (final record, or the expired
        # claim closed as interrupted — never a second send) or sends what was never claimed.
        logger.error("transactional message not sent", extra={"optician_id": optician.id, "kind": kind,
                                                               "error": type(exc).__name__})
        _queue_retry(optician.id, customer.id, kind, idempotency_key, data, reason=type(exc).__name__,
                     not_before=_after_lease())


def _queue_retry(optician_id: str, customer_id: str, kind: str, key: str, data: dict[str, Any], *, reason: str,
                 not_before: datetime | None = None) -> None:
    retry = SendRetry(optician_id, customer_id, kind, key, data, _now(), not_before)
    delay = get_config().send_retry_delay_seconds if not_before is None else _delay_until(not_before)
    log = {"optician_id": optician_id, "customer_id": customer_id, "kind": kind, "reason": reason}
    try:
        stores().queue.send_delayed(retry.to_body(), delay)
    except Exception as exc:  # noqa: BLE001 - SQS unreachable too, or data that cannot be queued
        logger.error("transactional message lost: could not queue its retry", extra={**log, "error": type(exc).__name__})
        return
    logger.warning("transactional message queued for a retry", extra={**log, "delay_seconds": delay})


def retry(message: SendRetry) -> str:
    """Send a queued ``SendRetry`` with its original key; the record's status (or ``gone``).

    Raises TransientSendError or SendInProgress, so that the queue delivers it again later.
    A retry delivered before its ``not_before`` puts itself back on the queue (``waiting``).
    """
    if message.not_before is not None and _now() < message.not_before:
        stores().queue.send_delayed(message.to_body(), _delay_until(message.not_before))  # raises: SQS delivers again
        return WAITING
    try:
        optician = get_settings(message.optician_id)
        customer = get_customer(message.optician_id, message.customer_id)
    except NotFound:
        logger.warning("transactional retry for an erased optician or customer", extra={"kind": message.kind})
        return GONE
    record = _send_message(optician, customer, message.kind, trigger="automatic",
                           idempotency_key=message.idempotency_key, data=message.data)
    status: str = record.get("status", "sent")
    return status
