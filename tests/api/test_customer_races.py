"""Customer writes racing an erasure or each other (docs/operations.md, "Failure cases").

The competing call is injected right after a customer read (the read of the PATCH or PUT
being tested), as a concurrent Lambda could make it on real DynamoDB. A change writes only
the attributes it changes, only if the customer still exists: an erased customer is never
re-created, and one change never undoes another.
"""
from __future__ import annotations

import pytest

from tests.conftest import body


@pytest.fixture
def customer(api):
    return body(api.post("/customers", {"first_name": "Eva", "last_name": "Egli", "mobile": "079 555 66 77",
                                        "email": "eva@example.ch", "preferred_channel": "sms"}))


@pytest.fixture
def after_read(race_once):
    """``after_read(hook)``: the next customer read runs ``hook()`` right after it read the item."""
    from chalicelib.adapters.dynamo import customers

    return lambda hook: race_once(customers, "get_item", hook, after=True)


def test_a_patch_racing_the_erasure_answers_404_and_never_brings_the_customer_back(api, customer, after_read):
    path = f"/customers/{customer['id']}"
    erased = []
    after_read(lambda: erased.append(api.delete(path).status_code))

    response = api.patch(path, {"first_name": "Evelyne"})

    assert erased == [204]
    assert response.status_code == 404, response.body
    assert api.get(path).status_code == 404


def test_preferences_racing_the_erasure_answer_404(api, customer, after_read):
    path = f"/customers/{customer['id']}"
    after_read(lambda: api.delete(path))

    response = api.put(f"{path}/preferences", {"topics": {"marketing": False}})

    assert response.status_code == 404, response.body
    assert api.get(path).status_code == 404


def test_two_concurrent_preference_changes_both_stay(api, customer, after_read):
    path = f"/customers/{customer['id']}/preferences"
    # GIVEN an unsubscribe from repurchase reminders lands while the marketing switch is being changed
    after_read(lambda: api.put(path, {"topics": {"repurchase": False}}))

    assert api.put(path, {"topics": {"marketing": False}}).status_code == 200

    topics = body(api.get(path))["topics"]
    assert (topics["repurchase"], topics["marketing"]) == (False, False)


def test_a_bounce_block_set_during_a_preferences_change_stays(api, optician, customer, after_read):
    from chalicelib.adapters.dynamo import customers

    oid = optician[0]["id"]
    after_read(lambda: customers.set_email_blocked(oid, customer["id"], "bounce: Permanent/General",
                                                   address="eva@example.ch"))

    assert api.put(f"/customers/{customer['id']}/preferences", {"preferred_channel": "email"}).status_code == 200

    stored = body(api.get(f"/customers/{customer['id']}"))
    assert stored["email_blocked"] is True and stored["preferred_channel"] == "email"


def test_a_new_address_lifts_the_block_and_a_late_bounce_of_the_old_one_does_not_block_it(api, optician, customer):
    from chalicelib.adapters.dynamo import customers

    oid = optician[0]["id"]
    customers.set_email_blocked(oid, customer["id"], "bounce: Permanent/General", address="eva@example.ch")
    assert api.patch(f"/customers/{customer['id']}", {"email": "eva@new.ch"}).status_code == 200
    assert body(api.get(f"/customers/{customer['id']}"))["email_blocked"] is False

    assert customers.set_email_blocked(oid, customer["id"], "bounce: Permanent/General",
                                       address="eva@example.ch") is False
    assert body(api.get(f"/customers/{customer['id']}"))["email_blocked"] is False


def test_a_delete_after_an_erasure_that_died_midway_finishes_the_sweep(api, optician, customer):
    from chalicelib.adapters.dynamo import customers
    from tests.api.test_customer_erasure import _mentioning

    oid = optician[0]["id"]
    api.put(f"/customers/{customer['id']}/preferences", {"topics": {"marketing": False}})
    from chalicelib.services.links.unsubscribe import issue_url

    issue_url(oid, customer["id"], "marketing")  # something in the partition and a reference outside it
    # GIVEN an erasure that made its first step (the customer item with its search index entries,
    # one transaction) and died before the sweep
    customers._delete_with_index(oid, customer["id"])
    assert _mentioning(customer["id"]) != []

    # WHEN the DELETE is repeated THEN it answers 404 and nothing of the customer is left
    assert api.delete(f"/customers/{customer['id']}").status_code == 404
    assert _mentioning(customer["id"]) == []
