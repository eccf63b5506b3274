"""Coordination of a customer's automatic messages (issue 6, SPEC §4; docs/lifecycles.md).

Two rules, both enforced with claims (adapters/dynamo/coordination.py) decided in the
handlers' ``message_for`` and taken before anything is sent:

1. **One per kind and day.** A customer never gets two automatic messages of the same kind
   on the same local day: the occurrence that claims ``DAILY#<kind>#<day>`` first is sent,
   any other one of that kind and day is passed over — recorded ``skipped`` with reason
   ``coordinated`` — and its series moves on. ``<day>`` is the optician's local date when the
   message is *sent* (the run's "now"), not the date it was due: an occurrence held back by
   the send window (due Sunday, sent Monday 09:00) counts for Monday. Pre-announcements are
   counted per subscription (``DAILY#subscription_preannouncement#<id>#<day>``): each one
   announces a different order the customer may still change.
2. **Repurchase + check-up in one message.** When a repurchase and a control reminder are
   due at most ``MERGE_WINDOW_DAYS`` (3) days apart, whichever is processed first sends one
   ``repurchase_control_reminder`` and claims the other's occurrence; when the other one's
   turn comes, it finds its occurrence claimed and is recorded ``skipped``, reason ``merged``
   (its series moves on).
   Merging needs both topics on, no active subscription (no repurchase reminder then),
   and the optician's webshop URL (the combined message carries the reorder link).

Claims are keyed by the occurrence (``<sk>#<occurrence>``, the pipeline's idempotency
key), so a retried or concurrently processed occurrence takes the same decision again and
two workers racing for the same pair cannot both send.

Where the claims are taken: without a partner to merge (the usual case) the decision's
``guards`` are the occurrence's own two claims, which the send path writes in the same
transaction as the message's claim — taken together with the message or not at all, and
if one belongs to someone else nothing is sent (send.Preempted; the pipeline then records the
occurrence skipped, with ``passed_over_reason``). With a partner they are
taken here, one after the other (own occurrence, day, then the partner's occurrence):
only once this message is certain to go out may it claim the partner's occurrence, or
the partner would be silenced for a message that is never sent.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any

from chalicelib.domain.customer import Customer
from chalicelib.domain.message_kinds import topic_enabled
from chalicelib.domain.reminder_cycles import within_merge_window
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services.wiring import stores

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write
    from chalicelib.services.scheduling.customer_records import CustomerRecords

COMBINED = "repurchase_control_reminder"
CLAIM_DAYS = 60  # claims outlive any retry of their occurrence by far
COORDINATED = "coordinated"  # passed over: a message of its kind went out that day already
MERGED = "merged"            # passed over: a combined message covered this occurrence



def owner_of(item: dict[str, Any]) -> str:
    """Who an occurrence is: ``<sk>#<occurrence>`` (also the pipeline's idempotency key)."""
    return f"{item['sk']}#{item['occurrence']}"


def _expires(on: date) -> int:
    moment = datetime.combine(on + timedelta(days=CLAIM_DAYS), time(0), tzinfo=timezone.utc)
    return calendar.timegm(moment.utctimetuple())


@dataclass(frozen=True)
class Decision:
    """What an occurrence sends: ``kind``, the merged ``partner`` reminder (combined message),
    and the claims the send path must take with the message (``guards``); or, when ``skipped``
    names a reason (``coordinated``, ``merged``), nothing: the occurrence is recorded skipped."""

    kind: str
    partner: dict[str, Any] | None = None
    guards: tuple[Write, ...] = ()
    skipped: str | None = None


def _daily_key(kind: str, on: date, scope: str | None = None) -> str:
    return f"DAILY#{kind}#{scope}#{on.isoformat()}" if scope else f"DAILY#{kind}#{on.isoformat()}"


def _occurrence_key(item: dict[str, Any]) -> str:
    return f"OCCURRENCE#{owner_of(item)}"


def claim_daily(optician_id: str, customer_id: str, kind: str, on: date, owner: str) -> bool:
    """True if ``owner`` may send the customer's ``kind`` message of local day ``on``."""
    return stores().coordination.claim(optician_id, customer_id, _daily_key(kind, on), owner, _expires(on))


def claim_occurrence(optician_id: str, customer_id: str, item: dict[str, Any], owner: str, on: date) -> bool:
    """True if ``owner`` holds ``item``'s pending occurrence (the item itself, or a combined message)."""
    return stores().coordination.claim(optician_id, customer_id, _occurrence_key(item), owner, _expires(on))


