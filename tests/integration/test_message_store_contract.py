"""The message store's contract, run against the adapter on emulated DynamoDB and the in-memory fake
(tests/fakes/messages.py), so the unit tests of the send path, the history and the receipts on the
fake (tests/unit/test_send_service.py, test_history_service.py) say what the adapter does. Writes of
other stores that go into its transactions (coordination slots, the daily cap, the spend limit) come
from the same world: the adapters, or their fakes."""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Callable

import pytest

from chalicelib.domain.errors import ClaimTaken, GuardRefused, LimitReached, PreconditionFailed
from chalicelib.domain.message import Claim, Message, MonthUsage
from tests.fakes.coordination import InMemoryCoordination
from tests.fakes.counters import FakeWrite, InMemoryCounters
from tests.fakes.messages import InMemoryMessages

OID, CID = "opt_1", "cus_1"
CREATED = "2026-03-02T09:00:00.000000+00:00"
EXPIRES = 2_000_000_000
LIMIT = Decimal("0.30")


@dataclass
class World:
    store: Any
    coordination: Any
    counters: Any
    pointers: Any
    missing_customer: Callable[[], Any]  # a precondition that does not hold


@pytest.fixture(params=["dynamodb", "memory"])
def world(request) -> World:
    if request.param == "memory":
        store = InMemoryMessages()
        return World(store, InMemoryCoordination(), InMemoryCounters(), store.pointers,
                     lambda: FakeWrite(lambda: None, check=lambda: False))
    request.getfixturevalue("aws")
    from chalicelib.adapters.dynamo import coordination, counters, customers, messages, receipt_pointers

    return World(messages, coordination, counters, receipt_pointers, lambda: customers.exists_check(OID, "cus_gone"))


def record(n: int = 1, **fields: Any) -> Message:
    values: dict[str, Any] = dict(id=f"msg_{n}", customer_id=CID, kind="webshop_login", topic="marketing",
                                  trigger="manual", status="pending", created_at=CREATED.replace("09:00", f"09:{n:02d}"),
                                  updated_at=CREATED, channel="sms", to="+41791234567", text="Hallo …/l/•••",
                                  parts=1, cost_chf=Decimal("0.12"))
    values.update(fields)
    return Message(**values)


def claim(world: World, message: Message, key: str = "k1", **kwargs: Any) -> tuple[str, bool]:
    sk = world.store.message_sk(message.created_at, message.id)
    kwargs.setdefault("status", "pending")
    return sk, world.store.claim(OID, CID, key, sk, message, attempt="a1", lease_until=EXPIRES, **kwargs)


def nothing_written(world: World, key: str, message: Message) -> bool:
    sk = world.store.message_sk(message.created_at, message.id)
    return world.store.get_claim(OID, CID, key) is None and world.store.get_message(OID, CID, sk) is None


def test_a_claimed_record_reads_back_as_written_with_its_claim(world):
    message = record()
    spend = world.store.spend_write(OID, "2026-03", Decimal("0.12"), LIMIT)

    sk, made = claim(world, message, limits=[(spend, "limit_reached")], reserved=("2026-03", Decimal("0.12")))

    assert made is False  # no follow-up asked for
    assert world.store.get_message(OID, CID, sk) == message
    assert world.store.get_claim(OID, CID, "k1") == Claim(status="pending", message_sk=sk, attempt="a1",
                                                          lease_until=EXPIRES, reserved_chf=Decimal("0.12"),
                                                          reserved_month="2026-03")
    assert world.store.get_usage(OID, "2026-03") == MonthUsage(sms_cost_chf=Decimal("0.12"))
    assert world.store.get_usage(OID, "2026-04") == MonthUsage()


def test_a_used_key_is_claimed_once(world):
    first = record(1)
    claim(world, first)

    with pytest.raises(ClaimTaken):
        claim(world, record(2))
    assert nothing_written(world, "other", record(2)) and world.store.get_claim(OID, CID, "k1").message_sk.endswith(
        "#msg_1")


