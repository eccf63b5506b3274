"""Personal webshop links (SPEC §4) on an in-memory token store: a link logs in for 30 days and is
then refused, only for its optician, revoked all at once per customer; only the hash is kept.
No moto: tests/fakes/links.py (the adapter's behaviour on DynamoDB: tests/integration/test_links_store.py)."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import NotFound, Unauthorized
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services import wiring
from chalicelib.services.links import links
from tests.fakes.links import InMemoryTokens, Transactions

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
OPTICIAN = OpticianSettings(id="opt_a", name="Optik", sender_name="Optik", webshop_url="https://shop.optik.ch/")


class Customers:
    def get(self, optician_id: str, customer_id: str) -> Customer | None:
        return Customer(customer_id, "Anna", "Aebi") if optician_id == "opt_a" and customer_id.startswith("cus_") else None


@pytest.fixture
def tokens():
    fake = InMemoryTokens()
    with wiring.override(links=fake, transactions=Transactions(), customers=Customers()):
        yield fake


def test_a_link_is_the_webshop_url_with_a_token_stored_only_as_its_hash(tokens):
    url, token = links.issue_link(OPTICIAN, "cus_1", "reorder", now=NOW)

    assert url == f"https://shop.optik.ch/l/{token}" and len(token) == links.TOKEN_LENGTH == 22
    assert [key[2] for key in tokens.items] == [hashlib.sha256(token.encode()).hexdigest()]
    assert links.resolve("opt_a", token, NOW)["purpose"] == "reorder"


def test_a_link_works_until_it_expires_and_only_for_its_optician(tokens):
    _, token = links.issue_link(OPTICIAN, "cus_1", "login", now=NOW)

    assert links.resolve("opt_a", token, NOW + timedelta(days=30) - timedelta(seconds=1))["customer_id"] == "cus_1"
    for optician_id, when in (("opt_a", NOW + timedelta(days=30)), ("opt_b", NOW)):
        with pytest.raises(Unauthorized):
            links.resolve(optician_id, token, when)


@pytest.mark.parametrize("token", [None, 42, "x" * 15, "x" * 129])
def test_a_malformed_token_is_refused_without_a_lookup(tokens, token):
    with pytest.raises(Unauthorized) as refused:
        links.resolve("opt_a", token, NOW)
    assert refused.value.message == "This link is unknown, expired or revoked."


def test_revoking_ends_every_link_of_the_customer_and_only_theirs(tokens):
    _, first = links.issue_link(OPTICIAN, "cus_1", "login", now=NOW)
    _, second = links.issue_link(OPTICIAN, "cus_1", "reorder", now=NOW)
    _, other = links.issue_link(OPTICIAN, "cus_2", "login", now=NOW)

    assert links.revoke_links("opt_a", "cus_1") == {"revoked": 2}
    for token in (first, second):
        with pytest.raises(Unauthorized):
            links.resolve("opt_a", token, NOW)
    assert links.resolve("opt_a", other, NOW)["customer_id"] == "cus_2"
    with pytest.raises(NotFound):
        links.revoke_links("opt_a", "nobody")


def test_a_preview_shows_a_placeholder_of_the_real_length_and_none_without_a_webshop(tokens):
    assert links.placeholder_link(OPTICIAN) == "https://shop.optik.ch/l/" + "X" * 22
    assert links.placeholder_link(replace(OPTICIAN, webshop_url=None)) is None
    assert tokens.items == {}
