"""Delivery receipts as AWS delivers them, turned into one shape the history understands (SPEC §8).

Two sources:

- **E-mail**: SES event publishing of the configuration set, through SNS. The SNS message is
  the SES event JSON: ``eventType`` ``Delivery`` | ``Bounce`` | ``Complaint`` | ``Reject``
  (others such as ``Send`` are not receipts), ``mail.messageId`` (the id ``SendRawEmail``
  answered), and the event's own object with its ``timestamp``. SES identity notifications
  say ``notificationType`` instead of ``eventType``; both are read.
- **SMS**: SNS SMS delivery-status logs in CloudWatch Logs, delivered to a function by a
  subscription filter: ``{"awslogs": {"data": base64(gzip(JSON))}}`` whose ``logEvents``
  each carry one SNS delivery record (``notification.messageId``, ``status`` SUCCESS |
  FAILURE, ``delivery.providerResponse``).

Pure functions, no AWS calls: the service (services/receipts.py) looks the message up and
applies the outcome. Nothing personal leaves this module: the phone number of an SMS record
(``delivery.destination``) is never read, and a provider response is kept only when it is one
of the known fixed phrases.
"""
from __future__ import annotations

from typing import Any
import base64
import gzip
import json
from dataclasses import dataclass, field
from datetime import datetime, timezone

DELIVERED, FAILED = "delivered", "failed"
EMAIL, SMS = "email", "sms"

# Reason codes of failure receipts (SPEC §8; texts in domain/reasons.py).
INVALID_NUMBER, UNREACHABLE, CARRIER_BLOCKED = "invalid_number", "unreachable", "carrier_blocked"
OPTED_OUT = "opted_out"
BOUNCED, COMPLAINT, REJECTED = "bounced", "complaint", "rejected"
RECEIPT_REASONS = (INVALID_NUMBER, UNREACHABLE, CARRIER_BLOCKED, OPTED_OUT, BOUNCED, COMPLAINT, REJECTED)

# SNS SMS provider responses (lower case) → reason. Matched as substrings, first match wins;
# a FAILURE with a response not listed is ``unreachable`` (the message did not arrive) with
# detail ``other``.
_SMS_RESPONSES: tuple[tuple[str, str], ...] = (
    ("invalid phone number", INVALID_NUMBER),
    ("unknown phone number", INVALID_NUMBER),
    ("opted out", OPTED_OUT),
    ("blocked as spam", CARRIER_BLOCKED),
    ("carrier has blocked", CARRIER_BLOCKED),
    ("blocked list", CARRIER_BLOCKED),
    ("has blocked sms", CARRIER_BLOCKED),
    ("message is filtered", CARRIER_BLOCKED),
    ("carrier is currently unreachable", UNREACHABLE),
    ("phone is currently unreachable", UNREACHABLE),
    ("unknown error attempting to reach phone", UNREACHABLE),
    ("ttl expired", UNREACHABLE),
)


@dataclass(frozen=True)
class Receipt:
    """One receipt: which provider message, delivered or failed, why, when."""

    provider_message_id: str
    channel: str                 # sms | email
    outcome: str                 # delivered | failed
    at: str                      # ISO 8601 UTC, when the provider reported it
    reason: str | None = None    # a RECEIPT_REASONS code for a failure
    detail: str | None = None    # bounce type/subtype, complaint type, known provider phrase
    block_address: bool = False  # a hard bounce or complaint: do not write to this address again
    recipients: tuple[str, ...] = field(default_factory=tuple)  # e-mail: lower-case addresses concerned


# --- e-mail (SES events) -------------------------------------------------------------------


def parse_ses_event(raw: str | dict[str, Any]) -> Receipt | None:
    """The receipt in one SES event (the SNS message), or None when it is not one of ours to apply."""
    event = _json_object(raw)
    if event is None:
        return None
    event_type = str(event.get("eventType") or event.get("notificationType") or "").lower()
    mail = _object(event.get("mail"))
    message_id = mail.get("messageId")
    if not isinstance(message_id, str) or not message_id:
        return None
    body = _object(event.get(event_type))
    at = _timestamp(body.get("timestamp") or mail.get("timestamp"))
    if event_type == "delivery":
        return Receipt(message_id, EMAIL, DELIVERED, at)
    if event_type == "bounce":
        bounce_type = str(body.get("bounceType") or "Undetermined")
        detail = f"{bounce_type}/{body.get('bounceSubType') or 'General'}"[:100]
        return Receipt(message_id, EMAIL, FAILED, at, BOUNCED, detail, block_address=bounce_type == "Permanent",
                       recipients=_addresses(body.get("bouncedRecipients")))
    if event_type == "complaint":
        detail = str(body.get("complaintFeedbackType") or "complaint")[:100]
        return Receipt(message_id, EMAIL, FAILED, at, COMPLAINT, detail, block_address=True,
                       recipients=_addresses(body.get("complainedRecipients")))
    if event_type == "reject":
        return Receipt(message_id, EMAIL, FAILED, at, REJECTED, str(body.get("reason") or "Bad content")[:100])
    return None


