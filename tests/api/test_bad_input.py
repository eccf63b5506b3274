"""Odd input found by probing every route: each is a 4xx naming the field, never a 5xx."""
from __future__ import annotations

import base64
import json

import pytest

from tests.api.fixtures_lifecycles import customer, day, signed_put  # noqa: F401 - fixtures
from tests.conftest import body


def cursor_of(key) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def refused(response, field: str, status: int = 422) -> bool:
    assert response.status_code == status, response.body
    return body(response)["error"].get("field") == field


@pytest.mark.parametrize("limit", ["%C2%B2", "abc", "0", "101", "9" * 50])
def test_a_limit_that_is_not_a_small_number_is_422(api, customer, limit):
    assert refused(api.get(f"/customers?limit={limit}"), "limit")
    assert refused(api.get(f"/customers/{customer['id']}/messages?limit={limit}"), "limit")


def test_forged_cursors_are_422_whatever_they_hold(api, optician, customer):
    own = f"OPT#{optician[0]['id']}"
    history_partition = f"{own}#CUST#{customer['id']}"
    forged = [
        {"pk": {"S": own}},                                    # no sort key
        {"pk": {"S": own}, "sk": {"N": "1"}},                  # a sort key of the wrong type
        {"pk": {"S": own}, "sk": {"S": "SETTINGS"}},           # outside the customers
        {"pk": {"S": own}, "sk": {"S": "CUSTOMER#x"}, "x": {"S": "y"}},
        ["pk"],
        "text",
    ]
    for key in forged:
        assert refused(api.get(f"/customers?cursor={cursor_of(key)}"), "cursor"), key
    for key in ({"pk": {"S": history_partition}}, {"pk": {"S": history_partition}, "sk": {"S": "CUSTOMER#x"}}):
        assert refused(api.get(f"/customers/{customer['id']}/messages?cursor={cursor_of(key)}"), "cursor"), key


def test_empty_dates_and_times_are_422_not_ignored_or_an_error(client, optician, api, customer):
    settings, _ = optician
    base = f"/customers/{customer['id']}"
    control = body(api.post(f"{base}/control-reminders", {"first_reminder_on": day(3)}))
    exchange = body(api.post(f"{base}/lens-exchange-reminders", {"first_reminder_on": day(3), "interval_days": 14}))
    for empty in ("", "   "):
        assert refused(api.patch(f"{base}/control-reminders/{control['id']}", {"next_reminder_on": empty}),
                       "next_reminder_on")
        assert refused(api.patch(f"{base}/lens-exchange-reminders/{exchange['id']}", {"next_reminder_on": empty}),
                       "next_reminder_on")
        assert refused(api.patch(f"{base}/lens-exchange-reminders/{exchange['id']}", {"time_of_day": empty}),
                       "time_of_day")
        webshop = f"/webshop/{settings['id']}/customers/{customer['id']}/lens-exchange-reminder"
        assert refused(signed_put(client, settings, webshop, {"first_reminder_on": empty}), "first_reminder_on")


def test_a_control_character_in_a_name_is_422(api):
    response = api.post("/customers", {"first_name": "An\u0000na", "last_name": "Aebi", "mobile": "079 123 45 67"})
    assert refused(response, "first_name")


@pytest.mark.parametrize("timestamp", ["\u00b2", "9" * 5000, "-1", "1e9"])
def test_a_malformed_signature_timestamp_is_the_same_401(client, optician, timestamp):
    settings, _ = optician
    response = client.http.post(f"/webhooks/{settings['id']}/orders", body=b"{}", headers={
        "Content-Type": "application/json", "X-Kontakt-Signature": f"t={timestamp},v1={'0' * 64}"})
    assert response.status_code == 401
    assert body(response)["error"]["message"] == "The request signature is missing, invalid or expired."


@pytest.mark.parametrize("field", ["first_name", "last_name", "salutation"])
def test_a_line_break_in_a_customer_name_is_422(api, field):
    payload = {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67",
               field: "Anna\r\nBcc: someone@example.ch"}
    assert refused(api.post("/customers", payload), field)


def test_a_line_break_in_the_opticians_name_is_422_but_the_address_may_have_lines(api):
    current = body(api.get("/settings"))
    assert refused(api.put("/settings", {**current, "name": "Optik Muster\r\nBcc: x@example.ch"}), "name")
    moved = api.put("/settings", {**current, "address": "Bahnhofstrasse 12\n8001 Zürich"})
    assert moved.status_code == 200 and body(moved)["address"] == "Bahnhofstrasse 12\n8001 Zürich"


@pytest.mark.parametrize("url", ['https://track.ch/x"><script>alert(9)</script>', "https://track.ch/a b",
                                 "https://track.ch/<x>"])
def test_a_tracking_url_with_characters_no_url_carries_is_422(api, customer, url):
    from tests.api.fixtures_lifecycles import PASSPORT

    api.post(f"/customers/{customer['id']}/lens-passports", PASSPORT)
    order = api.post(f"/customers/{customer['id']}/orders",
                     {"lines": [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 1}],
                      "delivery": "home"})
    assert order.status_code == 201, order.body
    response = api.patch(f"/customers/{customer['id']}/orders/{body(order)['id']}",
                         {"status": "shipped", "tracking_url": url})
    assert refused(response, "tracking_url")


def test_an_email_address_with_letters_outside_ascii_is_422(api):
    response = api.post("/customers", {"first_name": "Zoë", "last_name": "Xylander", "email": "zoë@example.ch"})
    assert refused(response, "email")
