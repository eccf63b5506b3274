"""The one send path: every message (manual, transactional, scheduled) goes through here.

``send_message`` checks the topic, chooses the channel, mints the personal link (and for
e-mail the unsubscribe link), renders, claims the idempotency key, hands the message to
SNS or SES, and records the history entry and the usage.

At most once per (optician, customer, idempotency key):
1. a final claim (``done``) answers with its record, nothing is sent;
2. the claim and a ``pending`` record are written in one conditional transaction; a
   second worker fails that write and gets the first one's record (or SendInProgress
   while the first is still sending);
3. the provider call: a transient error (throttling, 5xx, no connection: nothing was
   sent) deletes claim and pending record and raises TransientSendError so the caller
   retries later; a permanent error records ``failed`` with the reason;
4. ``sent`` + claim ``done`` + usage ``ADD``, one transaction conditional on ``pending``.
A worker that dies between 2 and 4 leaves a pending claim with a lease (15 min, the
longest a Lambda runs); after the lease a retry records the message ``failed`` with
reason ``interrupted`` rather than risk sending it twice (SPEC §6: at most once, never
silently dropped).

SMS type: every kind is sent ``Transactional`` (see docs/messaging.md).
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal

from chalicelib.adapters.provider_errors import PermanentSendError, TransientSendError
from chalicelib.domain.channel import EMAIL, NO_CONTACT, SMS, choose_channel
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.message_kinds import link_purpose, topic_enabled, topic_of
from chalicelib.domain.sms_parts import count_parts, sms_cost
from chalicelib.ids import new_id
from chalicelib.observability import logger

TRIGGERS = ("automatic", "manual")
SMS_TYPE = "Transactional"
CLAIM_LEASE_SECONDS = 15 * 60
PENDING, SENT, FAILED, SKIPPED = "pending", "sent", "failed", "skipped"
TOPIC_OFF = "topic_off"
NOT_CONFIGURED = "not_configured"
INVALID_DATA = "invalid_data"
INTERRUPTED = "interrupted"
ZERO = Decimal("0")

__all__ = ["send_message", "TransientSendError", "SendInProgress", "TRIGGERS"]


class SendInProgress(Exception):
    """The same idempotency key is being sent by another worker right now; retry later."""


def _store():
    from chalicelib.adapters.dynamo import messages

    return messages


def _sms():
    from chalicelib.adapters import sms

    return sms


def _email():
    from chalicelib.adapters import email

    return email


def _iso(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).isoformat(timespec="microseconds")


def send_message(optician: dict, customer: dict, kind: str, *, trigger: str, idempotency_key: str,
                 data: dict | None = None, now: datetime | None = None) -> dict:
    """Send message ``kind`` to ``customer`` at most once per ``idempotency_key``; its history record.

    ``optician`` = opticians.get_settings(...), ``customer`` = customers.get_customer(...).
    Raises TransientSendError (nothing sent, retry later) or SendInProgress.
    """
    from chalicelib.services.history import present

    if trigger not in TRIGGERS:
        raise ValueError(f"trigger must be one of {TRIGGERS}")
    if not idempotency_key:
        raise ValueError("an idempotency key is required")
    now = now or datetime.now(timezone.utc)
    oid, cid = optician["id"], customer["id"]
    existing = _existing(oid, cid, idempotency_key, now)
    if existing is not None:
        return present(existing)

    created_at = _iso(now)
    record = {"id": new_id("msg"), "customer_id": cid, "kind": kind, "topic": topic_of(kind), "channel": None,
              "to": None, "subject": None, "text": None, "html": None, "status": PENDING, "reason": None,
              "reason_detail": None, "parts": 0, "cost_chf": ZERO, "trigger": trigger, "created_at": created_at,
              "updated_at": created_at, "sent_at": None, "provider_message_id": None}
    sk = _store().message_sk(created_at, record["id"])

    if not topic_enabled(customer.get("topics"), kind):
        return present(_final(oid, cid, idempotency_key, sk, record, SKIPPED, TOPIC_OFF, now))
    channel = choose_channel(optician.get("package") or "silver", customer.get("preferred_channel"),
                             customer.get("mobile"), customer.get("email"), bool(customer.get("email_blocked")))
    if channel is None:
        return present(_final(oid, cid, idempotency_key, sk, record, FAILED, NO_CONTACT, now))
    record.update(channel=channel, to=customer["mobile"] if channel == SMS else customer["email"])

    tokens: list[tuple[str, str]] = []  # (kind, token) minted for this message
    try:
        rendered = _render(optician, customer, kind, channel, data, now, tokens)
    except ValidationError as exc:
        # The optician lacks a setting the kind needs (webshop_url, ...), or the caller's data is
        # incomplete (data.order): recorded, not dropped.
        _revoke(oid, cid, tokens)
        reason = NOT_CONFIGURED if str(exc.field or "").startswith("settings.") else INVALID_DATA
        return present(_final(oid, cid, idempotency_key, sk, record, FAILED, reason, now, detail=exc.field))
    parts = count_parts(rendered.text).parts if channel == SMS else 0
    record.update(subject=rendered.subject, text=rendered.text, html=rendered.html, parts=parts,
                  cost_chf=sms_cost(parts) if channel == SMS else ZERO)

    attempt = secrets.token_hex(8)
    try:
        _store().claim(oid, cid, idempotency_key, sk, record, status=PENDING, attempt=attempt,
                       lease_until=int(time.time()) + CLAIM_LEASE_SECONDS)
    except _store().ClaimTaken:
        _revoke(oid, cid, tokens)
        return present(_existing_or_in_progress(oid, cid, idempotency_key, now))

    try:
        provider_id = _deliver(optician, customer, channel, record, sk, rendered)
    except TransientSendError:
        _store().release(oid, cid, idempotency_key, sk, attempt)
        _revoke(oid, cid, tokens)
        logger.warning("send postponed: provider unavailable", extra=_log(optician, record))
        raise
    except PermanentSendError as exc:
        return present(_close(oid, cid, idempotency_key, sk, attempt, record, now, FAILED, exc.reason, exc.detail))
    except Exception:
        # A bug, not the provider: we cannot tell whether it sent, so never send this key again.
        _close(oid, cid, idempotency_key, sk, attempt, record, now, FAILED, "internal_error", None)
        raise
    return present(_close(oid, cid, idempotency_key, sk, attempt, record, now, SENT, None, None,
                          provider_id=provider_id, optician=optician))


def _existing(oid: str, cid: str, key: str, now: datetime) -> dict | None:
    """The record of a used key; SendInProgress while another worker holds its lease."""
    store = _store()
    claim = store.get_claim(oid, cid, key)
    if claim is None:
        return None
    if claim["status"] == store.DONE:
        return store.get_message(oid, cid, claim["message_sk"])
    if claim["lease_until"] > time.time():
        raise SendInProgress(key)
    # The worker died mid-send; the provider may have accepted the message: never resend.
    changes = {"status": FAILED, "reason": INTERRUPTED, "cost_chf": ZERO, "updated_at": _iso(now)}
    try:
        store.abandon(oid, cid, key, claim["message_sk"], claim["attempt"], changes)
    except store.ClaimTaken:
        pass  # someone else closed it meanwhile
    logger.warning("abandoned send closed as failed", extra={"optician_id": oid, "reason": INTERRUPTED})
    return store.get_message(oid, cid, claim["message_sk"])


def _existing_or_in_progress(oid: str, cid: str, key: str, now: datetime) -> dict:
    existing = _existing(oid, cid, key, now)
    if existing is None:  # claimed and released again between our two reads
        raise SendInProgress(key)
    return existing


def _final(oid: str, cid: str, key: str, sk: str, record: dict, status: str, reason: str, now: datetime,
           detail: str | None = None) -> dict:
    """Record a message that is not sent (skipped, or failed before the provider) under its key."""
    record = {**record, "status": status, "reason": reason, "reason_detail": detail, "cost_chf": ZERO}
    try:
        _store().claim(oid, cid, key, sk, record, status=_store().DONE, attempt="-", lease_until=0)
    except _store().ClaimTaken:
        return _existing_or_in_progress(oid, cid, key, now)
    logger.info("message not sent", extra={"optician_id": oid, "kind": record["kind"], "status": status,
                                           "reason": reason})
    return {**record, "message_sk": sk}


def _close(oid: str, cid: str, key: str, sk: str, attempt: str, record: dict, now: datetime, status: str,
           reason: str | None, detail: str | None, provider_id: str | None = None,
           optician: dict | None = None) -> dict:
    """Make the pending record final; a sent SMS or e-mail is added to the month's usage."""
    from chalicelib.services.usage import month_of

    stamp = _iso(datetime.now(timezone.utc) if status == SENT else now)
    changes = {"status": status, "reason": reason, "reason_detail": detail, "updated_at": stamp}
    usage = month = None
    if status == SENT:
        changes.update(sent_at=stamp, provider_message_id=provider_id)
        month = month_of(now, (optician or {}).get("timezone"))
        if record["channel"] == SMS:
            usage = {"sms_messages": 1, "sms_parts": record["parts"], "sms_cost_chf": record["cost_chf"]}
        else:
            usage = {"emails": 1}
    else:
        changes["cost_chf"] = ZERO
    try:
        _store().finish(oid, cid, key, sk, attempt, changes, usage, month)
    except _store().ClaimTaken:
        # Our lease ran out and another worker closed the claim: its record stands.
        logger.error("send finished after its lease", extra={"optician_id": oid, "status": status})
        return _store().get_message(oid, cid, sk) or {**record, **changes}
    result = {**record, **changes}
    logger.info("message " + status, extra=_log({"id": oid}, result))
    return result


