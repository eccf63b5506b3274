"""Coordination of a customer's automatic messages (issue 6, SPEC §4; docs/lifecycles.md).

Two rules, both enforced with claims (adapters/dynamo/coordination.py) taken in the
handlers' ``message_for`` before anything is sent:

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
"""
from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta, timezone

from chalicelib.domain.message_kinds import topic_enabled
from chalicelib.domain.reminder_cycles import within_merge_window

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


def claim_daily(optician_id: str, customer_id: str, kind: str, on: date, owner: str) -> bool:
    """True if ``owner`` may send the customer's ``kind`` message of local day ``on``."""
    return _store().claim(optician_id, customer_id, f"DAILY#{kind}#{on.isoformat()}", owner, _expires(on))


def claim_occurrence(optician_id: str, customer_id: str, item: dict, owner: str, on: date) -> bool:
    """True if ``owner`` holds ``item``'s pending occurrence (the item itself, or a combined message)."""
    key = f"OCCURRENCE#{owner_of(item)}"
    return _store().claim(optician_id, customer_id, key, owner, _expires(on))


def _occurrence_date(item: dict) -> date | None:
    try:
        return date.fromisoformat(str(item.get("occurrence") or ""))
    except ValueError:
        return None


def pending_reminders(optician_id: str, customer_id: str, prefix: str) -> list[dict]:
    """The customer's items under ``prefix`` that have a pending occurrence, as raw dicts."""
    from chalicelib.adapters.dynamo.base import customer_pk
    from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client, to_plain
    from chalicelib.config import get_config

    paginator = get_dynamodb_client().get_paginator("query")
    pages = paginator.paginate(
        TableName=get_config().table_name, ConsistentRead=True,
        KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
        FilterExpression="attribute_exists(occurrence)",
        ExpressionAttributeValues={":pk": {"S": customer_pk(optician_id, customer_id)}, ":prefix": {"S": prefix}},
    )
    return [to_plain(raw) for page in pages for raw in page["Items"]]


def _partner(optician: dict, customer: dict, prefix: str, on: date) -> dict | None:
    """The closest pending reminder under ``prefix`` within the merge window of ``on``."""
    candidates = []
    for item in pending_reminders(optician["id"], customer["id"], prefix):
        partner_on = _occurrence_date(item)
        if partner_on and within_merge_window(partner_on, on):
            candidates.append((abs((partner_on - on).days), item["sk"], item))
    return min(candidates, key=lambda c: c[:2])[2] if candidates else None


def _can_combine(optician: dict, customer: dict) -> bool:
    from chalicelib.services.subscriptions import has_active_subscription

    topics = customer.get("topics")
    return (
        bool(optician.get("webshop_url"))
        and bool(optician.get("booking_url") or optician.get("phone"))
        and topic_enabled(topics, "control_reminder")
        and topic_enabled(topics, "repurchase_reminder")
        and not has_active_subscription(optician["id"], customer["id"])
    )


def _decide(optician: dict, customer: dict, item: dict, on: date, own_kind: str,
            partner_prefix: str) -> tuple[str, dict | None] | None:
    optician_id, customer_id = optician["id"], customer["id"]
    me = owner_of(item)
    if not claim_occurrence(optician_id, customer_id, item, me, on):
        return None  # a combined message sent for the partner already covered this occurrence
    if not claim_daily(optician_id, customer_id, own_kind, on, me):
        return None  # the customer gets a message of this kind today already
    if _can_combine(optician, customer):
        partner = _partner(optician, customer, partner_prefix, on)
        if partner is not None and claim_occurrence(optician_id, customer_id, partner, me, on):
            return COMBINED, partner
    return own_kind, None


def control_kind(optician: dict, customer: dict, item: dict, on: date) -> tuple[str, dict | None] | None:
    """For a control reminder's occurrence on ``on``: what to send.

    None (send nothing, just advance), ``("control_reminder", None)``, or
    ``("repurchase_control_reminder", repurchase_item)`` when a repurchase reminder within
    3 days was merged into this message.
    """
    return _decide(optician, customer, item, on, "control_reminder", REPURCHASE_PREFIX)


def repurchase_kind(optician: dict, customer: dict, item: dict, on: date) -> str | None:
    """For the repurchase handler (call after its own subscription check): what to send.

    None (covered by a combined message already, or a repurchase reminder went out today),
    ``"repurchase_reminder"``, or ``"repurchase_control_reminder"`` when a control reminder
    within 3 days was merged into this message (its occurrence is then claimed and stays silent).
    """
    decision = _decide(optician, customer, item, on, "repurchase_reminder", CONTROL_PREFIX)
    return decision[0] if decision else None


def simple_kind(optician: dict, customer: dict, item: dict, kind: str, on: date) -> str | None:
    """For kinds that never merge (lens exchange, pre-announcement): ``kind``, or None if one
    of that kind already goes to the customer on local day ``on``."""
    return kind if claim_daily(optician["id"], customer["id"], kind, on, owner_of(item)) else None
