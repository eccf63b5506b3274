"""The per-occurrence algorithm of the send pipeline, with the store (tests/fakes/occurrence_items.py), handler
and send path faked."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from chalicelib.adapters.dynamo import due
from chalicelib.domain.customer import Customer
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services import wiring
from chalicelib.services.scheduling import occurrence
from chalicelib.services.scheduling.due_message import DueMessage
from tests.fakes.occurrence_items import ConditionFailed, InMemoryScheduledItems

PK, SK = "OPT#opt_1#CUST#cus_1", "REMINDER#repurchase#rem_1"
# Mon–Sat 09:00–19:00 in Europe/Zurich: the default send window.
OPTICIAN = OpticianSettings(id="opt_1", name="Optik", sender_name="Optik", timezone="Europe/Zurich")
CUSTOMER = Customer("cus_1", "Anna", "Aebi")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def due_at(instant: datetime) -> str:
    return due.due_attributes(PK, SK, instant)["due_at"]


class FakeLookup:
    def __init__(self, item, optician=OPTICIAN, customer=CUSTOMER):
        self._item, self._optician, self._customer = item, optician, customer

    def item(self, pk, sk):
        return self._item

    def optician(self, optician_id):
        return self._optician

    def customer(self, optician_id, customer_id):
        return self._customer

    def records(self, optician_id, customer_id):
        return None  # the fake handler reads nothing of the customer


class FakeHandler:
    def __init__(self, message=("repurchase_reminder", {"x": 1}), advance_error=None):
        self.message, self.advance_error = message, advance_error
        self.advanced: list[tuple[dict, datetime]] = []

    def message_for(self, optician, customer, item, records=None, now=None):
        self.asked_at = now
        return self.message

    def advance(self, optician, item, now):
        if self.advance_error:
            raise self.advance_error
        self.advanced.append((item, now))


@pytest.fixture
def world(monkeypatch):
    """A fake handler, a recording send path and a recording ``move_due``."""
    state = {"handler": FakeHandler(), "sent": [], "writes": [], "moves": [], "send_error": None, "status": "sent",
             "recorded": []}

    def fake_send(optician, customer, kind, *, trigger, idempotency_key, data=None, now=None, guards=(),
                  follow_up=None, preconditions=(), defer_on_limit=False):
        from chalicelib.services.messaging.send import SendResult

        assert defer_on_limit  # the scheduler defers past the spend limit; it never records under the key
        if state["send_error"]:
            raise state["send_error"]
        state["sent"].append({"kind": kind, "key": idempotency_key, "trigger": trigger, "now": now, "data": data})
        state["writes"].append({"guards": guards, "follow_up": follow_up, "preconditions": preconditions})
        return SendResult({"status": state["status"]}, follow_up_made=state.get("follow_up_made", False))

    def fake_record(optician, customer, kind, *, trigger, idempotency_key, status, reason, detail=None, now=None,
                    follow_up=None, preconditions=()):
        from chalicelib.services.messaging.send import SendResult

        state["recorded"].append({"kind": kind, "key": idempotency_key, "status": status, "reason": reason,
                                  "follow_up": follow_up, **({"detail": detail} if detail else {})})
        return SendResult({"status": status}, follow_up_made=False)

    def fake_move(pk, sk, *, occurrence, expected_due_at, new_due_at):
        state["moves"].append({"occurrence": occurrence, "expected": expected_due_at, "new": new_due_at})
        return True

    monkeypatch.setattr(occurrence.registry, "handler_for", lambda sk: state["handler"])
    monkeypatch.setattr(occurrence, "_send", fake_send)
    monkeypatch.setattr(occurrence, "_record", fake_record)
    monkeypatch.setattr(occurrence, "passed_over_reason", lambda *args: "coordinated")  # where the runner looks it up
    def fake_drop(pk, sk, *, occurrence, due_at, delete):
        state["dropped"].append({"occurrence": occurrence, "due_at": due_at, "delete": delete})
        return True

    state["dropped"] = []
    items = InMemoryScheduledItems()  # the items themselves come from FakeLookup; the moves are recorded
    monkeypatch.setattr(items, "move_due", fake_move)
    monkeypatch.setattr(items, "drop_orphan", fake_drop)
    with wiring.override(occurrence_items=items):
        yield state


def item_due(instant: datetime, occ: str = "2026-03-30") -> dict:
    return {"pk": PK, "sk": SK, "occurrence": occ, "due_shard": "DUE#1", "due_at": due_at(instant)}


def message(item: dict, now: datetime) -> DueMessage:
    return DueMessage(PK, SK, item["due_at"], now, enqueued_at=None)


def test_due_inside_the_window_is_sent_once_with_the_occurrence_key_and_advanced(world):
    # GIVEN a reminder due Monday 09:00 Zurich (07:00Z, summer time) and a run at 07:05Z
    item = item_due(utc("2026-03-30T07:00:00"))
    now = utc("2026-03-30T07:05:00")
    # WHEN it is processed
    outcome = occurrence.process(message(item, now), FakeLookup(item))
    # THEN it is sent under "<sk>#<occurrence>" as an automatic message and the series moves on
    assert outcome == "sent"
    assert world["sent"] == [{"kind": "repurchase_reminder", "key": f"{SK}#2026-03-30", "trigger": "automatic",
                              "now": now, "data": {"x": 1}}]
    assert [now_ for _, now_ in world["handler"].advanced] == [now]


def test_outside_the_window_only_due_at_moves_to_the_next_window_start(world):
    # GIVEN a run at 19:30 local (Monday) finding an occurrence that waited in the queue
    item = item_due(utc("2026-03-30T16:00:00"))
    now = utc("2026-03-30T17:30:00")
    # WHEN it is processed
    outcome = occurrence.process(message(item, now), FakeLookup(item))
    # THEN nothing is sent, nothing advanced; due_at moves to Tuesday 09:00 local, same occurrence
    assert outcome == occurrence.WAITING
    assert world["sent"] == [] and world["handler"].advanced == []
    assert world["moves"] == [{"occurrence": "2026-03-30", "expected": item["due_at"],
                               "new": due_at(utc("2026-03-31T07:00:00"))}]


def test_sunday_waits_for_monday_morning(world):
    # GIVEN an occurrence found on a Sunday (the optician's window setting changed after it was stored)
    item = item_due(utc("2026-04-05T08:00:00"))
    now = utc("2026-04-05T08:00:00")  # Sunday 10:00 Zurich
    occurrence.process(message(item, now), FakeLookup(item))
    # THEN it waits for Monday 09:00 Zurich
    assert world["moves"][0]["new"] == due_at(utc("2026-04-06T07:00:00"))
    assert world["sent"] == []


def test_the_next_window_start_respects_daylight_saving(world):
    # GIVEN Saturday 20:00 before the autumn change (25 Oct 2026): Sunday closed, Monday is winter time
    item = item_due(utc("2026-10-24T15:00:00"))
    now = utc("2026-10-24T18:00:00")
    occurrence.process(message(item, now), FakeLookup(item))
    # THEN it waits for Monday 09:00 CET = 08:00Z (not 07:00Z)
    assert world["moves"][0]["new"] == due_at(utc("2026-10-26T08:00:00"))


@pytest.mark.parametrize("change, expected", [
    (lambda item: None, occurrence.GONE),
    (lambda item: {k: v for k, v in item.items() if k not in ("due_at", "due_shard")}, occurrence.INACTIVE),
    (lambda item: {**item, "due_at": due_at(utc("2026-06-28T07:00:00")), "occurrence": "2026-06-28"},
     occurrence.STALE),
])
def test_an_item_moved_on_since_it_was_found_is_dropped(world, change, expected):
    item = item_due(utc("2026-03-30T07:00:00"))
    now = utc("2026-03-30T07:05:00")
    assert occurrence.process(message(item, now), FakeLookup(change(item))) == expected
    assert world["sent"] == [] and world["handler"].advanced == [] and world["moves"] == []


def test_never_sent_before_it_is_due(world):
    # GIVEN a message claiming an occurrence is due, but the stored due_at is later than now
    item = item_due(utc("2026-03-30T09:00:00"))
    now = utc("2026-03-30T07:05:00")
    assert occurrence.process(message(item, now), FakeLookup(item)) == occurrence.NOT_DUE
    assert world["sent"] == []


def test_time_spent_in_the_queue_counts(world):
    # GIVEN a run at 16:58Z (18:58 local) whose message waited 5 minutes in the queue
    item = item_due(utc("2026-03-30T07:00:00"))
    run = utc("2026-03-30T16:58:00")
    queued = DueMessage(PK, SK, item["due_at"], run, enqueued_at=utc("2026-11-23T10:00:00"))
    # WHEN processed 5 minutes after it was queued (19:03 local): the window has closed
    outcome = occurrence.process(queued, FakeLookup(item), wall_clock=lambda: utc("2026-11-23T10:05:00"))
    assert outcome == occurrence.WAITING and world["sent"] == []


@pytest.mark.parametrize("who", ["optician", "customer"])
def test_an_erased_customer_or_optician_gets_nothing(world, who):
    item = item_due(utc("2026-03-30T07:00:00"))
    lookup = FakeLookup(item, **{who: None})
    assert occurrence.process(message(item, utc("2026-03-30T07:05:00")), lookup) == occurrence.GONE
    assert world["sent"] == []
    # the item leaves the due index (deleted when only its customer is gone), or every run queues it again
    assert world["dropped"] == [{"occurrence": item["occurrence"], "due_at": item["due_at"],
                                 "delete": who == "customer"}]


@pytest.mark.parametrize("refused, outcome", [((0,), "gone"), ((1,), "stale"), ((0, 1), "gone")])
def test_a_send_refused_by_its_preconditions_is_gone_or_stale_and_not_advanced(world, refused, outcome):
    from chalicelib.services.messaging.send import Stale

    item = item_due(utc("2026-03-30T07:00:00"))
    world["send_error"] = Stale("key", refused)
    assert occurrence.process(message(item, utc("2026-03-30T07:05:00")), FakeLookup(item)) == outcome
    assert world["handler"].advanced == []


def test_nothing_to_send_still_advances(world):
    world["handler"] = FakeHandler(message=None)
    item = item_due(utc("2026-03-30T07:00:00"))
    assert occurrence.process(message(item, utc("2026-03-30T07:05:00")), FakeLookup(item)) == occurrence.NOTHING
    assert world["sent"] == [] and len(world["handler"].advanced) == 1


def test_a_permanent_failure_is_recorded_by_the_send_path_and_the_series_moves_on(world):
    world["status"] = "failed"
    item = item_due(utc("2026-03-30T07:00:00"))
    assert occurrence.process(message(item, utc("2026-03-30T07:05:00")), FakeLookup(item)) == "failed"
    assert len(world["handler"].advanced) == 1


@pytest.mark.parametrize("error_name", ["TransientSendError", "SendInProgress"])
def test_a_transient_error_or_a_concurrent_send_raises_for_a_retry_without_advancing(world, error_name):
    from chalicelib.services.messaging import send

    world["send_error"] = getattr(send, error_name)("x")
    item = item_due(utc("2026-03-30T07:00:00"))
    with pytest.raises(getattr(send, error_name)):
        occurrence.process(message(item, utc("2026-03-30T07:05:00")), FakeLookup(item))
    assert world["handler"].advanced == []


def test_advance_refused_because_someone_else_advanced_is_not_an_error(world):
    # The store's own refusal (what it counts as one: tests/integration/test_occurrence_items_contract.py)
    world["handler"] = FakeHandler(advance_error=ConditionFailed())
    item = item_due(utc("2026-03-30T07:00:00"))
    assert occurrence.process(message(item, utc("2026-03-30T07:05:00")), FakeLookup(item)) == "sent"


def test_any_other_advance_error_is_raised_for_a_retry(world):
    world["handler"] = FakeHandler(advance_error=RuntimeError("boom"))
    item = item_due(utc("2026-03-30T07:00:00"))
    with pytest.raises(RuntimeError):
        occurrence.process(message(item, utc("2026-03-30T07:05:00")), FakeLookup(item))


def test_an_item_of_an_unknown_kind_is_not_dropped_silently(monkeypatch):
    from chalicelib.services.scheduling import registry

    item = {**item_due(utc("2026-03-30T07:00:00")), "sk": "REMINDER#unknown#x"}
    with pytest.raises(registry.UnknownKind):
        occurrence.process(DueMessage(PK, "REMINDER#unknown#x", item["due_at"], utc("2026-03-30T07:05:00")),
                           FakeLookup(item))


def test_the_advance_goes_with_the_final_record_and_is_not_made_twice(world):
    # A handler with advance_write hands the send path its next occurrence; made there, the
    # handler's own advance is not called again.
    handler = FakeHandler()
    handler.advance_write = lambda optician, item, now: ("next occurrence of", item["occurrence"])
    world["handler"], world["follow_up_made"] = handler, True
    item = item_due(utc("2026-03-30T07:00:00"))

    assert occurrence.process(message(item, utc("2026-03-30T07:05:00")), FakeLookup(item)) == "sent"

    assert world["writes"][0]["follow_up"] == ("next occurrence of", "2026-03-30")
    assert handler.advanced == []


def test_an_advance_the_send_path_could_not_make_runs_on_its_own(world):
    handler = FakeHandler()
    handler.advance_write = lambda optician, item, now: "write"
    world["handler"], world["follow_up_made"] = handler, False  # refused there (the optician edited it)
    item = item_due(utc("2026-03-30T07:00:00"))

    occurrence.process(message(item, utc("2026-03-30T07:05:00")), FakeLookup(item))

    assert len(handler.advanced) == 1


def test_coordination_guards_go_to_the_send_path_and_a_taken_slot_is_recorded_skipped_and_advances(world):
    from chalicelib.services.scheduling.registry import Outgoing
    from chalicelib.services.messaging.send import Preempted

    world["handler"] = FakeHandler(message=Outgoing("control_reminder", {}, guards=("slot",)))
    item = item_due(utc("2026-03-30T07:00:00"))
    assert occurrence.process(message(item, utc("2026-03-30T07:05:00")), FakeLookup(item)) == "sent"
    assert world["writes"][0]["guards"] == ("slot",)

    world["send_error"] = Preempted("taken")
    assert occurrence.process(message(item, utc("2026-03-30T07:05:00")), FakeLookup(item)) == occurrence.PREEMPTED
    assert len(world["handler"].advanced) == 2
    # not dropped silently: recorded skipped under the occurrence's own key (SPEC §4, §6)
    assert world["recorded"] == [{"kind": "control_reminder", "key": f"{SK}#2026-03-30", "status": "skipped",
                                  "reason": "coordinated", "follow_up": None}]


def test_an_occurrence_the_handler_passes_over_is_recorded_skipped_not_sent_and_advances(world):
    from chalicelib.services.scheduling.registry import Outgoing

    handler = FakeHandler(message=Outgoing("lens_exchange_reminder", {}, skipped="superseded"))
    handler.advance_write = lambda optician, item, now: "write"
    world["handler"] = handler
    item = item_due(utc("2026-03-30T07:00:00"))
    now = utc("2026-03-30T07:05:00")

    assert occurrence.process(message(item, now), FakeLookup(item)) == "skipped"

    assert world["sent"] == [] and handler.asked_at == now  # the handler decides on the run's "now"
    assert world["recorded"] == [{"kind": "lens_exchange_reminder", "key": f"{SK}#2026-03-30",
                                  "status": "skipped", "reason": "superseded", "follow_up": "write"}]
    assert len(handler.advanced) == 1  # the fake record did not make the follow-up


def test_past_the_spend_limit_it_is_recorded_failed_once_a_month_and_due_again_next_month(world):
    from decimal import Decimal

    from chalicelib.services.messaging.send import SpendLimitReached

    # GIVEN an occurrence due Monday 30 March and the optician's SMS spend limit reached
    item = item_due(utc("2026-03-30T07:00:00"))
    now = utc("2026-03-30T07:05:00")
    world["send_error"] = SpendLimitReached(Decimal("300.00"))
    # WHEN it is processed
    outcome = occurrence.process(message(item, now), FakeLookup(item))
    # THEN it is recorded failed / limit_reached under a key of its own for March (not the occurrence's)
    assert outcome == occurrence.LIMIT_DEFERRED
    assert [(r["key"], r["status"], r["reason"], r["detail"]) for r in world["recorded"]] == [
        (f"{SK}#2026-03-30#limit#2026-03", "failed", "limit_reached", "300.00")]
    # AND the same occurrence is due again when April's first window opens (Wed 1 April, 09:00 Zurich)
    assert world["moves"] == [{"occurrence": "2026-03-30", "expected": item["due_at"],
                               "new": due_at(utc("2026-04-01T07:00:00"))}]
    assert world["handler"].advanced == []