def _guards(optician_id: str, customer_id: str, item: dict[str, Any], kind: str, today: date, *,
            own_occurrence: bool, scope: str | None = None) -> tuple[Write, ...]:
    """The claims to take with the message: today's slot of ``kind`` (and the occurrence itself)."""
    me = owner_of(item)
    keys = ([_occurrence_key(item)] if own_occurrence else []) + [_daily_key(kind, today, scope)]
    return tuple(stores().coordination.claim_write(optician_id, customer_id, key, me, _expires(today)) for key in keys)


def passed_over_reason(optician_id: str, customer_id: str, item: dict[str, Any]) -> str:
    """Why the send path refused an occurrence's guards: ``merged`` if a combined message holds
    the occurrence itself, else ``coordinated`` (today's slot of its kind is another's)."""
    holder = stores().coordination.owner_of(optician_id, customer_id, _occurrence_key(item))
    return MERGED if holder not in (None, owner_of(item)) else COORDINATED


def _occurrence_date(item: dict[str, Any]) -> date | None:
    try:
        return date.fromisoformat(str(item.get("occurrence") or ""))
    except ValueError:
        return None


def _partner(records: CustomerRecords, reminder_kind: str, on: date) -> dict[str, Any] | None:
    """The closest pending reminder of ``reminder_kind`` within the merge window of ``on``."""
    candidates = []
    for item in records.pending_reminders(reminder_kind):
        partner_on = _occurrence_date(item)
        if partner_on and within_merge_window(partner_on, on):
            candidates.append((abs((partner_on - on).days), item["sk"], item))
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None


def _can_combine(optician: OpticianSettings, customer: Customer, records: CustomerRecords) -> bool:
    topics = customer.topics
    return (
        bool(optician.webshop_url)
        and bool(optician.booking_url or optician.phone)
        and topic_enabled(topics, "control_reminder")
        and topic_enabled(topics, "repurchase_reminder")
        and not records.has_active_subscription()
    )


def _decide(optician: OpticianSettings, customer: Customer, item: dict[str, Any], on: date, today: date,
            own_kind: str, partner_kind: str, records: CustomerRecords) -> Decision:
    optician_id, customer_id = optician.id, customer.id
    partner = _partner(records, partner_kind, on) if _can_combine(optician, customer, records) else None
    if partner is None:
        return Decision(own_kind, guards=_guards(optician_id, customer_id, item, own_kind, today,
                                                 own_occurrence=True))
    me = owner_of(item)
    if not claim_occurrence(optician_id, customer_id, item, me, today):
        return Decision(own_kind, skipped=MERGED)  # a combined message for the partner covered it
    if not claim_daily(optician_id, customer_id, own_kind, today, me):
        return Decision(own_kind, skipped=COORDINATED)  # a message of this kind went out today
    if claim_occurrence(optician_id, customer_id, partner, me, today):
        return Decision(COMBINED, partner)
    return Decision(own_kind)


def control_kind(optician: OpticianSettings, customer: Customer, item: dict[str, Any], on: date, today: date,
                 records: CustomerRecords) -> Decision:
    """For a control reminder's occurrence of ``on``, sent on local day ``today``: what to send.

    ``control_reminder``, ``repurchase_control_reminder`` with the repurchase reminder within
    3 days as ``partner`` (merged into this message), or a ``skipped`` decision.
    """
    return _decide(optician, customer, item, on, today, "control_reminder", "repurchase", records)


def repurchase_kind(optician: OpticianSettings, customer: Customer, item: dict[str, Any], on: date, today: date,
                    records: CustomerRecords) -> Decision:
    """For the repurchase handler (call after its own subscription check): what to send.

    ``repurchase_reminder``, ``repurchase_control_reminder`` when a control reminder within
    3 days was merged into this message (its occurrence is then claimed and recorded skipped),
    or a ``skipped`` decision (covered by a combined message, or one went out today).
    """
    return _decide(optician, customer, item, on, today, "repurchase_reminder", "control", records)


def simple_kind(optician: OpticianSettings, customer: Customer, item: dict[str, Any], kind: str, today: date,
                scope: str | None = None) -> Decision:
    """For kinds that never merge (lens exchange, pre-announcement): ``kind``, sent only if the
    customer's slot of that kind on local day ``today`` (of ``scope``, e.g. one subscription,
    if given) is free — a guard of the send."""
    return Decision(kind, guards=_guards(optician.id, customer.id, item, kind, today,
                                         own_occurrence=False, scope=scope))
