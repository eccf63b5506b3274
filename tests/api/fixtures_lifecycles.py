"""Fixtures for the lifecycle tests (subscriptions, control and lens-exchange reminders)."""
from __future__ import annotations

import sys
import types
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import body

ZURICH = ZoneInfo("Europe/Zurich")
ALL_WEEK = {"days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "start": "08:00", "end": "20:00"}


def today() -> date:
    """The optician's local date now (the API takes 'today' from the wall clock)."""
    return datetime.now(ZURICH).date()


def day(n: int) -> str:
    return (today() + timedelta(days=n)).isoformat()


@pytest.fixture
def customer(api):
    return body(api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67",
                                        "email": "anna@example.ch", "preferred_channel": "sms"}))


@pytest.fixture
def sent(monkeypatch):
    """Records every send_message call instead of sending (the send path has its own tests)."""
    calls: list[dict] = []

    def fake_send(optician, customer, kind, *, trigger, idempotency_key, data=None, now=None):
        calls.append({"kind": kind, "key": idempotency_key, "data": data, "trigger": trigger,
                      "customer_id": customer.id})
        return {"kind": kind, "status": "sent"}

    try:
        import chalicelib.services.messaging.send as send
    except ImportError:
        send = types.ModuleType("chalicelib.services.messaging.send")
        monkeypatch.setitem(sys.modules, "chalicelib.services.messaging.send", send)
    monkeypatch.setattr(send, "send_message", fake_send, raising=False)
    return calls


PASSPORT = {
    "right": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -2.25},
    "left": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -2.5},
    "issued_on": "2026-01-10",
}


def signed_put(client, optician: dict, path: str, payload: dict, secret: str | None = None):
    """A webshop call signed with the optician's webhook secret (SPEC §5)."""
    import json
    import time

    from chalicelib.domain.signature import HEADER, sign

    raw = json.dumps(payload).encode()
    header = sign(secret or optician["webhook_secret"], raw, int(time.time()))
    return client.http.put(path, headers={"Content-Type": "application/json", HEADER: header}, body=raw)


def at(n: int, hhmm: str = "10:00") -> datetime:
    """Local time ``hhmm`` on day ``n`` (day 0 = today), as an aware datetime."""
    hour, minute = map(int, hhmm.split(":"))
    return datetime.combine(today() + timedelta(days=n), datetime.min.time(), tzinfo=ZURICH).replace(
        hour=hour, minute=minute)


def run_schedules(when: datetime) -> dict:
    """Fire the scheduled function as EventBridge would at ``when`` and drain what it queued."""
    from app import app
    from local.schedules import run_scheduled

    return run_scheduled(app, "due_reminders", when)


def history(api, customer, kind: str | None = None) -> list[dict]:
    """The customer's message history, oldest first (optionally one kind only)."""
    items = body(api.get(f"/customers/{customer['id']}/messages?limit=100"))["items"]
    return [m for m in reversed(items) if kind is None or m["kind"] == kind]


@pytest.fixture
def all_week(new_optician):
    """(optician, api) of an optician whose send window is open every day 08:00–20:00."""
    return new_optician(send_window=ALL_WEEK)


@pytest.fixture
def patient(all_week):
    """A customer of the all-week optician."""
    _, api = all_week
    return body(api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67",
                                        "email": "anna@example.ch", "preferred_channel": "sms"}))
