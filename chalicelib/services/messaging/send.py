"""The one send path: every message (manual, transactional, scheduled) goes through here.

``send_message`` checks the topic, chooses the channel, mints the personal link (and for
e-mail the unsubscribe link), renders, claims the idempotency key, hands the message to
SNS or SES, and records the history entry and the usage.

At most once per (optician, customer, idempotency key), claim first:
1. the claim and a ``pending`` record are written in one conditional transaction,
   together with the message's link tokens (a link exists exactly when its message
   does), an SMS's price added to the month's spend on condition that it stays within the
   optician's ``sms_monthly_limit_chf`` (refused: nothing written, SpendLimitReached for a
   manual send or a caller that defers, else recorded ``failed``/``limit_reached``), and
   the caller's ``guards`` (coordination slots); a second worker fails that
   write and only then reads the key: it gets the first one's record (or
   SendInProgress while the first is still sending), nothing is sent. A guard held by
   someone else writes nothing and raises Preempted (the message must not go out); a
   refused ``precondition`` (ConditionCheck: the customer still exists, the scheduled
   item still has the occurrence that was read) writes nothing and raises Stale;
2. the provider call: a transient error (throttling, 5xx, no connection: nothing was
   sent) deletes claim, pending record and tokens (and gives the spend back) and raises
   TransientSendError so the caller retries later; a permanent error records ``failed``
   with the reason (the spend given back in the same transaction);
3. ``sent`` + claim ``done`` + usage ``ADD``, one transaction conditional on ``pending``,
   with the caller's ``follow_up`` write if its condition holds (the reminder's next
   occurrence; left out — and the record written alone — if it does not).
A worker that dies between 1 and 3 leaves a pending claim with a lease (15 min, the
longest a Lambda runs); after the lease a retry records the message ``failed`` with
reason ``interrupted`` rather than risk sending it twice (SPEC §6: at most once, never
silently dropped). Records that are final without sending (skipped, no contact, not
configured) are written with their claim in step 1 (``done``), guards and follow-up included.

The history stores the text and HTML with the link tokens masked (``…/l/•••``, SPEC §9);
the provider gets the real links. SMS type: every kind is sent ``Transactional`` (see docs/messaging.md).
"""
from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from decimal import Decimal
from types import ModuleType
from typing import TYPE_CHECKING, Any, Sequence

from chalicelib import metrics
from chalicelib.domain.channel import NO_CONTACT, SMS
from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import (
    ClaimTaken,
    GuardRefused,
    LimitReached,
    PermanentSendError,
    PreconditionFailed,
    TransientSendError,
    ValidationError,
)
from chalicelib.domain.message import Message
from chalicelib.domain.message_kinds import TRANSACTIONAL_KINDS, topic_enabled, topic_of
from chalicelib.domain.sms_destinations import COUNTRY_NOT_ALLOWED, country_of
from chalicelib.domain.sms_parts import count_parts, format_chf
from chalicelib.domain.spend_limit import LIMIT_REACHED, monthly_limit
from chalicelib.domain.optician import OpticianSettings
from chalicelib.ids import new_id
from chalicelib.observability import logger
from chalicelib.services.messaging.destinations import channel_for, sms_cost
from chalicelib.services.messaging.provider_handoff import deliver
from chalicelib.services.wiring import stores
from chalicelib.services.messaging.message_content import render
from chalicelib.services.messaging.history import present
from chalicelib.config import get_config
from chalicelib.services.messaging.attribution import sent_writes
from chalicelib.services.messaging.usage import month_of
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write
    from chalicelib.config import Config

TRIGGERS = ("automatic", "manual")
CLAIM_LEASE_SECONDS = 15 * 60
PENDING, SENT, FAILED, SKIPPED = "pending", "sent", "failed", "skipped"
TOPIC_OFF = "topic_off"
NOT_CONFIGURED = "not_configured"
INVALID_DATA = "invalid_data"
INTERRUPTED = "interrupted"
DAILY_CAP_REACHED = "daily_cap_reached"
ZERO = Decimal("0")

