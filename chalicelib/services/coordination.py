"""Coordination of a customer's automatic messages (issue 6, SPEC §4; docs/lifecycles.md).

Two rules, both enforced with claims (adapters/dynamo/coordination.py) decided in the
handlers' ``message_for`` and taken before anything is sent:

1. **One per kind and day.** A customer never gets two automatic messages of the same kind
   on the same local day: the occurrence that claims ``DAILY#<kind>#<day>`` first is sent,
   any other one of that kind and day is passed over (its series still moves on).
2. **Repurchase + check-up in one message.** When a repurchase and a control reminder are
   due at most ``MERGE_WINDOW_DAYS`` (3) days apart, whichever is processed first sends one
   ``repurchase_control_reminder`` and claims the other's occurrence; when the other one's
   turn comes, it finds its occurrence claimed and stays silent (its series moves on).
   Merging needs both topics on, no active subscription (no repurchase reminder then),
   and the optician's webshop URL (the combined message carries the reorder link).

Claims are keyed by the occurrence (``<sk>#<occurrence>``, the pipeline's idempotency
key), so a retried or concurrently processed occurrence takes the same decision again and
two workers racing for the same pair cannot both send.

Where the claims are taken: without a partner to merge (the usual case) the decision's
``guards`` are the occurrence's own two claims, which the send path writes in the same
transaction as the message's claim — taken together with the message or not at all, and
if one belongs to someone else nothing is sent (send.Preempted). With a partner they are
taken here, one after the other (own occurrence, day, then the partner's occurrence):
only once this message is certain to go out may it claim the partner's occurrence, or
the partner would be silenced for a message that is never sent.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from chalicelib.domain.message_kinds import topic_enabled
from chalicelib.domain.reminder_cycles import within_merge_window

if TYPE_CHECKING:
    from chalicelib.services.customer_records import CustomerRecords

CONTROL_PREFIX = "REMINDER#control#"
REPURCHASE_PREFIX = "REMINDER#repurchase#"
COMBINED = "repurchase_control_reminder"
CLAIM_DAYS = 60  # claims outlive any retry of their occurrence by far


def _store():
    from chalicelib.adapters.dynamo import coordination

    return coordination


def owner_of(item: dict) -> str:
    """Who an occurrence is: ``<sk>#<occurrence>`` (also the pipeline's idempotency key)."""
    return f"{item['sk']}#{item['occurrence']}"


def _expires(on: date) -> int:
    moment = datetime.combine(on + timedelta(days=CLAIM_DAYS), time(0), tzinfo=timezone.utc)
    return calendar.timegm(moment.utctimetuple())


@dataclass(frozen=True)
class Decision:
    """What an occurrence sends: ``kind``, the merged ``partner`` reminder (combined message),
    and the claims the send path must take with the message (``guards``)."""

    kind: str
    partner: dict | None = None
    guards: tuple = ()


def _daily_key(kind: str, on: date) -> str:
    return f"DAILY#{kind}#{on.isoformat()}"


def _occurrence_key(item: dict) -> str:
    return f"OCCURRENCE#{owner_of(item)}"


def claim_daily(optician_id: str, customer_id: str, kind: str, on: date, owner: str) -> bool:
    """True if ``owner`` may send the customer's ``kind`` message of local day ``on``."""
    return _store().claim(optician_id, customer_id, _daily_key(kind, on), owner, _expires(on))


def claim_occurrence(optician_id: str, customer_id: str, item: dict, owner: str, on: date) -> bool:
    """True if ``owner`` holds ``item``'s pending occurrence (the item itself, or a combined message)."""
    return _store().claim(optician_id, customer_id, _occurrence_key(item), owner, _expires(on))


def _guards(optician_id: str, customer_id: str, item: dict, kind: str, on: date, *, own_occurrence: bool) -> tuple:
    """The claims to take with the message: the day's slot of ``kind`` (and the occurrence itself)."""
    me = owner_of(item)
    keys = ([_occurrence_key(item)] if own_occurrence else []) + [_daily_key(kind, on)]
    return tuple(_store().claim_write(optician_id, customer_id, key, me, _expires(on)) for key in keys)


def _occurrence_date(item: dict) -> date | None:
    try:
        return date.fromisoformat(str(item.get("occurrence") or ""))
    except ValueError:
        return None


def _partner(records: CustomerRecords, prefix: str, on: date) -> dict | None:
    """The closest pending reminder under ``prefix`` within the merge window of ``on``."""
    candidates = []
    for item in records.pending_reminders(prefix):
        partner_on = _occurrence_date(item)
        if partner_on and within_merge_window(partner_on, on):
            candidates.append((abs((partner_on - on).days), item["sk"], item))
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None


def _can_combine(optician: dict, customer: dict, records: CustomerRecords) -> bool:
    topics = customer.get("topics")
    return (
        bool(optician.get("webshop_url"))
        and bool(optician.get("booking_url") or optician.get("phone"))
        and topic_enabled(topics, "control_reminder")
        and topic_enabled(topics, "repurchase_reminder")
        and not records.has_active_subscription()
    )


def _decide(optician: dict, customer: dict, item: dict, on: date, own_kind: str, partner_prefix: str,
            records: CustomerRecords) -> Decision | None:
    optician_id, customer_id = optician["id"], customer["id"]
    partner = _partner(records, partner_prefix, on) if _can_combine(optician, customer, records) else None
    if partner is None:
        return Decision(own_kind, guards=_guards(optician_id, customer_id, item, own_kind, on, own_occurrence=True))
    me = owner_of(item)
    if not claim_occurrence(optician_id, customer_id, item, me, on):
        return None  # a combined message sent for the partner already covered this occurrence
    if not claim_daily(optician_id, customer_id, own_kind, on, me):
        return None  # the customer gets a message of this kind today already
    if claim_occurrence(optician_id, customer_id, partner, me, on):
        return Decision(COMBINED, partner)
    return Decision(own_kind)


def control_kind(optician: dict, customer: dict, item: dict, on: date, records: CustomerRecords) -> Decision | None:
    """For a control reminder's occurrence on ``on``: what to send.

    None (send nothing, just advance), ``control_reminder``, or ``repurchase_control_reminder``
    with the repurchase reminder within 3 days as ``partner`` (merged into this message).
    """
    return _decide(optician, customer, item, on, "control_reminder", REPURCHASE_PREFIX, records)


def repurchase_kind(optician: dict, customer: dict, item: dict, on: date,
                    records: CustomerRecords) -> Decision | None:
    """For the repurchase handler (call after its own subscription check): what to send.

    None (covered by a combined message already, or a repurchase reminder went out today),
    ``repurchase_reminder``, or ``repurchase_control_reminder`` when a control reminder
    within 3 days was merged into this message (its occurrence is then claimed and stays silent).
    """
    return _decide(optician, customer, item, on, "repurchase_reminder", CONTROL_PREFIX, records)


def simple_kind(optician: dict, customer: dict, item: dict, kind: str, on: date) -> Decision:
    """For kinds that never merge (lens exchange, pre-announcement): ``kind``, sent only if the
    customer's slot of that kind on local day ``on`` is free (a guard of the send)."""
    return Decision(kind, guards=_guards(optician["id"], customer["id"], item, kind, on, own_occurrence=False))
