"""Delivery receipts of both channels applied to the history (SPEC §4, §8).

- E-mail: the configuration set every e-mail is sent with publishes SES ``Delivery``,
  ``Bounce``, ``Complaint`` and ``Reject`` events to an SNS topic; the ``ses_feedback``
  function calls ``handle_ses_event`` with each.
- SMS: SNS writes a delivery-status log entry per SMS to CloudWatch Logs; a subscription
  filter hands them to the ``sms_receipts`` function, which calls ``handle_sms_logs``.

Each receipt finds its record with one GetItem of the provider pointer (written when the
provider accepted the message) and applies the outcome with one conditional UpdateItem of
the small record (adapters/dynamo/stores().messages.py ``apply_outcome``): ``sent`` → ``delivered``;
``sent``/``delivered`` → ``failed`` with the reason. A receipt seen twice, or a ``delivered``
after a failure, changes nothing. A receipt whose id has no pointer (a message of another
system, or one whose pointer expired or was erased with its customer) is logged and
dropped: raising would make AWS deliver it again and again.

A hard (permanent) bounce or a complaint also blocks the customer's address for later sends
(the channel rule then falls back to SMS); a changed address lifts the block. Only the
address the receipt names is blocked: the customer may have given a new one since.
"""
from __future__ import annotations

from typing import Any

import base64
from datetime import datetime, timezone

from chalicelib import metrics
from chalicelib.domain.receipts import BOUNCED, COMPLAINT, DELIVERED, Receipt, parse_ses_event, parse_sms_logs
from chalicelib.observability import logger
from chalicelib.services.customers.agenda_facts import refresh as refresh_agenda
from chalicelib.services.wiring import stores

TAG_OPTICIAN, TAG_CUSTOMER, TAG_MESSAGE = "optician_id", "customer_id", "message"
APPLIED, UNCHANGED, UNKNOWN = "applied", "unchanged", "unknown"


def message_tags(optician_id: str, customer_id: str, message_sk: str) -> dict[str, str]:
    """The SES tags sent with an e-mail (they show in SES events; the lookup uses the pointer)."""
    encoded = base64.urlsafe_b64encode(message_sk.encode()).decode().rstrip("=")
    return {TAG_OPTICIAN: optician_id, TAG_CUSTOMER: customer_id, TAG_MESSAGE: encoded}


def handle_ses_event(raw: str | dict[str, Any], now: datetime | None = None) -> dict[str, Any] | None:
    """Apply one SES event (the SNS message); what was done, None for events that are no receipt."""
    receipt = parse_ses_event(raw)
    if receipt is None:
        logger.info("ses event ignored")
        return None
    return apply_receipt(receipt, now)


def handle_sms_logs(payload: dict[str, Any], now: datetime | None = None) -> list[dict[str, Any]]:
    """Apply every SNS SMS delivery record of one CloudWatch Logs subscription event."""
    return [apply_receipt(receipt, now) for receipt in parse_sms_logs(payload)]


def apply_receipt(receipt: Receipt, now: datetime | None = None) -> dict[str, Any]:
    """Find the record by its provider id and apply the receipt; ``{"result", "outcome", "email_blocked"}``.

    ``result``: ``applied`` (the record changed), ``unchanged`` (seen before, or a delivery
    after a failure) or ``unknown`` (no record for this id: dropped).
    """

    now = now or datetime.now(timezone.utc)
    pointer = stores().receipt_pointers.find(receipt.provider_message_id, receipt.channel)
    if pointer is None:
        logger.warning("receipt for an unknown message dropped",
                       extra={"channel": receipt.channel, "outcome": receipt.outcome,
                              "provider_message_id": receipt.provider_message_id})
        return {"result": UNKNOWN, "outcome": receipt.outcome, "email_blocked": False}
    oid, cid = pointer["optician_id"], pointer["customer_id"]
    changed = stores().messages.apply_outcome(oid, cid, pointer["message_sk"], receipt.outcome, reason=receipt.reason,
                                     detail=receipt.detail, at=receipt.at,
                                     now=now.astimezone(timezone.utc).isoformat(timespec="seconds"),
                                     kind=pointer["kind"], channel=pointer["channel"])
    # Blocking is idempotent; done for a repeated receipt too, in case the first attempt died before it.
    blocked = _block_address(oid, cid, receipt) if receipt.block_address else False
    if changed:
        _count(receipt)
    logger.info("receipt applied" if changed else "receipt changed nothing",
                extra={"optician_id": oid, "channel": receipt.channel, "outcome": receipt.outcome,
                       "reason": receipt.reason, "detail": receipt.detail, "email_blocked": blocked})
    return {"result": APPLIED if changed else UNCHANGED, "outcome": receipt.outcome, "email_blocked": blocked}


def _block_address(optician_id: str, customer_id: str, receipt: Receipt) -> bool:

    customer = stores().customers.get(optician_id, customer_id)
    if not customer or not customer.email:
        return False
    address = customer.email.strip().lower()
    if receipt.recipients and address not in receipt.recipients:
        return False
    blocked: bool = stores().customers.set_email_blocked(optician_id, customer_id,
                                                         f"{receipt.reason}: {receipt.detail}",
                                                         address=customer.email)
    if blocked:
        refresh_agenda(optician_id, customer_id)  # the blocked address no longer counts as a channel
    return blocked


def _count(receipt: Receipt) -> None:
    if receipt.outcome == DELIVERED:
        metrics.count(metrics.MESSAGES_DELIVERED)
        return
    metrics.count(metrics.DELIVERY_FAILURES)
    if receipt.reason == BOUNCED:
        metrics.count(metrics.DELIVERY_BOUNCES)
    elif receipt.reason == COMPLAINT:
        metrics.count(metrics.DELIVERY_COMPLAINTS)