__all__ = ["send_message", "send_and_record", "record_not_sent", "SendResult", "TransientSendError",
           "SendInProgress", "Preempted", "Stale", "SpendLimitReached", "TRIGGERS"]


class SpendLimitReached(Exception):
    """The SMS would take the month's spend beyond the optician's limit: nothing sent or recorded."""

    def __init__(self, limit: Decimal):
        super().__init__(f"limit {limit}")
        self.limit = limit


class SendInProgress(Exception):
    """The same idempotency key is being sent by another worker right now; retry later."""


class Preempted(Exception):
    """A guard of the send (a coordination slot) belongs to another message: nothing sent, nothing recorded."""


class Stale(Exception):
    """A precondition of the send does not hold any more (the customer was erased, the scheduled
    item changed since it was read): nothing sent, nothing recorded. ``refused``: the positions
    (in the caller's ``preconditions``) of those that did not hold."""

    def __init__(self, key: str, refused: tuple[int, ...]):
        super().__init__(key)
        self.refused = refused


@dataclass(frozen=True)
class SendResult:
    """The history record (as the API shows it), and whether the caller's follow-up write was made with it."""

    record: dict[str, Any]
    follow_up_made: bool = False


@dataclass
class _Send:
    """One call's context: who, which key, the record being written, what goes with it."""

    optician: OpticianSettings
    customer: Customer
    key: str
    sk: str
    record: Message  # the pending record, filled in as the send goes on
    now: datetime
    guards: tuple[Write, ...] = ()
    follow_up: Write | None = None
    preconditions: tuple[Write, ...] = ()
    attempt: str = field(default_factory=lambda: secrets.token_hex(8))

    @property
    def oid(self) -> str:
        oid: str = self.optician.id
        return oid

    @property
    def cid(self) -> str:
        cid: str = self.customer.id
        return cid

    @property
    def month(self) -> str:
        """The usage month of this send (the optician's local month of ``now``)."""
        return month_of(self.now, self.optician.timezone)

    @property
    def day(self) -> str:
        """The optician's local day of ``now`` (the transactional cap counts per day)."""
        return self.now.astimezone(ZoneInfo(self.optician.timezone)).date().isoformat()

    @property
    def reserved(self) -> Decimal:
        """The spend added with the claim: an SMS's price, nothing for an e-mail."""
        return self.record.cost_chf if self.record.channel == SMS else ZERO





def _iso(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).isoformat(timespec="microseconds")


def send_message(optician: OpticianSettings, customer: Customer, kind: str, *, trigger: str,
                 idempotency_key: str, data: dict[str, Any] | None = None,
                 now: datetime | None = None) -> dict[str, Any]:
    """Send message ``kind`` to ``customer`` at most once per ``idempotency_key``; its history record.

    ``optician`` = opticians.get_settings(...), ``customer`` = customers.get_customer(...).
    Raises TransientSendError (nothing sent, retry later) or SendInProgress.
    """
    return send_and_record(optician, customer, kind, trigger=trigger, idempotency_key=idempotency_key,
                           data=data, now=now).record