def test_a_refused_precondition_limit_or_guard_writes_nothing_at_all(world):
    world.coordination.claim(OID, CID, "SLOT", "someone else", EXPIRES)
    spend = world.store.spend_write(OID, "2026-03", Decimal("0.12"), LIMIT)
    free_slot = world.coordination.claim_write(OID, CID, "FREE", "me", EXPIRES)
    cap = world.counters.daily_cap_write(OID, CID, "2026-03-02", 1, EXPIRES)

    with pytest.raises(PreconditionFailed) as stale:
        claim(world, record(), preconditions=[world.missing_customer()], limits=[(spend, "limit_reached")],
              guards=[free_slot])
    assert stale.value.refused == (0,)
    with pytest.raises(GuardRefused):
        claim(world, record(), limits=[(cap, "daily_cap_reached")],
              guards=[free_slot, world.coordination.claim_write(OID, CID, "SLOT", "me", EXPIRES)])

    assert nothing_written(world, "k1", record())
    assert world.store.get_usage(OID, "2026-03") == MonthUsage()
    assert world.coordination.owner_of(OID, CID, "FREE") is None
    assert world.counters.daily_cap_write(OID, CID, "2026-03-02", 1, EXPIRES).make() is True  # not taken before


def test_a_limit_refuses_with_its_reason_and_the_spend_stays_within_the_limit(world):
    claim(world, record(1), key="k1", limits=[(world.store.spend_write(OID, "2026-03", Decimal("0.24"), LIMIT),
                                              "limit_reached")])

    with pytest.raises(LimitReached) as refused:
        claim(world, record(2), key="k2", limits=[
            (world.counters.daily_cap_write(OID, CID, "2026-03-02", 5, EXPIRES), "daily_cap_reached"),
            (world.store.spend_write(OID, "2026-03", Decimal("0.12"), LIMIT), "limit_reached")])

    assert refused.value.reason == "limit_reached" and nothing_written(world, "k2", record(2))
    assert world.store.get_usage(OID, "2026-03").sms_cost_chf == Decimal("0.24")
    # exactly at the limit is still within it
    claim(world, record(3), key="k3", limits=[(world.store.spend_write(OID, "2026-03", Decimal("0.06"), LIMIT),
                                              "limit_reached")])
    assert world.store.get_usage(OID, "2026-03").sms_cost_chf == Decimal("0.30")


def test_finishing_makes_the_record_final_counts_it_once_and_points_receipts_at_it(world):
    message = record()
    sk, _ = claim(world, message)
    changes = {"status": "sent", "updated_at": "2026-03-02T09:01:05.000000+00:00",
               "sent_at": "2026-03-02T09:01:05.000000+00:00", "provider_message_id": "sns-1", "reason": None}

    made = world.store.finish(OID, CID, "k1", sk, "a1", changes, {"sms_messages": 1, "sms_parts": 1}, "2026-03",
                              channel="sms", kind="webshop_login")

    assert made is False
    assert world.store.get_message(OID, CID, sk) == replace(message, **changes)
    assert world.store.get_claim(OID, CID, "k1").status == world.store.DONE
    assert world.store.get_usage(OID, "2026-03") == MonthUsage(sms_messages=1, sms_parts=1)
    assert world.pointers.find("sns-1", "sms") == {"optician_id": OID, "customer_id": CID, "message_sk": sk,
                                                  "kind": "webshop_login", "channel": "sms"}
    with pytest.raises(ClaimTaken):  # a second worker finishing the same claim
        world.store.finish(OID, CID, "k1", sk, "a1", changes, {"sms_messages": 1}, "2026-03", channel="sms",
                           kind="webshop_login")
    assert world.store.get_usage(OID, "2026-03").sms_messages == 1


def test_only_the_worker_holding_the_claim_finishes_it(world):
    sk, _ = claim(world, record())

    with pytest.raises(ClaimTaken):
        world.store.finish(OID, CID, "k1", sk, "another worker", {"status": "sent"}, None, None, kind="webshop_login")
    assert world.store.get_message(OID, CID, sk).status == "pending"


def test_a_follow_up_goes_with_the_final_record_or_the_record_goes_alone(world):
    world.coordination.claim(OID, CID, "NEXT#2", "someone else", EXPIRES)

    _, made = claim(world, record(1, status="skipped"), key="k1", status=world.store.DONE,
                    follow_up=world.coordination.claim_write(OID, CID, "NEXT#1", "me", EXPIRES))
    sk, refused = claim(world, record(2, status="skipped"), key="k2", status=world.store.DONE,
                        follow_up=world.coordination.claim_write(OID, CID, "NEXT#2", "me", EXPIRES))

    assert made is True and world.coordination.owner_of(OID, CID, "NEXT#1") == "me"
    assert refused is False and world.coordination.owner_of(OID, CID, "NEXT#2") == "someone else"
    assert world.store.get_message(OID, CID, sk).status == "skipped"


