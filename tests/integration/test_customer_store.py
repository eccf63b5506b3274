"""The customer store's contract, held by the DynamoDB adapter (on moto) and by the in-memory fake
the unit tests use (tests/fakes/customers.py): a fake that drifted from the adapter fails here."""
from __future__ import annotations

import pytest

from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import NotFound, ValidationError
from tests.fakes.customers import InMemoryCustomers

ANNA = Customer("cus_1", "Anna", "Müller", salutation="Frau", mobile="+41791234567", email="anna.mueller@example.ch",
                preferred_channel="email", topics={"repurchase": True, "marketing": False})
BEN = Customer("cus_2", "Ben", "Brunner", mobile="+41797654321")
CARLA = Customer("cus_3", "Carla", "Mulder", email="carla@example.ch", language="fr")


@pytest.fixture(params=["dynamodb", "in_memory"])
def store(request):
    if request.param == "in_memory":
        return InMemoryCustomers()
    request.getfixturevalue("aws")
    from chalicelib.adapters.dynamo import customers

    return customers


def _without_stamps(customer: Customer) -> Customer:
    from dataclasses import replace

    return replace(customer, created_at="", updated_at="")


def test_a_customer_is_read_back_as_stored_by_their_optician_only(store):
    stored = store.create("opt_a", ANNA)

    assert _without_stamps(stored) == ANNA and stored.created_at == stored.updated_at != ""
    assert store.get("opt_a", "cus_1") == stored
    assert store.get("opt_b", "cus_1") is None and store.get("opt_a", "cus_2") is None
    assert not stored.email_blocked and stored.email_blocked_reason is None


def test_an_update_writes_the_given_fields_and_switches_and_keeps_the_rest(store):
    store.create("opt_a", ANNA)

    changed = store.update("opt_a", "cus_1", {"last_name": "Meier", "salutation": None}, topics={"marketing": True})

    assert (changed.last_name, changed.salutation) == ("Meier", None)
    assert changed.topics == {"repurchase": True, "marketing": True}  # the switch not given stays
    assert (changed.first_name, changed.mobile, changed.email, changed.preferred_channel) == (
        "Anna", ANNA.mobile, ANNA.email, "email")
    assert store.get("opt_a", "cus_1") == changed
    only_topics = store.update("opt_a", "cus_1", {}, topics={"repurchase": False}, current=changed)
    assert only_topics.topics == {"repurchase": False, "marketing": True} and only_topics.last_name == "Meier"


def test_an_update_of_a_customer_that_does_not_exist_never_creates_them(store):
    store.create("opt_a", ANNA)
    store.erase("opt_a", "cus_1")

    with pytest.raises(NotFound) as refused:
        store.update("opt_a", "cus_1", {"first_name": "Anna"})
    assert refused.value.field == "customer_id"
    with pytest.raises(NotFound):
        store.update("opt_b", "cus_1", {}, topics={"marketing": True})
    assert store.get("opt_a", "cus_1") is None and store.get("opt_b", "cus_1") is None


def test_an_address_is_blocked_only_while_it_is_the_customers_and_a_new_one_lifts_the_block(store):
    store.create("opt_a", ANNA)

    assert store.set_email_blocked("opt_a", "cus_1", "bounce: Permanent", address="old@example.ch") is False
    assert store.get("opt_a", "cus_1").email_blocked is False
    assert store.set_email_blocked("opt_a", "cus_1", "bounce: Permanent", address=ANNA.email) is True
    blocked = store.get("opt_a", "cus_1")
    assert (blocked.email_blocked, blocked.email_blocked_reason) == (True, "bounce: Permanent")
    assert store.set_email_blocked("opt_a", "cus_9", "bounce: Permanent") is False  # no such customer

    renamed = store.update("opt_a", "cus_1", {"first_name": "Anna-Lena"})
    assert renamed.email_blocked is True  # another field: the address stays blocked
    moved = store.update("opt_a", "cus_1", {"email": "anna@example.org"})
    assert (moved.email_blocked, moved.email_blocked_reason) == (False, None)
    store.set_email_blocked("opt_a", "cus_1", "complaint: abuse")
    assert store.set_email_blocked("opt_a", "cus_1", None) is True
    assert (store.get("opt_a", "cus_1").email_blocked, store.get("opt_a", "cus_1").email_blocked_reason) == (False, None)


def _all_pages(store, optician_id: str, words: list[str], limit: int) -> list[list[str]]:
    pages, cursor = [], None
    while True:
        items, cursor = store.list_page(optician_id, words=words, limit=limit, cursor=cursor)
        pages.append([customer.id for customer in items])
        if cursor is None:
            return pages


def test_without_words_every_customer_is_listed_by_id_a_page_at_a_time(store):
    for customer in (CARLA, ANNA, BEN):
        store.create("opt_a", customer)
    store.create("opt_b", Customer("cus_0", "Dora", "Dorn", mobile="+41790000000"))

    assert _all_pages(store, "opt_a", [], 2) == [["cus_1", "cus_2"], ["cus_3"]]
    assert _all_pages(store, "opt_a", [], 3) == [["cus_1", "cus_2", "cus_3"]]  # a full last page: no cursor


def test_words_find_customers_by_the_beginnings_of_their_keys_in_key_order(store):
    for customer in (ANNA, BEN, CARLA):
        store.create("opt_a", customer)

    # "mul" begins "muller"/"mulder"; Anna's first key for it ("mueller" does not begin with it) comes
    # before Carla's ("mulder" < "muller")
    assert _all_pages(store, "opt_a", ["mul"], 25) == [["cus_3", "cus_1"]]
    # a full page of a search has a cursor even when nothing follows (the index was read until it filled)
    assert _all_pages(store, "opt_a", ["mul"], 1) == [["cus_3"], ["cus_1"], []]
    assert _all_pages(store, "opt_a", ["mu", "anna"], 25) == [["cus_1"]]
    assert _all_pages(store, "opt_a", ["0797654321"], 25) == [["cus_2"]]
    assert _all_pages(store, "opt_b", ["mul"], 25) == [[]]


def test_a_search_follows_changes_and_erasure(store):
    store.create("opt_a", ANNA)
    store.update("opt_a", "cus_1", {"last_name": "Keller"})

    assert _all_pages(store, "opt_a", ["mul"], 25) == [[]]
    assert _all_pages(store, "opt_a", ["kel"], 25) == [["cus_1"]]
    store.erase("opt_a", "cus_1")
    assert _all_pages(store, "opt_a", ["kel"], 25) == [[]] and _all_pages(store, "opt_a", [], 25) == [[]]
    assert store.get("opt_a", "cus_1") is None


def test_a_cursor_of_another_optician_or_list_is_refused(store):
    for customer in (ANNA, BEN, CARLA):
        store.create("opt_a", customer)
    _, cursor = store.list_page("opt_a", words=[], limit=1, cursor=None)
    _, search_cursor = store.list_page("opt_a", words=["mul"], limit=1, cursor=None)

    for optician_id, words, foreign in (("opt_b", [], cursor), ("opt_a", ["mul"], cursor),
                                        ("opt_a", [], search_cursor)):
        with pytest.raises(ValidationError) as refused:
            store.list_page(optician_id, words=words, limit=1, cursor=foreign)
        assert refused.value.field == "cursor"
