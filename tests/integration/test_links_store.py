"""Personal link tokens in the table: hashed, expiring, revocable, erased with the customer."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.domain.errors import Unauthorized
from chalicelib.services.links import links
from tests.integration.fixtures_messaging import gold, make_customer, make_optician  # noqa: F401


def table_items():
    import boto3

    from chalicelib.config import get_config

    return boto3.client("dynamodb").scan(TableName=get_config().table_name)["Items"]


def test_only_the_hash_of_a_token_is_stored(gold, make_customer):
    anna = make_customer(gold)

    url, token = links.issue_link(gold, anna.id, "reorder")

    assert url == f"https://shop.optik-muster.ch/l/{token}"
    assert len(token) == 22 and token.replace("-", "").replace("_", "").isalnum()
    assert token not in repr(table_items())


def test_a_token_is_valid_for_30_days_and_then_refused(gold, make_customer):
    anna = make_customer(gold)
    issued = datetime.now(timezone.utc) - timedelta(days=29, hours=23)
    _, fresh = links.issue_link(gold, anna.id, "login", now=issued)
    _, old = links.issue_link(gold, anna.id, "login", now=issued - timedelta(hours=2))

    assert links.resolve(gold.id, fresh)["customer_id"] == anna.id
    with pytest.raises(Unauthorized):
        links.resolve(gold.id, old)


def test_a_token_works_only_for_its_optician(gold, make_optician, make_customer):
    other = make_optician()
    anna = make_customer(gold)
    _, token = links.issue_link(gold, anna.id, "login")

    with pytest.raises(Unauthorized):
        links.resolve(other.id, token)


def test_revoking_stops_every_link_of_the_customer_and_only_theirs(gold, make_customer):
    anna, beat = make_customer(gold), make_customer(gold, first_name="Beat")
    _, first = links.issue_link(gold, anna.id, "login")
    _, second = links.issue_link(gold, anna.id, "reorder")
    _, beats = links.issue_link(gold, beat.id, "login")

    assert links.revoke_links(gold.id, anna.id) == {"revoked": 2}

    for token in (first, second):
        with pytest.raises(Unauthorized):
            links.resolve(gold.id, token)
    assert links.resolve(gold.id, beats)["customer_id"] == beat.id


def test_erasing_the_customer_deletes_their_tokens(gold, make_customer):
    from chalicelib.services.customers import customers
    from chalicelib.services.links import unsubscribe

    anna = make_customer(gold)
    _, token = links.issue_link(gold, anna.id, "login")
    unsubscribe.issue_url(gold.id, anna.id, "marketing")

    customers.delete_customer(gold.id, anna.id)

    with pytest.raises(Unauthorized):
        links.resolve(gold.id, token)
    assert not [item for item in table_items() if "#LINK#" in item["pk"]["S"] or "#UNSUB#" in item["pk"]["S"]]


@pytest.mark.parametrize("token", [None, 42, "", "short", "x" * 200])
def test_malformed_tokens_are_refused_without_a_lookup(aws, token):
    with pytest.raises(Unauthorized):
        links.resolve("opt_x", token)