def _render(optician: dict, customer: dict, kind: str, channel: str, data: dict | None, now: datetime,
            tokens: list):
    """Render the message with a fresh personal link (link kinds) and unsubscribe link (e-mail)."""
    from chalicelib.messaging.render import MessageContext, render_message
    from chalicelib.services import links, unsubscribe

    link = unsubscribe_url = None
    purpose = link_purpose(kind)
    if purpose and optician.get("webshop_url"):
        link, token = links.issue_link(optician, customer["id"], purpose, now)
        tokens.append(("LINK", token))
    if channel == EMAIL:
        unsubscribe_url, token = unsubscribe.issue_url(optician["id"], customer["id"], topic_of(kind), now)
        tokens.append(("UNSUB", token))
    context = MessageContext(kind=kind, language=customer.get("language") or optician.get("language") or "de",
                             optician=optician, customer=customer, link_url=link,
                             unsubscribe_url=unsubscribe_url, data=data or {})
    rendered = render_message(context, channel)
    return _Outgoing(rendered.subject, rendered.text, rendered.html, unsubscribe_url)


@dataclass(frozen=True)
class _Outgoing:
    """The rendered message plus the unsubscribe URL its e-mail headers announce."""

    subject: str | None
    text: str
    html: str | None
    unsubscribe_url: str | None