def _addresses(entries: object) -> tuple[str, ...]:
    if not isinstance(entries, list):
        return ()
    found = (entry.get("emailAddress") for entry in entries if isinstance(entry, dict))
    return tuple(str(address).strip().lower() for address in found if address)


# --- SMS (SNS delivery-status logs) ----------------------------------------------------------


def decode_awslogs(payload: dict[str, Any]) -> dict[str, Any] | None:
    """The CloudWatch Logs subscription data (``logGroup``, ``messageType``, ``logEvents``) of a
    Lambda event ``{"awslogs": {"data": ...}}``; None if it is not one."""
    try:
        data = payload["awslogs"]["data"]
        decoded = json.loads(gzip.decompress(base64.b64decode(data)))
    except (KeyError, TypeError, ValueError, OSError, EOFError):
        return None
    return decoded if isinstance(decoded, dict) else None


def encode_awslogs(log_group: str, messages: list[str], *, owner: str = "000000000000") -> dict[str, Any]:
    """The Lambda event CloudWatch Logs would deliver for ``messages`` (local mode, tests, bench)."""
    now = int(datetime.now(timezone.utc).timestamp() * 1000)
    data = {"messageType": "DATA_MESSAGE", "owner": owner, "logGroup": log_group,
            "logStream": "kontakt-local", "subscriptionFilters": ["kontakt-sms-receipts"],
            "logEvents": [{"id": str(n), "timestamp": now, "message": message} for n, message in enumerate(messages)]}
    raw = gzip.compress(json.dumps(data).encode())
    return {"awslogs": {"data": base64.b64encode(raw).decode()}}


def parse_sms_logs(payload: dict[str, Any]) -> list[Receipt]:
    """Every receipt in one CloudWatch Logs subscription event (control messages: none)."""
    decoded = decode_awslogs(payload)
    if decoded is None or decoded.get("messageType") != "DATA_MESSAGE":
        return []
    receipts = []
    for log_event in decoded.get("logEvents") or []:
        receipt = parse_sms_record(log_event.get("message") if isinstance(log_event, dict) else None)
        if receipt is not None:
            receipts.append(receipt)
    return receipts


def parse_sms_record(raw: str | dict[str, Any] | None) -> Receipt | None:
    """One SNS SMS delivery record (a log event's message), or None if it is not one."""
    record = _json_object(raw)
    if record is None:
        return None
    notification = _object(record.get("notification"))
    message_id = notification.get("messageId")
    status = str(record.get("status") or "").upper()
    if not isinstance(message_id, str) or not message_id or status not in ("SUCCESS", "FAILURE"):
        return None
    at = _timestamp(notification.get("timestamp"))
    if status == "SUCCESS":
        return Receipt(message_id, SMS, DELIVERED, at)
    delivery = _object(record.get("delivery"))
    reason, detail = sms_failure_reason(delivery.get("providerResponse"))
    return Receipt(message_id, SMS, FAILED, at, reason, detail)


def sms_failure_reason(provider_response: object) -> tuple[str, str]:
    """(reason, detail) for an SNS provider response of a FAILURE; detail is the known phrase or ``other``."""
    text = str(provider_response or "").lower()
    for phrase, reason in _SMS_RESPONSES:
        if phrase in text:
            return reason, phrase
    return UNREACHABLE, "other"


def sms_provider_response(reason: str | None) -> str:
    """A provider response SNS would log for ``reason`` (the reverse of ``sms_failure_reason``)."""
    return {INVALID_NUMBER: "Invalid phone number", OPTED_OUT: "Phone number is opted out",
            CARRIER_BLOCKED: "Phone carrier has blocked this message",
            UNREACHABLE: "Phone is currently unreachable/unavailable"}.get(reason or UNREACHABLE,
                                                                         "Unknown error attempting to reach phone")


# --- helpers ---------------------------------------------------------------------------------


def _json_object(raw: object) -> dict[str, Any] | None:
    if isinstance(raw, dict):
        return raw
    if not isinstance(raw, (str, bytes)):
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _object(value: object) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (provider payloads are untrusted)."""
    return value if isinstance(value, dict) else {}


def _timestamp(raw: object) -> str:
    """ISO 8601 UTC of a provider timestamp (SES ``2026-12-05T10:00:00.000Z``, SNS ``2026-12-05
    10:00:00.000``); now when absent or unreadable."""
    if isinstance(raw, str) and raw:
        try:
            value = datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "T"))
            if value.tzinfo is None:
                value = value.replace(tzinfo=timezone.utc)
            return value.astimezone(timezone.utc).isoformat(timespec="seconds")
        except ValueError:
            pass
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
