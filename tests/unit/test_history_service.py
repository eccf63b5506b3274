"""A customer's message history (services/messaging/history.py) and the delivery receipts applied to it
(services/messaging/delivery_feedback.py), on the in-memory message store: newest first, paged,
filtered, reasons in the optician's words; a receipt moves a sent record forward once and never
turns a failure into a delivery. No moto (the store's contract: test_message_store_contract.py); the
routes and the e-mail receipts that block an address stay in tests/api."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

import pytest

from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import NotFound, PermanentSendError
from chalicelib.domain.optician import OpticianSettings
from chalicelib.domain.reasons import reason_text
from chalicelib.domain.receipts import Receipt
from chalicelib.schemas.messages import HistoryQuery
from chalicelib.services import wiring
from chalicelib.services.messaging import delivery_feedback, history, send
from tests.fakes import FakeEmail, FakeSms
from tests.fakes.counters import InMemoryCounters
from tests.fakes.messages import InMemoryMessages
from tests.fakes.opticians import InMemoryOpticians

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
OPTICIAN = OpticianSettings(id="opt_1", name="Optique Exemple", sender_name="Optique", language="fr",
                            webapp_url="https://app.optique.ch/")
ANNA = Customer("cus_1", "Anna", "Aebi", salutation="Frau", language="fr", mobile="+41791234567",
                preferred_channel="sms", topics={})


class Customers:
    """The customer store's read, for the history's check that the customer is the optician's."""

    def get(self, optician_id: str, customer_id: str) -> Customer | None:
        return ANNA if (optician_id, customer_id) == (OPTICIAN.id, ANNA.id) else None


@pytest.fixture
def world():
    messages, sms, opticians = InMemoryMessages(), FakeSms(), InMemoryOpticians()
    opticians.create(OPTICIAN, "secret")
    with wiring.override(messages=messages, receipt_pointers=messages.pointers, sms=sms, email=FakeEmail(),
                         counters=InMemoryCounters(), opticians=opticians, customers=Customers()):
        yield messages, sms


def sent(n: int, kind: str = "webapp_install", **customer: Any) -> dict[str, Any]:
    return send.send_message(OPTICIAN, replace(ANNA, **customer), kind, trigger="automatic", idempotency_key=f"k{n}",
                             now=NOW.replace(minute=n))


def page(**query: Any) -> dict[str, Any]:
    return history.list_messages(OPTICIAN.id, ANNA.id, HistoryQuery(**query))


def test_the_history_is_newest_first_and_paged_to_the_end(world):
    records = [sent(n) for n in range(1, 4)]

    first = page(limit=2)
    rest = page(limit=2, cursor=first["next_cursor"])

    assert first["items"] == [records[2], records[1]] and first["next_cursor"]
    assert rest == {"items": [records[0]], "next_cursor": None}


def test_the_history_is_filtered_by_kind_and_status_and_shows_reasons_in_the_opticians_language(world):
    _, sms = world
    sent(1)
    sms.fail_next(PermanentSendError("invalid_number", "InvalidParameter"))
    failed = sent(2)
    skipped = sent(3, topics={"marketing": False})

    assert page(status="failed")["items"] == [failed]
    assert [item["id"] for item in page(kind="webapp_install")["items"]] == [skipped["id"], failed["id"],
                                                                            page(status="sent")["items"][0]["id"]]
    assert page(kind="webshop_login")["items"] == []
    assert failed["reason_text"] == reason_text("invalid_number", "fr") != reason_text("invalid_number", "de")


def test_another_opticians_customer_has_no_history_here(world):
    with pytest.raises(NotFound):
        history.list_messages(OPTICIAN.id, "cus_other", HistoryQuery())


def receipt(provider_id: str, outcome: str, reason: str | None = None) -> dict[str, Any]:
    return delivery_feedback.apply_receipt(Receipt(provider_id, "sms", outcome, "2026-03-02T09:05:00Z", reason), NOW)


def test_a_delivery_receipt_turns_the_sms_delivered_once(world):
    record = sent(1)

    assert receipt(record["provider_message_id"], "delivered") == {"result": "applied", "outcome": "delivered",
                                                                   "email_blocked": False}
    [delivered] = page()["items"]
    assert (delivered["status"], delivered["delivered_at"]) == ("delivered", "2026-03-02T09:05:00Z")

    assert receipt(record["provider_message_id"], "delivered")["result"] == "unchanged"
    assert page()["items"] == [delivered]


def test_a_failure_after_the_delivery_fails_the_sms_and_a_late_delivery_never_undoes_it(world):
    record = sent(1)
    receipt(record["provider_message_id"], "delivered")

    assert receipt(record["provider_message_id"], "failed", "invalid_number")["result"] == "applied"
    [failed] = page()["items"]
    assert receipt(record["provider_message_id"], "delivered")["result"] == "unchanged"  # late, out of order
    assert receipt(record["provider_message_id"], "failed", "invalid_number")["result"] == "unchanged"  # again
    assert page()["items"] == [failed]
    assert (failed["status"], failed["reason"], failed["failed_at"]) == ("failed", "invalid_number",
                                                                         "2026-03-02T09:05:00Z")
    assert failed["reason_text"] == reason_text("invalid_number", "fr")


def test_a_failure_before_any_delivery_fails_the_sms_for_good(world):
    record = sent(1)

    assert receipt(record["provider_message_id"], "failed", "unreachable")["result"] == "applied"
    [failed] = page()["items"]
    assert receipt(record["provider_message_id"], "delivered")["result"] == "unchanged"
    assert page()["items"] == [failed] and failed["status"] == "failed" and failed["delivered_at"] is None


def test_a_receipt_for_an_unknown_or_other_channels_id_is_dropped(world):
    record = sent(1)

    assert receipt("sns-unknown", "delivered")["result"] == "unknown"
    email_receipt = Receipt(record["provider_message_id"], "email", "delivered", "2026-03-02T09:05:00Z")
    assert delivery_feedback.apply_receipt(email_receipt, NOW)["result"] == "unknown"
    assert page()["items"][0]["status"] == "sent"
