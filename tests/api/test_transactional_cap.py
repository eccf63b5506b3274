"""Transactional messages per customer and day are capped (SPEC §9): a leaked webhook secret
cannot pump SMS (issue 15: 25 signed orders used to send 25 SMS)."""
from __future__ import annotations

import pytest

from tests.api.fixtures_messaging import moto_sms
from tests.api.fixtures_repurchase import DAILY_PASSPORT, customer, order_event, passport, webshop  # noqa: F401
from tests.conftest import body


@pytest.fixture
def cap_of_three(config_env):
    config_env(TRANSACTIONAL_DAILY_CAP="3")


def test_the_default_cap_is_ten_a_day():
    from chalicelib.config import get_config, reset_config

    reset_config()
    assert get_config().transactional_daily_cap == 10


def test_signed_orders_beyond_the_cap_are_recorded_not_sent(api, webshop, customer, passport, cap_of_three):
    for n in range(5):
        response = webshop.order(order_event(customer["id"], event_id=f"evt-{n}", order_id=f"1000{n}"))
        assert response.status_code in (200, 201), response.body

    confirmations = body(api.get(f"/customers/{customer['id']}/messages?kind=order_confirmation"))["items"]
    assert len(confirmations) == 5  # every order stands and its message is in the history
    assert sorted(m["status"] for m in confirmations) == ["failed", "failed", "sent", "sent", "sent"]
    for refused in (m for m in confirmations if m["status"] == "failed"):
        assert refused["reason"] == "daily_cap_reached" and refused["reason_detail"] == "3"
        assert refused["cost_chf"] == "0.00"
    assert len(moto_sms()) == 3
    assert body(api.get("/usage"))["sms_messages"] == 3


def test_manual_sends_and_other_customers_are_not_capped_by_one_customers_orders(
        api, webshop, customer, passport, cap_of_three):
    for n in range(3):
        webshop.order(order_event(customer["id"], event_id=f"evt-{n}", order_id=f"1000{n}"))
    other = body(api.post("/customers", {"first_name": "Ben", "last_name": "Berger", "mobile": "079 765 43 21"}))
    assert api.post(f"/customers/{other['id']}/lens-passports", DAILY_PASSPORT).status_code == 201

    webshop.order(order_event(other["id"], event_id="evt-ben", order_id="20000"))
    manual = body(api.post(f"/customers/{customer['id']}/messages", {"kind": "webshop_login"}))

    [ben_confirmation] = body(api.get(f"/customers/{other['id']}/messages"))["items"]
    assert ben_confirmation["status"] == "sent" and manual["status"] == "sent"
    assert len(moto_sms()) == 5