def test_a_released_claim_frees_the_key_and_takes_back_what_went_with_it(world):
    spend = world.store.spend_write(OID, "2026-03", Decimal("0.12"), LIMIT)
    sk, _ = claim(world, record(), limits=[(spend, "limit_reached")])

    world.store.release(OID, CID, "k1", sk, "a1", writes=(world.store.refund_write(OID, "2026-03", Decimal("0.12")),))

    assert nothing_written(world, "k1", record())
    assert world.store.get_usage(OID, "2026-03").sms_cost_chf == Decimal("0")
    claim(world, record())  # the key is free again: a retry starts afresh
    assert world.store.get_claim(OID, CID, "k1").status == "pending"


def test_an_abandoned_claim_is_closed_failed_and_gives_its_spend_back(world):
    spend = world.store.spend_write(OID, "2026-03", Decimal("0.12"), LIMIT)
    sk, _ = claim(world, record(), limits=[(spend, "limit_reached")])

    world.store.abandon(OID, CID, "k1", sk, "a1", {"status": "failed", "reason": "interrupted",
                                                  "cost_chf": Decimal("0"), "updated_at": CREATED},
                        {"sms_cost_chf": Decimal("-0.12")}, "2026-03")

    closed = world.store.get_message(OID, CID, sk)
    assert (closed.status, closed.reason, closed.cost_chf) == ("failed", "interrupted", Decimal("0"))
    assert world.store.get_usage(OID, "2026-03").sms_cost_chf == Decimal("0")
    assert world.store.get_claim(OID, CID, "k1").status == world.store.DONE


def test_the_history_is_listed_newest_first_filtered_and_paged(world):
    for n, (kind, status) in enumerate([("webshop_login", "skipped"), ("webapp_install", "failed"),
                                        ("webshop_login", "failed"), ("webshop_login", "skipped")], start=1):
        claim(world, record(n, kind=kind, status=status), key=f"k{n}", status=world.store.DONE)

    newest_first = world.store.list_all(OID, CID)
    first, cursor = world.store.list_page(OID, CID, kind=None, status=None, limit=3, cursor=None)
    rest, end = world.store.list_page(OID, CID, kind=None, status=None, limit=3, cursor=cursor)
    logins, _ = world.store.list_page(OID, CID, kind="webshop_login", status="failed", limit=10, cursor=None)

    assert [m.id for m in newest_first] == ["msg_4", "msg_3", "msg_2", "msg_1"]
    assert [m.id for m in first] == ["msg_4", "msg_3", "msg_2"] and cursor
    assert [m.id for m in rest] == ["msg_1"] and end is None
    assert [m.id for m in logins] == ["msg_3"]
    assert world.store.list_all(OID, "cus_other") == []


def test_receipts_move_a_sent_record_forward_only(world):
    sk, _ = claim(world, record())
    world.store.finish(OID, CID, "k1", sk, "a1", {"status": "sent", "provider_message_id": "sns-1"}, None, None,
                       channel="sms", kind="webshop_login")

    def receipt(outcome: str, reason: str | None = None, detail: str | None = None) -> bool:
        return world.store.apply_outcome(OID, CID, sk, outcome, reason=reason, detail=detail,
                                         at="2026-03-02T09:02:00Z", now="2026-03-02T09:02:05+00:00",
                                         kind="webshop_login", channel="sms")

    assert receipt("delivered") is True and receipt("delivered") is False
    assert world.store.get_message(OID, CID, sk).delivered_at == "2026-03-02T09:02:00Z"
    assert receipt("failed", "bounced", "Permanent") is True
    failed = world.store.get_message(OID, CID, sk)
    assert (failed.status, failed.reason, failed.reason_detail, failed.failed_at, failed.updated_at) == (
        "failed", "bounced", "Permanent", "2026-03-02T09:02:00Z", "2026-03-02T09:02:05+00:00")
    assert receipt("delivered") is False and receipt("failed", "bounced") is False
    assert world.store.apply_outcome(OID, CID, "MESSAGE#gone", "delivered", reason=None, detail=None, at="x",
                                     now="y") is False
    with pytest.raises(ValueError):
        receipt("opened")
