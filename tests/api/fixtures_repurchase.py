"""Fixtures of the repurchase-reminder, order and webhook tests (import them into the test module)."""
from __future__ import annotations

import json
import time
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.signature import sign
from tests.conftest import body

ZURICH = ZoneInfo("Europe/Zurich")
DAILY_PASSPORT = {
    "right": {"product_id": "dailies-total1", "base_curve": 8.5, "diameter": 14.1, "sphere": -2.25},
    "left": {"product_id": "dailies-total1", "base_curve": 8.5, "diameter": 14.1, "sphere": -2.5},
    "issued_on": "2026-01-05",
}
MONTHLY_PASSPORT = {
    "right": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -1.0},
    "left": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -1.25},
    "issued_on": "2025-06-01",
}
# The SPEC §2 example: 1 × 90 right + 1 × 90 left, daily lenses.
SPEC_LINES = [{"eye": "right", "pack_size": 90, "quantity": 1}, {"eye": "left", "pack_size": 90, "quantity": 1}]
ORDER_LINES = [{"product_id": "dailies-total1", "eye": "right", "pack_size": 90, "quantity": 1},
               {"product_id": "dailies-total1", "eye": "left", "pack_size": 90, "quantity": 1}]


def today() -> date:
    """The optician's local date now (Europe/Zurich)."""
    return datetime.now(ZURICH).date()


def in_days(n: int, start: date | None = None) -> str:
    return ((start or today()) + timedelta(days=n)).isoformat()


def now_iso(**delta) -> str:
    return (datetime.now(timezone.utc) + timedelta(**delta)).isoformat(timespec="seconds")


@pytest.fixture
def customer(api):
    return body(api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67",
                                        "email": "anna@example.ch"}))


@pytest.fixture
def passport(api, customer):
    response = api.post(f"/customers/{customer['id']}/lens-passports", DAILY_PASSPORT)
    assert response.status_code == 201, response.body
    return body(response)


@pytest.fixture
def pinned_today(monkeypatch):
    """``pinned_today(date)``: the reminders' "today" (the wall clock of API requests) is that date."""
    from chalicelib.services.reminders import repurchase_reminders

    def pin(day: date) -> None:
        moment = datetime(day.year, day.month, day.day, 10, 0, tzinfo=ZURICH)
        monkeypatch.setattr(repurchase_reminders, "_now", lambda: moment)

    return pin


def stored_item(optician_id: str, customer_id: str, sk: str) -> dict | None:
    """The raw stored item (as the scheduler reads it)."""
    from chalicelib.adapters.dynamo import occurrence_items
    from chalicelib.adapters.dynamo.base import customer_pk

    return occurrence_items.get(customer_pk(optician_id, customer_id), sk)


def reminder_item(optician_id: str, customer_id: str, reminder_id: str) -> dict | None:
    return stored_item(optician_id, customer_id, f"REMINDER#repurchase#{reminder_id}")


class Webshop:
    """The optician's webshop: signed calls to the webhooks."""

    def __init__(self, client, optician_id: str, secret: str):
        self.client, self.optician_id, self.secret = client, optician_id, secret

    def post(self, path: str, payload, *, secret: str | None = None, timestamp: int | None = None,
             signature: str | None = None, optician_id: str | None = None):
        raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        stamp = int(time.time()) if timestamp is None else timestamp
        header = sign(secret or self.secret, raw, stamp) if signature is None else signature
        headers = {"Content-Type": "application/json"}
        if header:  # an empty signature: no header at all
            headers["X-Kontakt-Signature"] = header
        return self.client.http.post(f"/webhooks/{optician_id or self.optician_id}{path}", body=raw, headers=headers)

    def order(self, payload, **kw):
        return self.post("/orders", payload, **kw)

    def status(self, order_id: str, payload, **kw):
        return self.post(f"/orders/{order_id}/status", payload, **kw)


@pytest.fixture
def webshop(client, optician):
    settings, _ = optician
    return Webshop(client, settings["id"], settings["webhook_secret"])


def order_event(customer_id: str, *, event_id: str = "evt-1", order_id: str = "100234", ordered_at: str | None = None,
                delivery: str = "home", lines: list | None = None) -> dict:
    return {"event_id": event_id, "order_id": order_id, "customer_id": customer_id,
            "ordered_at": ordered_at or now_iso(), "delivery": delivery, "lines": lines or ORDER_LINES}
