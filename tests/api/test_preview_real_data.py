"""``POST /messages/preview`` shows the message as it would be sent now (SPEC §5): with the
customer's real reminder, subscription or order — the same text the real send then records
(apart from the personal tokens, which a preview only shows as a placeholder)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from chalicelib.rendering.formatting import format_date_for
from tests.api.fixtures_messaging import create_customer, verified_sender  # noqa: F401 - fixture
from tests.api.test_schedules import PASSPORT, fire, local, make_reminder, next_weekday
from tests.conftest import body

LINES = [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 2}]
TRACKING = "https://service.post.ch/ekp-web/ui/entry/search/99.00.123456.12345678"
_LINK_TOKEN = re.compile(r"(/l/|/unsubscribe/[^/\s\"]+/)(?:[A-Za-z0-9_-]{22}|•••)")


def masked(text: str | None) -> str | None:
    """The text with its personal link and unsubscribe tokens (real, placeholder or masked) masked."""
    return None if text is None else _LINK_TOKEN.sub(r"\1<token>", text)


def as_sent(message: dict) -> tuple:
    """What the customer reads: subject, text and HTML, tokens masked."""
    return message.get("subject"), masked(message["text"]), masked(message.get("html"))


def preview(api, customer: dict, kind: str) -> dict:
    response = api.post("/messages/preview", {"kind": kind, "customer_id": customer["id"]})
    assert response.status_code == 200, response.body
    return body(response)


def history(api, customer: dict, kind: str | None = None) -> list[dict]:
    items = body(api.get(f"/customers/{customer['id']}/messages"))["items"]
    return [m for m in items if kind is None or m["kind"] == kind]


def with_passport(api, **overrides) -> dict:
    customer = create_customer(api, **overrides)
    response = api.post(f"/customers/{customer['id']}/lens-passports", PASSPORT)
    assert response.status_code == 201, response.body
    customer["passport"] = body(response)
    return customer


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_a_repurchase_reminder_preview_is_what_the_schedule_then_sends(client, api, verified_sender, channel):
    # GIVEN a French customer with a repurchase reminder for her Biofinity lenses
    claire = with_passport(api, first_name="Claire", language="fr", preferred_channel=channel)
    d = next_weekday(2)
    make_reminder(api, claire, d)
    # WHEN the optician previews it
    shown = preview(api, claire, "repurchase_reminder")
    # THEN nothing was written or sent
    assert history(api, claire) == []
    if channel == "email":
        assert "Biofinity" in shown["text"] and "jusqu'au" in shown["text"]
    # AND the schedule sends exactly that text on the reminder's day
    fire(client, local(d, "09:00"))
    [sent] = history(api, claire)
    assert (sent["kind"], sent["channel"]) == ("repurchase_reminder", channel)
    assert as_sent(shown) == as_sent(sent)
    assert (shown["parts"], shown["cost_chf"]) == (sent["parts"], sent["cost_chf"])


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_a_subscription_confirmation_preview_names_the_real_next_order(api, verified_sender, channel):
    anna = with_passport(api, preferred_channel=channel)
    next_order_on = datetime.now(ZoneInfo("Europe/Zurich")).date() + timedelta(days=45)
    response = api.post(f"/customers/{anna['id']}/subscriptions", {
        "lines": LINES, "interval_weeks": 8, "next_order_on": next_order_on.isoformat(), "delivery": "home"})
    assert response.status_code == 201, response.body
    [sent] = history(api, anna, "subscription_confirmation")

    shown = preview(api, anna, "subscription_confirmation")

    named = f"{next_order_on:%d.%m.%Y}" if channel == "sms" else format_date_for(next_order_on, "de")
    assert f"Nächste Bestellung: {named}" in shown["text"]
    assert as_sent(shown) == as_sent(sent)


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_order_message_previews_are_the_real_order_messages(api, verified_sender, channel):
    anna = with_passport(api, preferred_channel=channel)
    order = body(api.post(f"/customers/{anna['id']}/orders", {"lines": LINES, "delivery": "home"}))
    [confirmation] = history(api, anna, "order_confirmation")

    assert as_sent(preview(api, anna, "order_confirmation")) == as_sent(confirmation)

    api.patch(f"/customers/{anna['id']}/orders/{order['id']}", {"status": "shipped", "tracking_url": TRACKING})
    [shipping] = history(api, anna, "shipping_confirmation")
    shown = preview(api, anna, "shipping_confirmation")
    assert TRACKING in shown["text"]
    assert as_sent(shown) == as_sent(shipping)


def test_a_pickup_invitation_preview_is_about_the_latest_pickup_order(api):
    anna = with_passport(api)
    pickup = body(api.post(f"/customers/{anna['id']}/orders", {"lines": LINES, "delivery": "pickup"}))
    api.post(f"/customers/{anna['id']}/orders", {"lines": LINES, "delivery": "home"})

    shown = preview(api, anna, "pickup_invitation")
    api.patch(f"/customers/{anna['id']}/orders/{pickup['id']}", {"status": "ready_for_pickup"})

    [invitation] = history(api, anna, "pickup_invitation")
    assert as_sent(shown) == as_sent(invitation)


def test_a_lens_exchange_preview_names_the_lenses_and_the_interval(api):
    anna = with_passport(api, preferred_channel="email")
    tomorrow = datetime.now(ZoneInfo("Europe/Zurich")).date() + timedelta(days=1)
    response = api.post(f"/customers/{anna['id']}/lens-exchange-reminders",
                        {"first_reminder_on": tomorrow.isoformat(), "interval_days": 14})
    assert response.status_code == 201, response.body

    text = preview(api, anna, "lens_exchange_reminder")["text"]

    assert "Biofinity" in text and "14 Tage" in text


def test_without_an_order_or_subscription_the_preview_uses_example_data(api):
    anna = create_customer(api, preferred_channel="email")

    assert "10001" in preview(api, anna, "order_confirmation")["subject"]
    assert preview(api, anna, "subscription_confirmation")["text"]
    assert "Kontaktlinsen" in preview(api, anna, "repurchase_reminder")["text"]
    assert history(api, anna) == []