def send_and_record(optician: OpticianSettings, customer: Customer, kind: str, *, trigger: str,
                    idempotency_key: str, data: dict[str, Any] | None = None, now: datetime | None = None,
                    guards: Sequence[Write] = (), follow_up: Write | None = None,
                    preconditions: Sequence[Write] = (), defer_on_limit: bool = False) -> SendResult:
    """``send_message`` with writes that go with the message (the scheduling pipeline's use).

    ``guards``: adapter writes (coordination slots) made in the claim's transaction; if one
    is refused, Preempted and nothing is written or sent. ``follow_up``: an adapter write
    (the reminder's next occurrence) made with the final record when its condition holds;
    ``SendResult.follow_up_made`` says whether it was (not when the key was used before).
    ``preconditions``: ConditionChecks made in the claim's transaction (the customer exists,
    the scheduled item is unchanged); if one does not hold, Stale and nothing is written or sent.
    Beyond the monthly SMS spend limit a manual send, or a caller that passes ``defer_on_limit``
    (the scheduler: it tries again next month), gets SpendLimitReached with nothing written;
    another automatic one is recorded ``failed`` / ``limit_reached``.
    """
    job = _job(optician, customer, kind, trigger, idempotency_key, now, guards, follow_up, preconditions)
    if not topic_enabled(customer.topics, kind):
        return _final(job, SKIPPED, TOPIC_OFF)
    channel, unavailable = channel_for(optician, customer)
    if channel is None:
        # No contact, or only a mobile outside the optician's sms_countries: never handed to SNS.
        detail = country_of(customer.mobile) if unavailable == COUNTRY_NOT_ALLOWED else None
        return _final(job, FAILED, unavailable or NO_CONTACT, detail=detail)  # channel_for names a reason
    to = customer.contact(channel) or ""  # channel_for chose a channel the customer has an address for
    job.record = replace(job.record, channel=channel, to=to)
    try:
        rendered = render(optician, customer, kind, channel, data, now)
    except ValidationError as exc:
        # The optician lacks a setting the kind needs (webshop_url, ...), or the caller's data is
        # incomplete (data.order): recorded, not dropped. The minted links were never stored.
        reason = NOT_CONFIGURED if str(exc.field or "").startswith("settings.") else INVALID_DATA
        return _final(job, FAILED, reason, detail=exc.field)
    # Parts and cost of the text actually sent; the history keeps it with the link tokens masked.
    parts = count_parts(rendered.text).parts if channel == SMS else 0
    stored_text, stored_html = rendered.for_history()
    job.record = record = replace(job.record, subject=rendered.subject, text=stored_text, html=stored_html,
                                  parts=parts, cost_chf=sms_cost(parts, to) if channel == SMS else ZERO)

    store = stores().messages
    limits = list(_daily_cap(job))
    raise_on_limit = trigger == "manual" or defer_on_limit
    if job.reserved:
        limit = monthly_limit(optician.sms_monthly_limit_chf)
        if job.reserved > limit:
            return _limit_reached(job, limit, raise_on_limit)
        limits.append((store.spend_write(job.oid, job.month, job.reserved, limit), LIMIT_REACHED))
    try:
        store.claim(job.oid, job.cid, job.key, job.sk, record, status=PENDING, attempt=job.attempt,
                    lease_until=int(time.time()) + CLAIM_LEASE_SECONDS, writes=rendered.token_writes,
                    guards=job.guards, preconditions=job.preconditions, limits=limits,
                    reserved=(job.month, job.reserved) if job.reserved else None)
    except LimitReached as exc:
        if exc.reason == DAILY_CAP_REACHED:
            return _final(job, FAILED, DAILY_CAP_REACHED, detail=str(_config().transactional_daily_cap))
        return _limit_reached(job, limit, raise_on_limit)
    except ClaimTaken:
        return SendResult(_present(_existing_or_in_progress(job), job.optician))
    except PreconditionFailed as exc:
        raise Stale(job.key, exc.refused) from None
    except GuardRefused:
        raise Preempted(job.key) from None

    try:
        provider_id = deliver(optician, customer, channel, to, job.sk, rendered)
    except TransientSendError:
        store.release(job.oid, job.cid, job.key, job.sk, job.attempt,
                      writes=tuple(rendered.revoke_writes) + _refund(job))
        logger.warning("send postponed: provider unavailable", extra=_log(optician, record))
        raise
    except PermanentSendError as exc:
        return _close(job, FAILED, exc.reason, exc.detail)
    except Exception:
        # A bug, not the provider: we cannot tell whether it sent, so never send this key again.
        _close(job, FAILED, "internal_error", None, with_follow_up=False)
        raise
    return _close(job, SENT, None, None, provider_id=provider_id)


