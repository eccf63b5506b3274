"""The reminder store's contract, run against the adapter on emulated DynamoDB and the in-memory fake
(tests/fakes/reminders.py), so the unit tests on the fake (tests/unit/test_reminder_series.py) say
what the adapter does. What only DynamoDB shows (the due index items) stays in test_reminder_store.py."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from chalicelib.domain.errors import Conflict
from tests.fakes.reminders import InMemoryReminders

OID, CID = "opt_1", "cus_1"
DUE = {"due_shard": "DUE#1", "due_at": "2026-03-27T08:00:00Z#pk#sk", "due_owner": f"OPT#{OID}"}
FIELDS = {"active": True, "next_on": date(2026, 3, 27), "cycle_days": 90, "details": {"passport_id": "lp_1"}}


@pytest.fixture(params=["dynamodb", "memory"])
def store(request):
    if request.param == "memory":
        return InMemoryReminders()
    request.getfixturevalue("aws")
    from chalicelib.adapters.dynamo import reminders

    return reminders


def test_a_reminder_is_created_once_and_read_back_as_stored(store):
    created = store.create(OID, CID, "repurchase", "rr_1", FIELDS, occurrence="2026-03-27", due=DUE)
    assert (created.id, created.kind, created.version, created.occurrence) == ("rr_1", "repurchase", 1, "2026-03-27")
    assert (created.active, created.next_on, created.cycle_days, created.details) == (
        True, date(2026, 3, 27), 90, {"passport_id": "lp_1"})
    with pytest.raises(store.ReminderExists):
        store.create(OID, CID, "repurchase", "rr_1", FIELDS, occurrence=None, due=None)
    assert store.get(OID, CID, "repurchase", "rr_1") == created
    assert store.get(OID, CID, "control", "rr_1") is None and store.get(OID, "other", "repurchase", "rr_1") is None


def test_reminders_are_listed_by_kind(store):
    store.create(OID, CID, "repurchase", "rr_1", FIELDS, occurrence=None, due=None)
    store.create(OID, CID, "control", "ctl_1", {"active": True, "next_on": date(2026, 5, 1), "cycle_months": 12,
                                                "anchor_on": date(2026, 5, 1)}, occurrence=None, due=None)
    assert [r.id for r in store.list_kind(OID, CID, "repurchase")] == ["rr_1"]
    control = store.list_kind(OID, CID, "control")[0]
    assert (control.cycle_months, control.anchor_on, control.cycle_days, control.details) == (12, date(2026, 5, 1),
                                                                                               None, {})


def test_an_update_needs_the_version_read_and_schedules_as_asked(store):
    store.create(OID, CID, "repurchase", "rr_1", FIELDS, occurrence="2026-03-27", due=DUE)
    kept = store.update(OID, CID, "repurchase", "rr_1", {"cycle_days": 80}, schedule=store.KEEP, expected_version=1)
    assert (kept.cycle_days, kept.version, kept.occurrence) == (80, 2, "2026-03-27")
    with pytest.raises(Conflict):
        store.update(OID, CID, "repurchase", "rr_1", {"cycle_days": 70}, schedule=store.KEEP, expected_version=1)
    moved = store.update(OID, CID, "repurchase", "rr_1", {"next_on": date(2026, 6, 1)},
                         schedule=("2026-06-01", DUE), expected_version=2)
    assert (moved.next_on, moved.occurrence, moved.version) == (date(2026, 6, 1), "2026-06-01", 3)
    stopped = store.update(OID, CID, "repurchase", "rr_1", {"active": False}, schedule=None, expected_version=3)
    assert (stopped.active, stopped.occurrence) == (False, None)


def test_advance_applies_only_to_the_processed_occurrence_and_version(store):
    store.create(OID, CID, "repurchase", "rr_1", FIELDS, occurrence="2026-03-27", due=DUE)
    pk, sk = store.keys(OID, CID, "repurchase", "rr_1")
    assert store.advance(pk, sk, "2026-01-01", {"next_on": date(2026, 6, 25)}, schedule=("2026-06-25", DUE)) is False
    write = store.advance_write(pk, sk, "2026-03-27", {"next_on": date(2026, 6, 25)}, schedule=("2026-06-25", DUE),
                                expected_version=1)
    assert write.make() is True
    stored = store.get(OID, CID, "repurchase", "rr_1")
    assert (stored.next_on, stored.occurrence, stored.version) == (date(2026, 6, 25), "2026-06-25", 2)
    assert store.advance(pk, sk, "2026-06-25", {}, schedule=None, expected_version=1) is False  # stale version


def test_a_deleted_reminder_is_gone(store):
    store.create(OID, CID, "lens_exchange", "lx_1", {"active": True, "next_on": date(2026, 3, 27), "interval_days": 30,
                                                     "time_of_day": "07:30"}, occurrence=None, due=None)
    store.delete(OID, CID, "lens_exchange", "lx_1")
    assert store.get(OID, CID, "lens_exchange", "lx_1") is None and store.list_kind(OID, CID, "lens_exchange") == []


@pytest.mark.parametrize("wrong", ["2026-03-27", datetime(2026, 3, 27, 8, 0)])
def test_a_date_field_takes_only_a_date(store, wrong):
    with pytest.raises(TypeError, match="^reminder field 'next_on' takes a date"):
        store.create(OID, CID, "repurchase", "rr_1", {**FIELDS, "next_on": wrong}, occurrence=None, due=None)
    store.create(OID, CID, "repurchase", "rr_1", FIELDS, occurrence=None, due=None)
    with pytest.raises(TypeError, match="^reminder field 'anchor_on' takes a date"):
        store.update(OID, CID, "repurchase", "rr_1", {"anchor_on": wrong}, schedule=store.KEEP, expected_version=1)
    assert store.get(OID, CID, "repurchase", "rr_1").version == 1  # nothing written


def test_the_schedulers_plain_item_reads_as_the_record(store):
    raw = {"reminder_id": "ctl_1", "customer_id": CID, "kind": "control", "active": True, "next_on": "2026-05-01",
           "anchor_on": "2026-03-01", "cycle_months": 2, "details": "{}", "version": 4, "occurrence": "2026-05-01"}
    record = store.from_raw(raw)
    assert (record.next_on, record.anchor_on, record.occurrence, record.version) == (
        date(2026, 5, 1), date(2026, 3, 1), "2026-05-01", 4)
    assert store.from_raw({**raw, "next_on": None, "anchor_on": None}).next_on is None
