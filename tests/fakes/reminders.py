"""An in-memory reminder store (the port chalicelib/services/ports/reminders.py) for unit tests."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Callable, Mapping

from chalicelib.adapters.dynamo.reminders import DATES, from_raw as adapter_from_raw
from chalicelib.domain.errors import Conflict
from chalicelib.domain.reminder import KINDS, Reminder

FIELDS = ("active", "next_on", "cycle_days", "cycle_months", "anchor_on", "interval_days", "time_of_day", "details")


def _checked(values: Mapping[str, object]) -> Mapping[str, object]:
    """The adapter stores a date field only from a ``date`` (it writes it as an ISO string)."""
    for name in DATES:
        value = values.get(name)
        if value is not None and type(value) is not date:
            raise TypeError(f"reminder field {name!r} takes a date, not {type(value).__name__}")
    return values


class ReminderExists(Exception):
    """A reminder with this key exists already."""


@dataclass(frozen=True)
class FakeWrite:
    apply: Callable[[], bool]

    def make(self) -> bool:
        return self.apply()


class InMemoryReminders:
    """Reminders by key with their pending occurrence and due attributes, written as the DynamoDB
    adapter writes them: a new id only once, edits only at the version read, the scheduler's
    moves only while the processed occurrence is pending."""

    KEEP = "keep"
    ReminderExists = ReminderExists

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], Reminder] = {}
        self.due: dict[tuple[str, str], dict[str, str]] = {}
        self.stamps = iter(f"2026-01-01T00:00:{n:02d}+00:00" for n in range(10**6))

    def keys(self, optician_id: str, customer_id: str, kind: str, reminder_id: str) -> tuple[str, str]:
        if kind not in KINDS:
            raise ValueError(f"unknown reminder kind {kind!r}")
        return f"OPT#{optician_id}#CUST#{customer_id}", f"REMINDER#{kind}#{reminder_id}"

    def from_raw(self, raw: Mapping[str, Any]) -> Reminder:
        return adapter_from_raw(raw)

    def create(self, optician_id: str, customer_id: str, kind: str, reminder_id: str, fields: Mapping[str, object],
               *, occurrence: str | None, due: dict[str, str] | None) -> Reminder:
        key = self.keys(optician_id, customer_id, kind, reminder_id)
        if key in self.items:
            raise ReminderExists(key[1])
        unknown = set(fields) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown reminder fields {sorted(unknown)}")
        now = next(self.stamps)
        values = {name: value for name, value in _checked(fields).items() if value is not None}
        stored = Reminder(id=reminder_id, customer_id=customer_id, kind=kind, occurrence=occurrence, version=1,
                          created_at=now, updated_at=now, **{"active": True, **values})  # type: ignore[arg-type]
        self.items[key] = stored
        self._schedule(key, (occurrence, due) if occurrence else None)
        return stored

    def get(self, optician_id: str, customer_id: str, kind: str, reminder_id: str) -> Reminder | None:
        return self.items.get(self.keys(optician_id, customer_id, kind, reminder_id))

    def list_kind(self, optician_id: str, customer_id: str, kind: str) -> list[Reminder]:
        prefix = self.keys(optician_id, customer_id, kind, "")
        return [self.items[key] for key in sorted(self.items) if key[0] == prefix[0] and key[1].startswith(prefix[1])]

    def update(self, optician_id: str, customer_id: str, kind: str, reminder_id: str, changes: Mapping[str, object],
               *, schedule: tuple[str, dict[str, str]] | str | None, expected_version: int) -> Reminder:
        key = self.keys(optician_id, customer_id, kind, reminder_id)
        current = self.items.get(key)
        if current is None or current.version != expected_version:
            raise Conflict("The reminder was changed at the same time; load it again and retry.")
        self._write(key, changes, schedule)
        return self.items[key]

    def advance_write(self, pk: str, sk: str, processed: str, changes: Mapping[str, object], *,
                      schedule: tuple[str, dict[str, str]] | None, expected_version: int | None = None) -> FakeWrite:
        def apply() -> bool:
            current = self.items.get((pk, sk))
            if current is None or current.occurrence != processed:
                return False
            if expected_version is not None and current.version != expected_version:
                return False
            self._write((pk, sk), changes, schedule)
            return True

        return FakeWrite(apply)

    def advance(self, pk: str, sk: str, processed: str, changes: Mapping[str, object], *,
                schedule: tuple[str, dict[str, str]] | None, expected_version: int | None = None) -> bool:
        return self.advance_write(pk, sk, processed, changes, schedule=schedule,
                                  expected_version=expected_version).make()

    def delete(self, optician_id: str, customer_id: str, kind: str, reminder_id: str) -> None:
        key = self.keys(optician_id, customer_id, kind, reminder_id)
        self.items.pop(key, None)
        self.due.pop(key, None)

    def _write(self, key: tuple[str, str], changes: Mapping[str, object],
               schedule: tuple[str, dict[str, str]] | str | None) -> None:
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown reminder field {sorted(unknown)[0]!r}")
        current = self.items[key]
        values = dict(_checked(changes))
        if "details" in values and values["details"] is None:
            values["details"] = {}
        updated = replace(current, **values, version=current.version + 1,  # type: ignore[arg-type]
                          updated_at=next(self.stamps))
        if schedule != self.KEEP:
            updated = replace(updated, occurrence=schedule[0] if isinstance(schedule, tuple) else None)
            self._schedule(key, schedule if isinstance(schedule, tuple) else None)
        self.items[key] = updated

    def _schedule(self, key: tuple[str, str], schedule: tuple[str | None, dict[str, str] | None] | None) -> None:
        if schedule is None or schedule[1] is None:
            self.due.pop(key, None)
        else:
            self.due[key] = dict(schedule[1])
