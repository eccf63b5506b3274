"""Reminders of every kind, kept in the customer's partition: ``REMINDER#<kind>#<id>``.

One generic item for the repurchase (Nachkauf), control (check-up) and lens-exchange
reminders. The schedule fields are top-level attributes (each kind uses the ones it needs):
``next_on`` (the next reminder day), ``cycle_days`` (repurchase), ``cycle_months`` and
``anchor_on`` (control), ``interval_days`` and ``time_of_day`` (lens exchange); anything
else of a kind goes into ``details`` (a JSON object: passport, lines, usage, source, ...).
The record's dates (``next_on``, ``anchor_on``: ``date``) are stored as ISO strings
(``YYYY-MM-DD``); ``from_raw`` and the writes convert at this edge only.

While a reminder has a pending occurrence it carries ``occurrence`` and the sparse ``due``
index attributes (adapters/dynamo/due.py); an inactive one has none of them. Every write
bumps ``version``: the back office writes conditionally on the version it read (a
concurrent change answers 409), the scheduler conditionally on the occurrence it
processed (a concurrent change wins and the scheduler's write is dropped).
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any, Mapping

from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, PutError
from pynamodb.expressions.update import Action

from chalicelib.adapters.dynamo.base import (KontaktModel, customer_pk, is_condition_failure, utc_timestamp,
                                              versioned_update)
from chalicelib.adapters.dynamo.due import DueAttributes
from chalicelib.adapters.dynamo.transactions import UPDATE, Write
from chalicelib.domain.instants import day_or_none
from chalicelib.domain.reminder import KINDS, Reminder

PREFIX = "REMINDER#"
# Schedule fields a caller may set; ``details`` is stored as JSON.
FIELDS = ("active", "next_on", "cycle_days", "cycle_months", "anchor_on", "interval_days", "time_of_day",
          "details")
DATES = ("next_on", "anchor_on")  # ``date`` in the record, ISO strings in the item
KEEP = "keep"


class ReminderExists(Exception):
    """A reminder with this key exists already (e.g. one repurchase reminder per passport)."""


class ReminderItem(KontaktModel):
    reminder_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    active = BooleanAttribute()
    next_on = UnicodeAttribute(null=True)        # YYYY-MM-DD
    cycle_days = NumberAttribute(null=True)
    cycle_months = NumberAttribute(null=True)
    anchor_on = UnicodeAttribute(null=True)      # YYYY-MM-DD
    interval_days = NumberAttribute(null=True)
    time_of_day = UnicodeAttribute(null=True)    # HH:MM, local
    details = UnicodeAttribute(default="{}")     # JSON object, kind specific
    version = NumberAttribute(default=1)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    occurrence = UnicodeAttribute(null=True)
    due_shard = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)
    due_owner = UnicodeAttribute(null=True)


def sort_key(kind: str, reminder_id: str) -> str:
    if kind not in KINDS:
        raise ValueError(f"unknown reminder kind {kind!r}")
    return f"{PREFIX}{kind}#{reminder_id}"


def keys(optician_id: str, customer_id: str, kind: str, reminder_id: str) -> tuple[str, str]:
    return customer_pk(optician_id, customer_id), sort_key(kind, reminder_id)


def _integer(value: Any) -> int | None:
    return None if value is None else int(value)


def from_raw(raw: Mapping[str, Any]) -> Reminder:
    """The record of a stored reminder, from a PynamoDB item's attributes or the scheduler's plain
    dict (``details`` as JSON or already parsed, numbers as Decimal, float or int)."""
    details = raw.get("details")
    return Reminder(
        id=raw["reminder_id"],
        customer_id=raw["customer_id"],
        kind=raw["kind"],
        active=bool(raw.get("active")),
        next_on=day_or_none(raw.get("next_on")),
        cycle_days=_integer(raw.get("cycle_days")),
        cycle_months=_integer(raw.get("cycle_months")),
        anchor_on=day_or_none(raw.get("anchor_on")),
        interval_days=_integer(raw.get("interval_days")),
        time_of_day=raw.get("time_of_day"),
        details=json.loads(details) if isinstance(details, str) else dict(details or {}),
        version=int(raw.get("version") or 1),
        occurrence=raw.get("occurrence"),
        created_at=raw.get("created_at"),
        updated_at=raw.get("updated_at"),
    )


def to_record(item: ReminderItem) -> Reminder:
    return from_raw(item.attribute_values)


def _serialize(name: str, value: object) -> object:
    """A record field's value as the item stores it (``details`` as JSON, dates as ISO strings)."""
    if name == "details":
        return json.dumps(value or {}, sort_keys=True)
    if name in DATES:
        if type(value) is not date:  # a datetime or an ISO string here is a caller's bug
            raise TypeError(f"reminder field {name!r} takes a date, not {type(value).__name__}")
        return value.isoformat()
    return value


