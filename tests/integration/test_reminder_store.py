"""The reminder store on emulated DynamoDB: uniqueness, optimistic writes, the due index."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from chalicelib.adapters.dynamo import due, occurrence_items, reminders
from chalicelib.adapters.dynamo.base import customer_pk
from chalicelib.domain.errors import Conflict
from chalicelib.domain.reminder import Reminder

OID, CID = "opt_1", "cus_1"
INSTANT = datetime(2026, 3, 27, 8, 0, tzinfo=timezone.utc)


def schedule(kind: str, rid: str, on: str = "2026-03-27") -> tuple[str, dict]:
    pk, sk = reminders.keys(OID, CID, kind, rid)
    return on, due.due_attributes(pk, sk, INSTANT)


def make(kind: str = "repurchase", rid: str = "rr_lp_1", **fields) -> Reminder:
    values = {"active": True, "next_on": date(2026, 3, 27), "cycle_days": 90,
              "details": {"passport_id": "lp_1", "lines": [{"eye": "both", "pack_size": 90, "quantity": 2}]},
              **fields}
    occurrence, attrs = schedule(kind, rid)
    return reminders.create(OID, CID, kind, rid, values, occurrence=occurrence, due=attrs)


def test_a_reminder_is_stored_in_the_customer_partition_with_its_due_attributes(aws):
    created = make()
    assert created.id == "rr_lp_1" and created.kind == "repurchase" and created.version == 1
    assert created.details["lines"] == [{"eye": "both", "pack_size": 90, "quantity": 2}]
    raw = occurrence_items.get(customer_pk(OID, CID), "REMINDER#repurchase#rr_lp_1")
    assert raw["occurrence"] == "2026-03-27" and raw["due_at"].startswith("2026-03-27T08:00:00Z#")
    # the scheduler's plain dict reads back as the same reminder
    assert reminders.from_raw(raw) == reminders.get(OID, CID, "repurchase", "rr_lp_1") == created
    page = occurrence_items.query_due(raw["due_shard"], due.due_upper_bound(INSTANT))
    assert [k[1] for k in page.keys] == ["REMINDER#repurchase#rr_lp_1"]


def test_the_same_id_cannot_be_created_twice(aws):
    make()
    with pytest.raises(reminders.ReminderExists):
        make(cycle_days=30)
    assert reminders.get(OID, CID, "repurchase", "rr_lp_1").cycle_days == 90


def test_kinds_are_listed_apart_and_generic_fields_are_kept(aws):
    make()
    make("control", "ctl_1", next_on=date(2026, 5, 1), cycle_days=None, cycle_months=12, anchor_on=date(2026, 5, 1),
         details={})
    make("lens_exchange", "lx_1", interval_days=30, time_of_day="07:30", cycle_days=None, details={})
    assert [r.id for r in reminders.list_kind(OID, CID, "repurchase")] == ["rr_lp_1"]
    control = reminders.list_kind(OID, CID, "control")[0]
    assert control.cycle_months == 12 and control.anchor_on == date(2026, 5, 1) and control.cycle_days is None
    exchange = reminders.get(OID, CID, "lens_exchange", "lx_1")
    assert exchange.interval_days == 30 and exchange.time_of_day == "07:30"


def test_an_update_is_refused_when_someone_else_wrote_first(aws):
    current = make()
    reminders.update(OID, CID, "repurchase", "rr_lp_1", {"cycle_days": 80}, schedule=reminders.KEEP,
                     expected_version=current.version)
    with pytest.raises(Conflict):
        reminders.update(OID, CID, "repurchase", "rr_lp_1", {"cycle_days": 70}, schedule=reminders.KEEP,
                         expected_version=current.version)
    stored = reminders.get(OID, CID, "repurchase", "rr_lp_1")
    assert stored.cycle_days == 80 and stored.version == 2 and stored.occurrence == "2026-03-27"


def test_deactivating_removes_the_due_attributes(aws):
    current = make()
    updated = reminders.update(OID, CID, "repurchase", "rr_lp_1", {"active": False}, schedule=None,
                               expected_version=current.version)
    assert updated.active is False and updated.occurrence is None
    raw = occurrence_items.get(customer_pk(OID, CID), "REMINDER#repurchase#rr_lp_1")
    assert "due_at" not in raw and "due_shard" not in raw


def test_advance_applies_only_to_the_processed_occurrence(aws):
    make()
    pk, sk = reminders.keys(OID, CID, "repurchase", "rr_lp_1")
    assert not reminders.advance(pk, sk, "2026-01-01", {"next_on": date(2026, 6, 25)},
                                 schedule=schedule("repurchase", "rr_lp_1", "2026-06-25"))
    assert reminders.advance(pk, sk, "2026-03-27", {"next_on": date(2026, 6, 25)},
                             schedule=schedule("repurchase", "rr_lp_1", "2026-06-25"), expected_version=1)
    stored = reminders.get(OID, CID, "repurchase", "rr_lp_1")
    assert stored.next_on == date(2026, 6, 25) and stored.occurrence == "2026-06-25" and stored.version == 2
    # a stale version (an edit in between) is refused too
    assert not reminders.advance(pk, sk, "2026-06-25", {}, schedule=None, expected_version=1)


def test_delete(aws):
    make()
    reminders.delete(OID, CID, "repurchase", "rr_lp_1")
    assert reminders.get(OID, CID, "repurchase", "rr_lp_1") is None


def test_dates_are_stored_as_iso_days_and_an_item_reads_and_writes_back_unchanged(aws):
    """The record's dates are ``date``s; the item keeps the ISO strings it always had (no migration),
    and an item read into a record and written back from it is the same item."""
    pk, sk = reminders.keys(OID, CID, "control", "ctl_1")
    reminders.create(OID, CID, "control", "ctl_1",
                     {"active": True, "next_on": date(2026, 5, 1), "anchor_on": date(2026, 3, 1), "cycle_months": 2,
                      "details": {"first_reminder_on": "2026-03-01"}},
                     occurrence="2026-05-01", due=schedule("control", "ctl_1", "2026-05-01")[1])
    item = occurrence_items.get_raw(pk, sk)
    assert {name: item[name] for name in ("next_on", "anchor_on", "occurrence", "cycle_months", "details")} == {
        "next_on": {"S": "2026-05-01"}, "anchor_on": {"S": "2026-03-01"}, "occurrence": {"S": "2026-05-01"},
        "cycle_months": {"N": "2"}, "details": {"S": '{"first_reminder_on": "2026-03-01"}'}}

    record = reminders.from_raw(occurrence_items.to_plain(item))
    assert (record.next_on, record.anchor_on, record.occurrence) == (date(2026, 5, 1), date(2026, 3, 1), "2026-05-01")
    assert record.created_at == item["created_at"]["S"] and record.updated_at == item["updated_at"]["S"]
    reminders.update(OID, CID, "control", "ctl_1", {name: getattr(record, name) for name in reminders.FIELDS},
                     schedule=reminders.KEEP, expected_version=record.version)
    rewritten = occurrence_items.get_raw(pk, sk)
    assert rewritten["version"] == {"N": "2"}
    bookkeeping = ("version", "updated_at")  # every write bumps them
    assert {k: v for k, v in rewritten.items() if k not in bookkeeping} == {
        k: v for k, v in item.items() if k not in bookkeeping}


def test_a_date_field_is_cleared_by_none(aws):
    make("control", "ctl_1", cycle_days=None, cycle_months=12, anchor_on=date(2026, 3, 1), details={})
    reminders.update(OID, CID, "control", "ctl_1", {"anchor_on": None}, schedule=reminders.KEEP, expected_version=1)
    assert "anchor_on" not in occurrence_items.get_raw(*reminders.keys(OID, CID, "control", "ctl_1"))
    assert reminders.get(OID, CID, "control", "ctl_1").anchor_on is None
