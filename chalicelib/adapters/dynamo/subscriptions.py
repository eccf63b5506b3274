"""Order subscriptions (Bestell-Abo), kept in the customer's partition (``SUBSCRIPTION#<id>``).

While a subscription has a pending occurrence it carries ``occurrence`` and the sparse
``due`` index attributes (see adapters/dynamo/due.py); an inactive one has none of them.
Every write bumps ``version``: the back office writes conditionally on the version it
read (a concurrent change answers 409), the scheduler conditionally on the occurrence it
processed (a concurrent change wins, the scheduler's write is dropped).
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any, Iterable, Mapping

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, PutError, UpdateError
from pynamodb.expressions.update import Action

from chalicelib.adapters.dynamo.base import (KontaktModel, customer_pk, is_condition_failure, utc_timestamp,
                                              versioned_update)
from chalicelib.adapters.dynamo.due import DueAttributes
from chalicelib.domain.instants import day_or_none, iso_day
from chalicelib.domain.orders import OrderLine
from chalicelib.domain.subscription import Subscription

PREFIX = "SUBSCRIPTION#"
FIELDS = ("lines", "interval_weeks", "next_order_on", "delivery", "active", "skipped_on")
KEEP = "keep"  # ``schedule`` of update: leave the pending occurrence as it is


class SubscriptionItem(KontaktModel):
    subscription_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    lines = UnicodeAttribute()  # JSON list of {product_id, eye, pack_size, quantity}
    interval_weeks = NumberAttribute()
    next_order_on = UnicodeAttribute()
    delivery = UnicodeAttribute()
    active = BooleanAttribute()
    skipped_on = UnicodeAttribute(null=True)  # the order date a skip or postponement moved away from
    version = NumberAttribute(default=1)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    occurrence = UnicodeAttribute(null=True)
    due_shard = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    due_owner = UnicodeAttribute(null=True)


def from_raw(raw: Mapping[str, Any]) -> Subscription:
    """The record of a stored subscription, from an item's attribute values or the scheduler's
    plain dict (``lines`` as JSON or already parsed, numbers as Decimal or int)."""
    lines = raw.get("lines")
    parsed = json.loads(lines) if isinstance(lines, str) else list(lines or [])
    return Subscription(
        id=raw["subscription_id"],
        customer_id=raw["customer_id"],
        lines=tuple(OrderLine.of(line) for line in parsed),
        interval_weeks=int(raw["interval_weeks"]),
        next_order_on=date.fromisoformat(raw["next_order_on"]),
        delivery=raw["delivery"],
        active=bool(raw.get("active")),
        skipped_on=day_or_none(raw.get("skipped_on")),
        version=int(raw.get("version") or 1),
        occurrence=raw.get("occurrence"),
        created_at=raw.get("created_at"),
        updated_at=raw.get("updated_at"),
    )


def to_record(item: SubscriptionItem) -> Subscription:
    """The record of a PynamoDB item."""
    return from_raw(item.attribute_values)


def keys(optician_id: str, customer_id: str, subscription_id: str) -> tuple[str, str]:
    return customer_pk(optician_id, customer_id), PREFIX + subscription_id


def create(optician_id: str, subscription: Subscription, occurrence: str | None,
           due: DueAttributes | None) -> Subscription:
    """Store a new subscription with its first occurrence (``due``: from due_attributes)."""
    pk, sk = keys(optician_id, subscription.customer_id, subscription.id)
    now = utc_timestamp()
    item = SubscriptionItem(
        pk, sk,
        subscription_id=subscription.id, customer_id=subscription.customer_id,
        lines=_stored_lines(subscription.lines),
        interval_weeks=subscription.interval_weeks, next_order_on=subscription.next_order_on.isoformat(),
        delivery=subscription.delivery, active=subscription.active,
        skipped_on=iso_day(subscription.skipped_on), version=1, created_at=now, updated_at=now,
        occurrence=occurrence,
    )
    for name, value in (due or {}).items():
        setattr(item, name, value)
    try:
        item.save(condition=SubscriptionItem.pk.does_not_exist())
    except PutError as exc:  # pragma: no cover - ids are random
        raise RuntimeError("subscription id collision") from exc
    return to_record(item)


def get(optician_id: str, customer_id: str, subscription_id: str) -> Subscription | None:
    try:
        return to_record(SubscriptionItem.get(*keys(optician_id, customer_id, subscription_id),
                                             consistent_read=True))
    except DoesNotExist:
        return None


def list_all(optician_id: str, customer_id: str) -> list[Subscription]:
    """The customer's subscriptions, oldest first (ids are time-ordered)."""
    items = SubscriptionItem.query(customer_pk(optician_id, customer_id), SubscriptionItem.sk.startswith(PREFIX))
    return [to_record(item) for item in items]