def create(optician_id: str, customer_id: str, kind: str, reminder_id: str, fields: Mapping[str, object], *,
           occurrence: str | None, due: DueAttributes | None) -> Reminder:
    """Store a new reminder; ReminderExists if one with this id exists (the race-safe uniqueness)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown reminder fields {sorted(unknown)}")
    pk, sk = keys(optician_id, customer_id, kind, reminder_id)
    now = utc_timestamp()
    values = {name: _serialize(name, value) for name, value in fields.items() if value is not None}
    item = ReminderItem(pk, sk, reminder_id=reminder_id, customer_id=customer_id, kind=kind, version=1,
                        created_at=now, updated_at=now, occurrence=occurrence)
    for name, value in {**(due or {}), **values}.items():
        setattr(item, name, value)
    item.active = bool(fields.get("active", True))
    try:
        item.save(condition=ReminderItem.pk.does_not_exist())
    except PutError as exc:
        if is_condition_failure(exc):
            raise ReminderExists(sk) from None
        raise
    return to_record(item)


def get(optician_id: str, customer_id: str, kind: str, reminder_id: str) -> Reminder | None:
    try:
        return to_record(ReminderItem.get(*keys(optician_id, customer_id, kind, reminder_id), consistent_read=True))
    except DoesNotExist:
        return None


def list_kind(optician_id: str, customer_id: str, kind: str) -> list[Reminder]:
    """The customer's reminders of ``kind``, in key order."""
    items = ReminderItem.query(customer_pk(optician_id, customer_id),
                               ReminderItem.sk.startswith(sort_key(kind, "")), consistent_read=True)
    return [to_record(item) for item in items]


Schedule = tuple[str, DueAttributes]  # (occurrence, due attributes)


def _schedule_actions(schedule: Schedule | None) -> list[Action]:
    if schedule:
        occurrence, due = schedule
        return [ReminderItem.occurrence.set(occurrence), ReminderItem.due_shard.set(due["due_shard"]),
                ReminderItem.due_at.set(due["due_at"]), ReminderItem.due_owner.set(due["due_owner"])]
    return [ReminderItem.occurrence.remove(), ReminderItem.due_shard.remove(), ReminderItem.due_at.remove(),
            ReminderItem.due_owner.remove()]


def _field_actions(changes: Mapping[str, object]) -> list[Action]:
    actions = []
    for name, value in changes.items():
        if name not in FIELDS:
            raise ValueError(f"unknown reminder field {name!r}")
        attribute = getattr(ReminderItem, name)
        if value is None and name not in ("active", "details"):
            actions.append(attribute.remove())
        else:
            actions.append(attribute.set(_serialize(name, value)))
    return actions


def update(optician_id: str, customer_id: str, kind: str, reminder_id: str, changes: Mapping[str, object], *,
           schedule: Schedule | str | None, expected_version: int) -> Reminder:
    """Write changes; Conflict (409) if the reminder changed (or vanished) since ``expected_version``.

    ``schedule``: ``(occurrence, due attributes)`` to (re)schedule, None to take the
    reminder out of the due index, or ``"keep"`` to leave its pending occurrence alone.
    """
    pk, sk = keys(optician_id, customer_id, kind, reminder_id)
    item = ReminderItem(pk, sk)
    schedule_actions = [] if isinstance(schedule, str) else _schedule_actions(schedule)  # a str: KEEP
    versioned_update(item, _field_actions(changes) + schedule_actions, expected_version=expected_version,
                     what="reminder")
    return to_record(item)


def advance_write(pk: str, sk: str, processed: str, changes: Mapping[str, object], *, schedule: Schedule | None,
                  expected_version: int | None = None) -> Write:
    """The update that moves to the next occurrence if ``processed`` is still the pending one.

    With ``expected_version`` also only if nothing else changed the reminder since it was
    read (the caller rewrites fields such as ``details`` from what it read).
    """
    actions = _field_actions(changes) + _schedule_actions(schedule) + [
        ReminderItem.version.add(1), ReminderItem.updated_at.set(utc_timestamp())]
    condition = ReminderItem.occurrence == processed
    if expected_version is not None:
        condition = condition & (ReminderItem.version == expected_version)
    return Write(UPDATE, ReminderItem(pk, sk), condition=condition, actions=tuple(actions))


def advance(pk: str, sk: str, processed: str, changes: Mapping[str, object], *, schedule: Schedule | None,
            expected_version: int | None = None) -> bool:
    """Move to the next occurrence (see ``advance_write``); False if the condition refused it."""
    return advance_write(pk, sk, processed, changes, schedule=schedule, expected_version=expected_version).make()


def delete(optician_id: str, customer_id: str, kind: str, reminder_id: str) -> None:
    ReminderItem(*keys(optician_id, customer_id, kind, reminder_id)).delete()
