"""Bounces and complaints reported by SES (SPEC §4), arriving as SNS notifications.

Every e-mail is sent with the configuration set and three message tags: ``optician_id``,
``customer_id`` and ``message`` (the history record's key, base64url). SES publishes
bounce and complaint events of that configuration set to an SNS topic; the Chalice
function subscribed to it calls ``handle_notification``:

- the history record turns from ``sent`` into ``failed`` with reason ``bounce`` or
  ``complaint`` (detail: bounce type/subtype or the complaint's feedback type);
- a permanent bounce or a complaint blocks the customer's e-mail address for future
  sends (channel choice then falls back to SMS); a changed address lifts the block.
  A transient bounce (mailbox full, ...) fails the message but does not block the address.

The notification is the only input: if the address it names is no longer the
customer's, the new address is not blocked.
"""
from __future__ import annotations

import base64
import json
from datetime import datetime, timezone

from chalicelib import metrics
from chalicelib.observability import logger

TAG_OPTICIAN, TAG_CUSTOMER, TAG_MESSAGE = "optician_id", "customer_id", "message"


def message_tags(optician_id: str, customer_id: str, message_sk: str) -> dict[str, str]:
    """The SES tags to send with an e-mail so that its feedback finds the record."""
    encoded = base64.urlsafe_b64encode(message_sk.encode()).decode().rstrip("=")
    return {TAG_OPTICIAN: optician_id, TAG_CUSTOMER: customer_id, TAG_MESSAGE: encoded}


def _decode_sk(value: str) -> str | None:
    try:
        sk = base64.urlsafe_b64decode((value + "=" * (-len(value) % 4)).encode()).decode()
    except (ValueError, UnicodeDecodeError):
        return None
    return sk if sk.startswith("MESSAGE#") else None


def _tag(tags: dict, name: str) -> str | None:
    value = tags.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    return value if isinstance(value, str) and value else None


def parse_notification(raw: str | dict) -> dict | None:
    """The facts of an SES event we act on, or None for anything else.

    ``{"event": "bounce"|"complaint", "optician_id", "customer_id", "message_sk",
    "recipients": [lower-case addresses], "detail", "block": bool}``
    """
    try:
        event = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return None
    if not isinstance(event, dict):
        return None
    # Configuration-set event publishing says eventType; identity notifications notificationType.
    event_type = str(event.get("eventType") or event.get("notificationType") or "").lower()
    if event_type not in ("bounce", "complaint"):
        return None
    mail = event.get("mail") or {}
    tags = mail.get("tags") or {}
    optician_id, customer_id = _tag(tags, TAG_OPTICIAN), _tag(tags, TAG_CUSTOMER)
    message_sk = _decode_sk(_tag(tags, TAG_MESSAGE) or "")
    if not (optician_id and customer_id and message_sk):
        return None
    if event_type == "bounce":
        bounce = event.get("bounce") or {}
        bounce_type = str(bounce.get("bounceType") or "Undetermined")
        detail = f"{bounce_type}/{bounce.get('bounceSubType') or 'General'}"
        recipients = [r.get("emailAddress") for r in bounce.get("bouncedRecipients") or []]
        block = bounce_type == "Permanent"
    else:
        complaint = event.get("complaint") or {}
        detail = str(complaint.get("complaintFeedbackType") or "complaint")
        recipients = [r.get("emailAddress") for r in complaint.get("complainedRecipients") or []]
        block = True
    return {"event": event_type, "optician_id": optician_id, "customer_id": customer_id,
            "message_sk": message_sk, "detail": detail[:100], "block": block,
            "recipients": [str(r).strip().lower() for r in recipients if r]}


def handle_notification(raw: str | dict, now: datetime | None = None) -> dict | None:
    """Apply one SES bounce/complaint notification; what was done (None if not ours)."""
    from chalicelib.adapters.dynamo import customers, messages

    facts = parse_notification(raw)
    if facts is None:
        logger.info("ses feedback ignored")
        return None
    now = now or datetime.now(timezone.utc)
    oid, cid = facts["optician_id"], facts["customer_id"]
    failed = messages.mark_failed(oid, cid, facts["message_sk"], facts["event"], facts["detail"],
                                  now.isoformat(timespec="seconds"))
    blocked = False
    customer = customers.get(oid, cid)
    if facts["block"] and customer and customer.get("email"):
        address = customer["email"].strip().lower()
        # Block only the address that bounced: the customer may have given a new one since.
        if not facts["recipients"] or address in facts["recipients"]:
            blocked = customers.set_email_blocked(oid, cid, f"{facts['event']}: {facts['detail']}",
                                                  address=customer["email"])
    metrics.count(metrics.DELIVERY_BOUNCES if facts["event"] == "bounce" else metrics.DELIVERY_COMPLAINTS)
    logger.info("ses feedback applied", extra={"event": facts["event"], "detail": facts["detail"],
                                               "optician_id": oid, "message_failed": failed, "blocked": blocked})
    return {"event": facts["event"], "message_failed": failed, "email_blocked": blocked}