def record_not_sent(optician: OpticianSettings, customer: Customer, kind: str, *, trigger: str,
                    idempotency_key: str, status: str, reason: str, detail: str | None = None,
                    now: datetime | None = None, follow_up: Write | None = None,
                    preconditions: Sequence[Write] = ()) -> SendResult:
    """Record message ``kind`` as not sent (``skipped`` or ``failed`` with ``reason``), at most once
    per ``idempotency_key``: the history entry of an occurrence that sends nothing (SPEC §6, nothing
    dropped silently). A used key answers its existing record. ``follow_up`` and
    ``preconditions`` as in ``send_and_record``.
    """
    if status not in (SKIPPED, FAILED):
        raise ValueError("only skipped or failed messages are recorded without sending")
    return _final(_job(optician, customer, kind, trigger, idempotency_key, now, (), follow_up, preconditions),
                  status, reason, detail)


def _job(optician: OpticianSettings, customer: Customer, kind: str, trigger: str, key: str,
         now: datetime | None, guards: Sequence[Write], follow_up: Write | None,
         preconditions: Sequence[Write] = ()) -> _Send:
    """A call's context with its ``pending`` record (not stored yet)."""
    if trigger not in TRIGGERS:
        raise ValueError(f"trigger must be one of {TRIGGERS}")
    if not key:
        raise ValueError("an idempotency key is required")
    now = now or datetime.now(timezone.utc)
    created_at = _iso(now)
    record = Message(id=new_id("msg"), customer_id=customer.id, kind=kind, topic=topic_of(kind), trigger=trigger,
                     status=PENDING, created_at=created_at, updated_at=created_at)
    return _Send(optician, customer, key, stores().messages.message_sk(created_at, record.id), record, now,
                 tuple(guards), follow_up, tuple(preconditions))


def _present(record: Message, optician: OpticianSettings) -> dict[str, Any]:
    return present(record, optician.language)


def _limit_reached(job: _Send, limit: Decimal, raising: bool) -> SendResult:
    """The month's SMS spend limit stands in the way: raise (nothing written) or record it failed."""
    logger.warning("SMS spend limit reached", extra={"optician_id": job.oid, "kind": job.record.kind})
    metrics.count(metrics.SMS_SPEND_LIMIT_REACHED)
    if raising:
        raise SpendLimitReached(limit)
    return _final(job, FAILED, LIMIT_REACHED, detail=format_chf(limit))


def _config() -> Config:
    return get_config()


def _daily_cap(job: _Send) -> tuple[tuple[Write, str], ...]:
    """The claim's (write, reason) counting a transactional message against the customer's daily cap:
    a leaked webhook secret cannot pump messages to one customer (SPEC §9). None for other kinds."""
    if not _capped(job):
        return ()

    expires_at = int(job.now.timestamp()) + 2 * 86400
    cap = _config().transactional_daily_cap
    return ((stores().counters.daily_cap_write(job.oid, job.cid, job.day, cap, expires_at), DAILY_CAP_REACHED),)


def _capped(job: _Send) -> bool:
    return job.record.trigger == "automatic" and job.record.kind in TRANSACTIONAL_KINDS


def _refund(job: _Send) -> tuple[Write, ...]:
    """The writes giving back what the claim counted (the spend of an SMS, a capped message's count)."""
    writes: tuple[Write, ...] = ()
    if job.reserved:
        writes += (stores().messages.refund_write(job.oid, job.month, job.reserved),)
    if _capped(job):

        writes += (stores().counters.daily_cap_give_back(job.oid, job.cid, job.day),)
    return writes


def _existing(job: _Send) -> Message | None:
    """The record of a used key; SendInProgress while another worker holds its lease."""
    store, oid, cid, key = stores().messages, job.oid, job.cid, job.key
    claim = store.get_claim(oid, cid, key)
    if claim is None:
        return None
    if claim.status == store.DONE:
        return store.get_message(oid, cid, claim.message_sk)
    if claim.lease_until > time.time():
        raise SendInProgress(key)
    # The worker died mid-send; the provider may have accepted the message: never resend.
    changes = {"status": FAILED, "reason": INTERRUPTED, "cost_chf": ZERO, "updated_at": _iso(job.now)}
    usage = {"sms_cost_chf": -claim.reserved_chf} if claim.reserved_chf else None
    try:
        store.abandon(oid, cid, key, claim.message_sk, claim.attempt, changes, usage, claim.reserved_month)
    except ClaimTaken:
        pass  # someone else closed it meanwhile
    logger.warning("abandoned send closed as failed", extra={"optician_id": oid, "reason": INTERRUPTED})
    return store.get_message(oid, cid, claim.message_sk)


