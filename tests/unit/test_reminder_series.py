"""Changing a repeating reminder (PATCH of a check-up or lens-exchange series,
services/reminders/reminder_records.py) on the in-memory reminder store: only what differs is
written, and the pending occurrence is kept, moved or dropped as the change asks. No moto: the
store is tests/fakes/reminders.py (its contract: tests/integration/test_reminder_store_contract.py)."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.errors import Conflict
from chalicelib.services import wiring
from chalicelib.services.reminders.reminder_records import ReminderRecords
from tests.fakes.reminders import InMemoryReminders

OID, CID = "opt_1", "cus_1"
SERIES = ReminderRecords("control", "check-up reminder")
DUE = {"due_shard": "DUE#0", "due_at": "x", "due_owner": "OPT#opt_1"}


@pytest.fixture
def store():
    fake = InMemoryReminders()
    with wiring.override(reminders=fake):
        yield fake


def control(store, active: bool = True, next_on: date = date(2026, 5, 1)):
    return store.create(OID, CID, "control", "ctl_1", {"active": active, "next_on": next_on, "cycle_months": 12,
                                                        "anchor_on": next_on},
                        occurrence=next_on.isoformat() if active else None, due=DUE if active else None)


def change(current, changes, *, catch_up=lambda after: date(2099, 1, 1), derive=None, reschedule_on=()):
    scheduled = []

    def schedule_for(after):
        scheduled.append(after.next_on)
        return after.next_on.isoformat(), DUE

    stored = SERIES.change_series(OID, CID, current, changes, catch_up=catch_up, schedule_for=schedule_for,
                                  derive=derive, reschedule_on=reschedule_on)
    return stored, scheduled


def test_a_change_to_the_same_values_writes_nothing(store):
    current = control(store)
    stored, scheduled = change(current, {"cycle_months": 12, "active": True})
    assert stored is current and scheduled == [] and store.get(OID, CID, "control", "ctl_1").version == 1


def test_a_new_cycle_keeps_the_pending_occurrence(store):
    stored, scheduled = change(control(store), {"cycle_months": 6})
    assert (stored.cycle_months, stored.occurrence, stored.version) == (6, "2026-05-01", 2) and scheduled == []


def test_a_new_date_is_scheduled(store):
    stored, scheduled = change(control(store), {"next_on": date(2026, 6, 15)})
    assert scheduled == [date(2026, 6, 15)] and stored.occurrence == "2026-06-15"


def test_a_changed_field_named_in_reschedule_on_is_scheduled_again(store):
    stored, scheduled = change(control(store), {"cycle_months": 6}, reschedule_on=("cycle_months",))
    assert scheduled == [date(2026, 5, 1)] and stored.cycle_months == 6


def test_deactivating_drops_the_pending_occurrence(store):
    stored, scheduled = change(control(store), {"active": False})
    assert (stored.active, stored.occurrence) == (False, None) and scheduled == []
    assert store.keys(OID, CID, "control", "ctl_1") not in store.due  # out of the due index


def test_re_activating_after_its_date_continues_from_the_caught_up_date(store):
    current = control(store, active=False, next_on=date(2026, 1, 1))
    stored, scheduled = change(current, {"active": True}, catch_up=lambda after: date(2027, 1, 1))
    assert (stored.active, stored.next_on, stored.occurrence) == (True, date(2027, 1, 1), "2027-01-01")
    assert scheduled == [date(2027, 1, 1)]


def test_re_activating_before_its_date_keeps_the_date(store):
    current = control(store, active=False, next_on=date(2026, 5, 1))
    stored, scheduled = change(current, {"active": True}, catch_up=lambda after: after.next_on)
    assert (stored.next_on, stored.occurrence) == (date(2026, 5, 1), "2026-05-01")
    assert scheduled == [date(2026, 5, 1)]


def test_derived_fields_are_written_with_the_change(store):
    def re_anchor(changes, after):
        return {"anchor_on": after.next_on} if "next_on" in changes else {}

    stored, _ = change(control(store), {"next_on": date(2026, 6, 15)}, derive=re_anchor)
    assert (stored.next_on, stored.anchor_on) == (date(2026, 6, 15), date(2026, 6, 15))
    unchanged, _ = change(stored, {"cycle_months": 24}, derive=re_anchor)
    assert unchanged.anchor_on == date(2026, 6, 15)


def test_a_change_made_from_a_stale_read_is_a_conflict(store):
    current = control(store)
    change(current, {"cycle_months": 6})
    with pytest.raises(Conflict):
        change(current, {"cycle_months": 3})
    assert store.get(OID, CID, "control", "ctl_1").cycle_months == 6
