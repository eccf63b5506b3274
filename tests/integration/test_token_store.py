"""The token store's contract, held by the DynamoDB adapter (on moto) and by the in-memory fake
the unit tests use (tests/fakes/links.py): a fake that drifted from the adapter fails here."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.fakes.links import InMemoryTokens, Transactions

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["dynamodb", "in_memory"])
def stores(request):
    """(token store, transactions) of one kind."""
    if request.param == "in_memory":
        return InMemoryTokens(), Transactions()
    request.getfixturevalue("aws")
    from chalicelib.adapters.dynamo import links, transactions

    return links, transactions


def stored(stores, customer_id: str, kind: str, token: str, purpose: str = "login") -> None:
    store, transactions = stores
    transactions.execute(store.token_writes("opt_a", customer_id, kind, token, purpose, created_at=NOW,
                                            expires_at=NOW + timedelta(days=30)))


def test_a_stored_token_is_found_by_its_optician_and_kind_only(stores):
    store, _ = stores
    stored(stores, "cus_1", "LINK", "t" * 22, "reorder")

    found = store.find("opt_a", "LINK", "t" * 22)
    assert (found["customer_id"], found["purpose"]) == ("cus_1", "reorder")
    assert found["expires_at"] == NOW + timedelta(days=30)
    assert store.find("opt_b", "LINK", "t" * 22) is None and store.find("opt_a", "UNSUB", "t" * 22) is None


def test_revoking_one_or_all_of_a_customer_s_tokens_of_a_kind(stores):
    store, _ = stores
    for customer_id, kind, token in (("cus_1", "LINK", "a" * 22), ("cus_1", "LINK", "b" * 22),
                                     ("cus_1", "UNSUB", "c" * 22), ("cus_2", "LINK", "d" * 22)):
        stored(stores, customer_id, kind, token)

    store.revoke("opt_a", "cus_1", "LINK", "a" * 22)
    assert store.find("opt_a", "LINK", "a" * 22) is None
    assert store.revoke_all("opt_a", "cus_1", "LINK") == 1
    assert store.find("opt_a", "LINK", "b" * 22) is None
    assert store.find("opt_a", "UNSUB", "c" * 22) is not None and store.find("opt_a", "LINK", "d" * 22) is not None