def _deliver(optician: dict, customer: dict, channel: str, record: dict, sk: str, rendered) -> str:
    """Hand the message to SNS or SES; the provider's message id."""
    if channel == SMS:
        return _sms().send_sms(record["to"], rendered.text, optician["sender_name"], SMS_TYPE)
    from chalicelib.config import get_config
    from chalicelib.services.delivery_feedback import message_tags

    adapter = _email()
    headers = {}
    if rendered.unsubscribe_url:
        headers = {"List-Unsubscribe": f"<{rendered.unsubscribe_url}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    message = adapter.OutgoingEmail(
        from_name=optician.get("name") or optician["sender_name"], from_address=optician["email_from"],
        to=record["to"], subject=rendered.subject or "", text=rendered.text, html=rendered.html or "",
        reply_to=optician.get("reply_to"), headers=headers, tags=message_tags(optician["id"], customer["id"], sk))
    return adapter.send_email(message, get_config().ses_configuration_set)


def _revoke(oid: str, cid: str, tokens: list[tuple[str, str]]) -> None:
    """Withdraw links minted for a message that is not going out (best effort)."""
    from chalicelib.adapters.dynamo import links

    for kind, token in tokens:
        try:
            links.revoke(oid, cid, kind, token)
        except Exception:  # noqa: BLE001 - an unused token expiring by itself is harmless
            logger.warning("could not revoke an unused token", extra={"optician_id": oid})


def _log(optician: dict, record: dict) -> dict:
    return {"optician_id": optician.get("id"), "message_id": record.get("id"), "kind": record.get("kind"),
            "channel": record.get("channel"), "status": record.get("status"), "reason": record.get("reason"),
            "parts": record.get("parts")}
