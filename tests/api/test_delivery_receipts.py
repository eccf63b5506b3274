"""Delivery receipts end to end (SPEC §8): a message sent through the emulated SNS/SES, then the
payload AWS would deliver (SES event via SNS; SNS SMS delivery log via a CloudWatch Logs
subscription) invoked on the deployed functions, then the history as the optician sees it. Receipts
repeated or out of order are unit tests on the in-memory store (tests/unit/test_history_service.py)."""
from __future__ import annotations

import json

import pytest

from local.receipts import ses_event, sms_log_group, sms_record
from chalicelib.domain.receipts import encode_awslogs
from tests.api.fixtures_messaging import create_customer, verified_sender  # noqa: F401 - fixture
from tests.conftest import body


def sms_receipt(client, message_id: str, outcome: str, reason: str | None = None) -> None:
    event = encode_awslogs(sms_log_group(outcome, "eu-central-2"), [sms_record(message_id, outcome, reason)])
    client.lambda_.invoke("sms_receipts", event)


def email_receipt(client, message_id: str, outcome: str, reason: str | None = None, to: str | None = None) -> None:
    message = json.dumps(ses_event(message_id, outcome, reason, to))
    client.lambda_.invoke("ses_feedback", client.events.generate_sns_event(message=message))


def history(api, customer_id: str) -> list[dict]:
    return body(api.get(f"/customers/{customer_id}/messages"))["items"]


def send_login(api, customer_id: str) -> dict:
    record = body(api.post(f"/customers/{customer_id}/messages", {"kind": "webshop_login"}))
    assert record["status"] == "sent", record
    return record


def test_an_sms_delivery_log_turns_the_message_delivered_with_its_time(client, api):
    anna = create_customer(api)
    record = send_login(api, anna["id"])

    sms_receipt(client, record["provider_message_id"], "delivered")

    [shown] = history(api, anna["id"])
    assert shown["status"] == "delivered" and shown["delivered_at"] and shown["failed_at"] is None
    assert shown["text"] == record["text"] and shown["cost_chf"] == "0.12"


def test_a_wrong_number_reported_later_fails_the_sms_and_says_so_in_plain_words(client, api):
    anna = create_customer(api)
    record = send_login(api, anna["id"])

    sms_receipt(client, record["provider_message_id"], "failed", "invalid_number")

    [shown] = history(api, anna["id"])
    assert (shown["status"], shown["reason"]) == ("failed", "invalid_number") and shown["failed_at"]
    assert shown["reason_text"].startswith("Fehler: Die Handynummer ist ungültig")


@pytest.mark.parametrize("reason", ["unreachable", "carrier_blocked"])
def test_other_sms_failures_get_their_reason(client, api, reason):
    anna = create_customer(api)
    record = send_login(api, anna["id"])

    sms_receipt(client, record["provider_message_id"], "failed", reason)

    assert history(api, anna["id"])[0]["reason"] == reason


def test_a_receipt_for_an_unknown_id_is_dropped_without_error(client, api):
    anna = create_customer(api)
    record = send_login(api, anna["id"])

    sms_receipt(client, "id-nobody-sent", "failed", "invalid_number")  # no exception: not retried forever
    email_receipt(client, "ses-id-nobody-sent", "delivered")

    assert history(api, anna["id"])[0]["status"] == "sent" == record["status"]


def test_an_sms_receipt_cannot_reach_an_email_with_the_same_id(client, api, verified_sender):
    anna = create_customer(api, preferred_channel="email")
    record = send_login(api, anna["id"])

    sms_receipt(client, record["provider_message_id"], "failed", "invalid_number")

    assert history(api, anna["id"])[0]["status"] == "sent"


def test_an_email_delivery_then_a_complaint_fails_it_and_blocks_the_address(client, api, verified_sender):
    anna = create_customer(api, preferred_channel="email")
    record = send_login(api, anna["id"])

    email_receipt(client, record["provider_message_id"], "delivered", to=anna["email"])
    assert history(api, anna["id"])[0]["status"] == "delivered"
    email_receipt(client, record["provider_message_id"], "failed", "complaint", to=anna["email"])

    [shown] = history(api, anna["id"])
    assert (shown["status"], shown["reason"]) == ("failed", "complaint") and shown["delivered_at"]
    assert body(api.get(f"/customers/{anna['id']}"))["email_blocked"] is True
    assert send_login(api, anna["id"])["channel"] == "sms"


def test_a_rejected_email_fails_without_blocking_the_address(client, api, verified_sender):
    anna = create_customer(api, preferred_channel="email")
    record = send_login(api, anna["id"])

    email_receipt(client, record["provider_message_id"], "failed", "rejected", to=anna["email"])

    assert history(api, anna["id"])[0]["reason"] == "rejected"
    assert body(api.get(f"/customers/{anna['id']}"))["email_blocked"] is False


def test_the_reason_text_is_in_the_opticians_language(client, new_optician):
    _, lac = new_optician(package="silver", language="fr", email_from=None)
    claire = create_customer(lac)
    record = send_login(lac, claire["id"])

    sms_receipt(client, record["provider_message_id"], "failed", "carrier_blocked")

    assert history(lac, claire["id"])[0]["reason_text"] == "Erreur : l'opérateur mobile a bloqué le SMS."


def test_a_receipt_reads_one_pointer_and_writes_the_small_record_once(client, api):
    """The receipt's cost (SPEC §8, docs/performance.md): one GetItem, one UpdateItem of < 1 KB."""
    from scripts.benchsupport.receipt_costs import measure_receipt

    anna = create_customer(api)
    record = send_login(api, anna["id"])

    cost = measure_receipt(lambda: sms_receipt(client, record["provider_message_id"], "delivered"))

    assert cost.calls == {"GetItem": 1, "UpdateItem": 1}
    assert cost.write_units == 1.0 and cost.read_units == 1.0