def any_active(optician_id: str, customer_id: str) -> bool:
    """Whether the customer has an active subscription (one small query of their partition)."""
    items = SubscriptionItem.query(
        customer_pk(optician_id, customer_id), SubscriptionItem.sk.startswith(PREFIX),
        filter_condition=SubscriptionItem.active == True,  # noqa: E712 - a PynamoDB condition
        attributes_to_get=["pk", "sk", "active"], consistent_read=True,
    )
    return any(True for _ in items)


def _schedule_actions(occurrence: str | None, due: DueAttributes | None) -> list[Action]:
    if occurrence and due:
        return [SubscriptionItem.occurrence.set(occurrence),
                SubscriptionItem.due_shard.set(due["due_shard"]),
                SubscriptionItem.due_at.set(due["due_at"]),
                SubscriptionItem.due_owner.set(due["due_owner"])]
    return [SubscriptionItem.occurrence.remove(), SubscriptionItem.due_shard.remove(),
            SubscriptionItem.due_at.remove(), SubscriptionItem.due_owner.remove()]


def _stored(name: str, value: object) -> object:
    if name == "lines":
        return _stored_lines(value)  # type: ignore[arg-type]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _stored_lines(lines: Iterable[OrderLine]) -> str:
    """The item's JSON of the lines (keys sorted, as stored since the first subscription)."""
    return json.dumps([line.shown() for line in lines], sort_keys=True)


def _field_actions(changes: Mapping[str, object]) -> list[Action]:
    actions = []
    for name, value in changes.items():
        if name not in FIELDS:
            raise ValueError(f"unknown subscription field {name!r}")
        attribute = getattr(SubscriptionItem, name)
        actions.append(attribute.remove() if value is None else attribute.set(_stored(name, value)))
    return actions


def update(optician_id: str, customer_id: str, subscription_id: str, changes: Mapping[str, object], *,
           schedule: tuple[str, DueAttributes] | str | None, expected_version: int) -> Subscription:
    """Write the back office's changes; 409 if the subscription changed meanwhile.

    ``schedule``: ``(occurrence, due attributes)`` to (re)schedule, None to take it out of
    the due index, or ``"keep"`` to leave the pending occurrence untouched.
    """
    pk, sk = keys(optician_id, customer_id, subscription_id)
    item = SubscriptionItem(pk, sk)
    if schedule == KEEP:
        schedule_actions = []
    elif isinstance(schedule, tuple):
        schedule_actions = _schedule_actions(*schedule)
    else:
        schedule_actions = _schedule_actions(None, None)
    versioned_update(item, _field_actions(changes) + schedule_actions, expected_version=expected_version,
                     what="subscription")
    return to_record(item)


def advance(pk: str, sk: str, processed: str, changes: Mapping[str, object], *, occurrence: str | None,
            due: DueAttributes | None) -> bool:
    """Move to the next occurrence if ``processed`` is still the pending one; False otherwise."""
    item = SubscriptionItem(pk, sk)
    actions = _field_actions(changes) + _schedule_actions(occurrence, due) + [
        SubscriptionItem.version.add(1), SubscriptionItem.updated_at.set(utc_timestamp())]
    try:
        item.update(actions=actions, condition=SubscriptionItem.occurrence == processed)
    except UpdateError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def delete(optician_id: str, customer_id: str, subscription_id: str) -> None:
    SubscriptionItem(*keys(optician_id, customer_id, subscription_id)).delete()