def _existing_or_in_progress(job: _Send) -> Message:
    existing = _existing(job)
    if existing is None:  # claimed and released again between the claim attempt and the read
        raise SendInProgress(job.key)
    return existing


def _final(job: _Send, status: str, reason: str, detail: str | None = None) -> SendResult:
    """Record a message that is not sent (skipped, or failed before the provider) under its key."""
    store = stores().messages
    record = replace(job.record, status=status, reason=reason, reason_detail=detail, cost_chf=ZERO)
    try:
        made = store.claim(job.oid, job.cid, job.key, job.sk, record, status=store.DONE, attempt="-",
                           lease_until=0, guards=job.guards, preconditions=job.preconditions,
                           follow_up=job.follow_up)
    except ClaimTaken:
        return SendResult(_present(_existing_or_in_progress(job), job.optician))
    except PreconditionFailed as exc:
        raise Stale(job.key, exc.refused) from None
    except GuardRefused:
        raise Preempted(job.key) from None
    logger.info("message not sent", extra={"optician_id": job.oid, "kind": record.kind, "status": status,
                                           "reason": reason})
    metrics.message_finished(status, record.channel, None)
    return SendResult(_present(record, job.optician), made)


def _close(job: _Send, status: str, reason: str | None, detail: str | None, provider_id: str | None = None,
           with_follow_up: bool = True) -> SendResult:
    """Make the pending record final; a sent SMS or e-mail is added to the month's usage (an SMS's
    spend was added with its claim; one not sent gives it back)."""
    store, record, now = stores().messages, job.record, job.now
    # Sent when the provider took it (the wall clock), never before the moment the send was
    # asked for (local mode and tests drive that moment ahead of the wall clock).
    stamp = _iso(max(datetime.now(timezone.utc), now) if status == SENT else now)
    changes: dict[str, Any] = {"status": status, "reason": reason, "reason_detail": detail, "updated_at": stamp}
    usage: dict[str, Any] | None = None
    month = job.month
    counted: list[Any] = []
    if status == SENT:
        changes.update(sent_at=stamp, provider_message_id=provider_id)
        if record.channel == SMS:
            usage = {"sms_messages": 1, "sms_parts": record.parts}
        else:
            usage = {"emails": 1}
        counted = sent_writes(job.oid, job.cid, record, job.sk, datetime.fromisoformat(stamp), month)
    else:
        changes["cost_chf"] = ZERO
        usage = {"sms_cost_chf": -job.reserved} if job.reserved else None
    try:
        made = store.finish(job.oid, job.cid, job.key, job.sk, job.attempt, changes, usage, month,
                            follow_up=job.follow_up if with_follow_up else None, channel=record.channel,
                            counted=counted, kind=record.kind)
    except ClaimTaken:
        # Our lease ran out and another worker closed the claim: its record stands.
        logger.error("send finished after its lease", extra={"optician_id": job.oid, "status": status})
        stored = store.get_message(job.oid, job.cid, job.sk) or replace(record, **changes)
        return SendResult(_present(stored, job.optician))
    result = replace(record, **changes)
    logger.info("message " + status, extra=_log(job.optician, result))
    metrics.message_finished(status, result.channel, result.parts)
    return SendResult(_present(result, job.optician), made)


def _log(optician: OpticianSettings, record: Message) -> dict[str, Any]:
    return {"optician_id": optician.id, "message_id": record.id, "kind": record.kind, "channel": record.channel,
            "status": record.status, "reason": record.reason, "parts": record.parts}
