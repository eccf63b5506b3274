"""The scheduled items' contract (services/ports/occurrence_items.py) on emulated DynamoDB and in memory
(tests/fakes/occurrence_items.py), so the scheduler's unit tests on the fake say what the adapter does:
what the due index offers and in which order, the moves that hold only while the read occurrence is
pending, and the batch read of items with their owners."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

import pytest

from chalicelib.adapters.dynamo import due
from chalicelib.domain.customer import Customer
from chalicelib.domain.optician import OpticianSettings
from tests.fakes.occurrence_items import InMemoryScheduledItems

NOW = datetime(2026, 3, 30, 7, 5, tzinfo=timezone.utc)
OID = "opt_a"
CUSTOMER = {"first_name": "Anna", "last_name": "Muster", "language": "de", "preferred_channel": "sms"}
OPTICIAN = OpticianSettings(id=OID, name="Optik Aare", sender_name="Optik Aare", timezone="Europe/Zurich")


def key(n: int, optician_id: str = OID) -> tuple[str, str]:
    return f"OPT#{optician_id}#CUST#cus_{n}", f"REMINDER#repurchase#rem_{n}"


def scheduled(n: int, instant: datetime | None, occurrence: str = "2026-03-30") -> dict[str, Any]:
    pk, sk = key(n)
    item: dict[str, Any] = {"pk": pk, "sk": sk, "kind": "repurchase", "occurrence": occurrence}
    if instant is not None:
        item.update(due.due_attributes(pk, sk, instant))
    return item


@dataclass
class World:
    store: Any
    put: Callable[[dict[str, Any]], None]
    add_optician: Callable[[OpticianSettings], None]
    add_customer: Callable[[str, str], None]
    holds: Callable[[Any], bool]  # whether a ConditionCheck passes now
    refusal: Callable[[], BaseException]  # the error the store's client raises for a refused condition


@pytest.fixture(params=["dynamodb", "memory"])
def world(request) -> World:
    if request.param == "memory":
        fake = InMemoryScheduledItems()

        def add_customer(optician_id: str, customer_id: str) -> None:
            fake.customers[(optician_id, customer_id)] = Customer(customer_id, **CUSTOMER)

        return World(fake, fake.put, lambda settings: fake.opticians.__setitem__(settings.id, settings),
                     add_customer, lambda check: check.holds(), lambda: fake.ConditionFailed())
    request.getfixturevalue("aws")
    from boto3.dynamodb.types import TypeSerializer
    from botocore.exceptions import ClientError

    from chalicelib.adapters.dynamo import customers, occurrence_items, opticians, transactions
    from chalicelib.config import get_config

    def put(item: dict[str, Any]) -> None:
        serialize = TypeSerializer().serialize
        occurrence_items.get_dynamodb_client().put_item(
            TableName=get_config().table_name, Item={name: serialize(value) for name, value in item.items()})

    def holds(check: Any) -> bool:
        try:
            transactions.execute([check])
        except transactions.Cancelled:
            return False
        return True

    return World(occurrence_items, put, lambda settings: opticians.create(settings, "whsec_x"),
                 lambda optician_id, customer_id: customers.create(optician_id, Customer(customer_id, **CUSTOMER)),
                 holds, lambda: ClientError({"Error": {"Code": "ConditionalCheckFailedException"}}, "UpdateItem"))


def test_an_item_is_read_back_as_stored_and_a_missing_one_is_none(world):
    stored = scheduled(1, NOW)
    world.put(stored)
    assert world.store.get(*key(1)) == stored
    assert world.store.get(*key(2)) is None


def test_the_owner_of_a_customer_partition_key(world):
    assert world.store.owner_of("OPT#opt_a#CUST#cus_1") == ("opt_a", "cus_1")
    assert world.store.owner_of("OPT#opt_a") is None  # the optician's own partition
    assert world.store.owner_of("OPT##CUST#cus_1") is None and world.store.owner_of("OPT#opt_a#CUST#") is None


def test_a_shard_offers_exactly_its_items_due_by_the_bound_oldest_first(world):
    for n in range(12):
        world.put(scheduled(n, NOW - timedelta(minutes=n)))
    world.put(scheduled(20, NOW + timedelta(seconds=1)))  # due a second later
    world.put(scheduled(21, None))  # inactive: not in the index
    bound = due.due_upper_bound(NOW)
    offered = [entry for shard in due.all_shards() for entry in world.store.query_due(shard, bound).keys]
    assert sorted((pk, sk) for pk, sk, _ in offered) == sorted(key(n) for n in range(12))
    for shard in due.all_shards():
        instants = [due.parse_due_at(due_at) for _, _, due_at in world.store.query_due(shard, bound).keys]
        assert instants == sorted(instants)


def test_a_shard_is_read_in_pages_that_end_where_the_next_starts(world):
    shard = due.shard_of(*key(0))
    mine = [n for n in range(40) if due.shard_of(*key(n)) == shard][:3]
    for n in mine:
        world.put(scheduled(n, NOW - timedelta(minutes=n)))
    assert len(mine) == 3
    bound, seen, start, pages = due.due_upper_bound(NOW), [], None, 0
    while True:
        page = world.store.query_due(shard, bound, limit=2, start_key=start)
        pages += 1
        assert len(page.keys) <= 2
        seen += [(pk, sk) for pk, sk, _ in page.keys]
        start = page.next_key
        if not start:
            break
    assert pages == 2 and seen == [key(n) for n in sorted(mine, reverse=True)]  # oldest first, each once


def test_due_at_moves_only_while_the_read_occurrence_and_due_at_are_pending(world):
    stored = scheduled(1, NOW)
    world.put(stored)
    later = due.due_attributes(*key(1), NOW + timedelta(hours=2))["due_at"]
    assert world.store.move_due(*key(1), occurrence="2026-03-29", expected_due_at=stored["due_at"],
                                new_due_at=later) is False
    assert world.store.move_due(*key(1), occurrence="2026-03-30", expected_due_at=later, new_due_at=later) is False
    assert world.store.get(*key(1))["due_at"] == stored["due_at"]
    assert world.store.move_due(*key(1), occurrence="2026-03-30", expected_due_at=stored["due_at"],
                                new_due_at=later) is True
    assert world.store.get(*key(1)) == {**stored, "due_at": later}
    assert world.store.move_due(*key(2), occurrence="2026-03-30", expected_due_at=later, new_due_at=later) is False


def test_the_pending_check_holds_until_the_item_moves_on(world):
    stored = scheduled(1, NOW)
    world.put(stored)
    check = world.store.still_pending_check(*key(1), occurrence="2026-03-30", due_at=stored["due_at"])
    assert world.holds(check) is True
    assert world.holds(world.store.still_pending_check(*key(1), occurrence="2026-03-31",
                                                       due_at=stored["due_at"])) is False
    world.store.move_due(*key(1), occurrence="2026-03-30", expected_due_at=stored["due_at"],
                         new_due_at=due.due_attributes(*key(1), NOW + timedelta(days=1))["due_at"])
    assert world.holds(check) is False


@pytest.mark.parametrize("delete", [True, False])
def test_an_orphan_leaves_the_index_only_as_it_was_read(world, delete):
    stored = scheduled(1, NOW)
    world.put(stored)
    assert world.store.drop_orphan(*key(1), occurrence="2026-03-31", due_at=stored["due_at"], delete=delete) is False
    assert world.store.get(*key(1)) == stored
    assert world.store.drop_orphan(*key(1), occurrence="2026-03-30", due_at=stored["due_at"], delete=delete) is True
    left = world.store.get(*key(1))
    if delete:
        assert left is None
    else:
        assert left == {"pk": stored["pk"], "sk": stored["sk"], "kind": "repurchase", "occurrence": "2026-03-30"}
        assert not [e for shard in due.all_shards()
                    for e in world.store.query_due(shard, due.due_upper_bound(NOW + timedelta(days=9))).keys]


def test_a_batch_read_finds_the_items_with_their_opticians_and_customers(world):
    world.add_optician(OPTICIAN)
    world.add_customer(OID, "cus_1")
    world.put(scheduled(1, NOW))
    world.put(scheduled(2, NOW))  # its customer was erased
    gone = key(3, optician_id="opt_gone")
    read = world.store.read_batch([key(1), key(2), gone, key(4)])
    assert read.items[key(1)] == scheduled(1, NOW) and read.items[key(2)] == scheduled(2, NOW)
    assert read.items[gone] is None and read.items[key(4)] is None
    assert read.opticians[OID] == OPTICIAN and read.opticians["opt_gone"] is None
    assert read.customers[(OID, "cus_1")].first_name == "Anna"
    assert read.customers[(OID, "cus_2")] is None and read.customers[("opt_gone", "cus_3")] is None


def test_a_refused_condition_is_told_from_any_other_error(world):
    assert world.store.is_condition_failure(world.refusal()) is True
    assert world.store.is_condition_failure(RuntimeError("throttled")) is False
