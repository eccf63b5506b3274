"""Which message a check-up or repurchase occurrence sends (services/scheduling/coordination.py), on
in-memory stores: one combined message when the other reminder is due within 3 days, each
occurrence claimed once, one message of a kind per customer and day. No moto: the slots are
tests/fakes/coordination.py (its contract: tests/integration/test_coordination_store.py) and the
customer's records tests/fakes/customer_partition.py (its contract: test_customer_partition_contract.py)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from chalicelib.domain.customer import Customer
from chalicelib.domain.optician import OpticianSettings
from chalicelib.domain.subscription import Subscription
from chalicelib.services import wiring
from chalicelib.services.scheduling import coordination
from chalicelib.services.scheduling.customer_records import CustomerRecords
from tests.fakes.coordination import InMemoryCoordination
from tests.fakes.customer_partition import InMemoryCustomerPartition, reminder_item

OID, CID = "opt_1", "cus_1"
TODAY = date(2026, 5, 1)
OPTICIAN = OpticianSettings(id=OID, name="Optik", sender_name="Optik", webshop_url="https://shop.example",
                            booking_url="https://book.example")
CUSTOMER = Customer(CID, "Anna", "Aebi")
CONTROL = reminder_item(OID, CID, "control", "ctl_1", occurrence="2026-05-01")


def repurchase(on: str, rid: str = "rr_1") -> dict:
    return reminder_item(OID, CID, "repurchase", rid, occurrence=on)


@pytest.fixture
def world():
    slots, partition = InMemoryCoordination(), InMemoryCustomerPartition()
    with wiring.override(coordination=slots, customer_partition=partition):
        yield slots, partition


def control_kind(optician=OPTICIAN, customer=CUSTOMER):
    return coordination.control_kind(optician, customer, CONTROL, TODAY, TODAY,
                                     CustomerRecords(OID, CID, find_product=lambda _: None))


def test_alone_it_sends_its_own_kind_guarded_by_its_occurrence_and_the_days_slot(world):
    slots, _ = world
    decision = control_kind()
    assert (decision.kind, decision.partner, decision.skipped) == ("control_reminder", None, None)
    assert slots.slots == {}  # the guards go with the send's claim, nothing is taken yet
    assert [guard.make() for guard in decision.guards] == [True, True]
    assert set(slots.slots) == {(OID, CID, "OCCURRENCE#REMINDER#control#ctl_1#2026-05-01"),
                                (OID, CID, "DAILY#control_reminder#2026-05-01")}


@pytest.mark.parametrize("partner_on", ["2026-04-28", "2026-05-04"])
def test_a_repurchase_reminder_within_three_days_is_merged_into_one_message(world, partner_on):
    slots, partition = world
    partition.add(OID, CID, reminders=(repurchase(partner_on),))
    decision = control_kind()
    assert (decision.kind, decision.partner) == ("repurchase_control_reminder", repurchase(partner_on))
    me = "REMINDER#control#ctl_1#2026-05-01"
    assert slots.owner_of(OID, CID, f"OCCURRENCE#REMINDER#repurchase#rr_1#{partner_on}") == me
    assert slots.owner_of(OID, CID, "DAILY#control_reminder#2026-05-01") == me


@pytest.mark.parametrize("partner_on", ["2026-04-27", "2026-05-05"])
def test_a_repurchase_reminder_four_days_away_is_not_merged(world, partner_on):
    _, partition = world
    partition.add(OID, CID, reminders=(repurchase(partner_on),))
    assert control_kind().kind == "control_reminder"


def test_of_two_partners_the_closer_one_is_merged(world):
    _, partition = world
    partition.add(OID, CID, reminders=(repurchase("2026-05-03", "rr_far"), repurchase("2026-04-30", "rr_near")))
    assert control_kind().partner == repurchase("2026-04-30", "rr_near")


def test_without_a_webshop_or_a_booking_contact_or_with_a_subscription_nothing_is_merged(world):
    _, partition = world
    partition.add(OID, CID, reminders=(repurchase("2026-05-02"),))
    assert control_kind(optician=replace(OPTICIAN, webshop_url=None)).kind == "control_reminder"
    assert control_kind(optician=replace(OPTICIAN, booking_url=None)).kind == "control_reminder"
    assert control_kind(customer=replace(CUSTOMER, topics={"repurchase": False})).kind == "control_reminder"
    partition.add(OID, CID, subscriptions=(Subscription(id="sub_1", customer_id=CID, lines=(), interval_weeks=12,
                                                     next_order_on=date(2026, 6, 1), delivery="home", active=True),))
    assert control_kind().kind == "control_reminder"


def test_an_occurrence_a_combined_message_already_covered_is_skipped_as_merged(world):
    slots, partition = world
    partition.add(OID, CID, reminders=(repurchase("2026-05-02"),))
    slots.claim(OID, CID, "OCCURRENCE#REMINDER#control#ctl_1#2026-05-01", "REMINDER#repurchase#rr_1#2026-05-02", 0)
    decision = control_kind()
    assert (decision.kind, decision.skipped) == ("control_reminder", coordination.MERGED)


def test_a_second_message_of_the_kind_on_the_same_day_is_skipped_as_coordinated(world):
    slots, partition = world
    partition.add(OID, CID, reminders=(repurchase("2026-05-02"),))
    slots.claim(OID, CID, "DAILY#control_reminder#2026-05-01", "REMINDER#control#ctl_2#2026-05-01", 0)
    decision = control_kind()
    assert (decision.kind, decision.skipped) == ("control_reminder", coordination.COORDINATED)


def test_a_partner_that_went_out_on_its_own_leaves_this_one_its_own_kind(world):
    slots, partition = world
    partition.add(OID, CID, reminders=(repurchase("2026-05-02"),))
    slots.claim(OID, CID, "OCCURRENCE#REMINDER#repurchase#rr_1#2026-05-02", "REMINDER#repurchase#rr_1#2026-05-02", 0)
    decision = control_kind()
    assert (decision.kind, decision.partner, decision.skipped) == ("control_reminder", None, None)


def test_the_reason_a_refused_occurrence_was_passed_over(world):
    slots, _ = world
    assert coordination.passed_over_reason(OID, CID, CONTROL) == coordination.COORDINATED
    slots.claim(OID, CID, "OCCURRENCE#REMINDER#control#ctl_1#2026-05-01", "REMINDER#repurchase#rr_1#2026-05-02", 0)
    assert coordination.passed_over_reason(OID, CID, CONTROL) == coordination.MERGED


def test_a_kind_that_never_merges_is_guarded_by_the_days_slot_of_its_scope(world):
    slots, _ = world
    item = {"sk": "SUBSCRIPTION#sub_1", "occurrence": "preannouncement#2026-05-08"}
    decision = coordination.simple_kind(OPTICIAN, CUSTOMER, item, "subscription_preannouncement", TODAY,
                                        scope="sub_1")
    assert [guard.make() for guard in decision.guards] == [True]
    assert list(slots.slots) == [(OID, CID, "DAILY#subscription_preannouncement#sub_1#2026-05-01")]


def test_only_a_pending_reminder_of_the_partner_kind_is_merged(world):
    _, partition = world
    partition.add(OID, CID, reminders=(reminder_item(OID, CID, "lens_exchange", "lx_1", occurrence="2026-05-01"),
                                       reminder_item(OID, CID, "repurchase", "rr_idle", occurrence=None)))
    assert control_kind().kind == "control_reminder"
    partition.add(OID, CID, reminders=(repurchase("2026-05-01"),))
    assert control_kind().partner == repurchase("2026-05-01")
