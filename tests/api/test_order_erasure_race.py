"""An order racing its customer's erasure is refused, not stored after it (data protection).

The erasure (``DELETE /customers/{id}``, 204) is injected between the service's checks
and the order's write, as a concurrent request would land on real DynamoDB: the order's
transaction checks that the customer item still exists, so nothing of the order is left
behind — no order, pointer, repurchase reminder, claim or message — and nothing is sent.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from tests.api.fixtures_messaging import moto_sms, signed_post
from tests.api.fixtures_repurchase import ORDER_LINES
from tests.api.test_customer_erasure import _mentioning
from tests.api.test_order_messages import customer_with_passport


@pytest.fixture
def erased_while_ordering(api, monkeypatch):
    """``erased_while_ordering(customer)``: the customer is deleted just before the order is written."""
    from chalicelib.adapters.dynamo import orders as order_store

    real = order_store.create
    answers = []

    def arm(customer):
        def racing(optician_id, order, **kwargs):
            answers.append(api.delete(f"/customers/{customer['id']}"))
            return real(optician_id, order, **kwargs)

        monkeypatch.setattr(order_store, "create", racing)
        return answers

    return arm


def test_a_back_office_order_racing_the_erasure_is_refused_and_leaves_nothing(api, erased_while_ordering):
    anna = customer_with_passport(api)
    answers = erased_while_ordering(anna)
    # WHEN the optician enters an order while the customer is being deleted
    response = api.post(f"/customers/{anna['id']}/orders", {"lines": ORDER_LINES, "delivery": "home"})
    # THEN the erasure stands, the order is refused as for an unknown customer, nothing is sent or left
    assert [a.status_code for a in answers] == [204]
    assert response.status_code == 404 and json.loads(response.body)["error"]["field"] == "customer_id"
    assert moto_sms() == []
    assert _mentioning(anna["id"]) == []


def test_a_webshop_order_racing_the_erasure_is_refused_and_leaves_nothing(optician, api, erased_while_ordering):
    anna = customer_with_passport(api)
    answers = erased_while_ordering(anna)
    order = {"event_id": "evt-race-1", "order_id": "W-RACE-1", "customer_id": anna["id"],
             "ordered_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "delivery": "home",
             "lines": ORDER_LINES}
    # WHEN the webshop's order arrives while the customer is being deleted
    response = signed_post(api, f"/webhooks/{optician[0]['id']}/orders", order, optician[0]["webhook_secret"])
    # THEN it is answered like an order for an unknown customer; no order, pointer, reminder or message
    assert [a.status_code for a in answers] == [204]
    assert response.status_code == 422 and json.loads(response.body)["error"]["field"] == "customer_id"
    assert moto_sms() == []
    assert _mentioning(anna["id"]) == []
