"""Receipts as AWS delivers them (SES events, SNS SMS delivery logs via CloudWatch Logs) and the
reason codes' plain-language texts."""
from __future__ import annotations

import base64
import gzip
import json

import pytest

from chalicelib.domain.reasons import REASON_CODES, reason_text
from chalicelib.domain.receipts import (
    Receipt,
    decode_awslogs,
    encode_awslogs,
    parse_ses_event,
    parse_sms_logs,
    parse_sms_record,
    sms_failure_reason,
)

# An SES event as configuration-set event publishing sends it to SNS (AWS docs, trimmed).
SES_MAIL = {"timestamp": "2026-12-05T09:00:00.000Z", "source": "Optik Muster <kontakt@optik-muster.ch>",
            "messageId": "0102018f-ses-id-000001", "destination": ["anna@example.ch"],
            "tags": {"optician_id": ["opt_1"], "ses:configuration-set": ["kontakt"]}}


def ses(event_type: str, **details) -> str:
    return json.dumps({"eventType": event_type, "mail": SES_MAIL, **details})


def test_an_ses_delivery_is_a_delivered_receipt_with_the_servers_time():
    receipt = parse_ses_event(ses("Delivery", delivery={
        "timestamp": "2026-12-05T09:00:02.123Z", "processingTimeMillis": 2100, "recipients": ["anna@example.ch"],
        "smtpResponse": "250 2.6.0 Message received", "reportingMTA": "a8-70.smtp-out.amazonses.com"}))

    assert receipt == Receipt("0102018f-ses-id-000001", "email", "delivered", "2026-12-05T09:00:02+00:00")


def test_a_permanent_bounce_fails_as_bounced_and_blocks_the_named_address():
    receipt = parse_ses_event(ses("Bounce", bounce={
        "bounceType": "Permanent", "bounceSubType": "NoEmail", "timestamp": "2026-12-05T09:00:05.000Z",
        "bouncedRecipients": [{"emailAddress": "Anna@Example.ch", "action": "failed", "status": "5.1.1"}]}))

    assert (receipt.outcome, receipt.reason, receipt.detail) == ("failed", "bounced", "Permanent/NoEmail")
    assert receipt.block_address is True and receipt.recipients == ("anna@example.ch",)


def test_a_transient_bounce_fails_the_message_but_does_not_block():
    receipt = parse_ses_event(ses("Bounce", bounce={"bounceType": "Transient", "bounceSubType": "MailboxFull"}))

    assert receipt.reason == "bounced" and receipt.block_address is False and receipt.detail == "Transient/MailboxFull"


def test_a_complaint_fails_and_blocks_and_a_reject_fails_without_blocking():
    complaint = parse_ses_event(ses("Complaint", complaint={
        "complaintFeedbackType": "abuse", "complainedRecipients": [{"emailAddress": "anna@example.ch"}]}))
    reject = parse_ses_event(ses("Reject", reject={"reason": "Bad content"}))

    assert (complaint.reason, complaint.block_address, complaint.detail) == ("complaint", True, "abuse")
    assert (reject.reason, reject.block_address, reject.detail) == ("rejected", False, "Bad content")


def test_identity_notifications_say_notification_type_and_are_read_too():
    raw = json.dumps({"notificationType": "Bounce", "mail": SES_MAIL,
                      "bounce": {"bounceType": "Permanent", "bounceSubType": "General"}})

    assert parse_ses_event(raw).reason == "bounced"


@pytest.mark.parametrize("raw", ["not json", json.dumps([1]), ses("Send", send={}), ses("Open", open={}),
                                 json.dumps({"eventType": "Delivery", "mail": {}})])
def test_ses_events_that_are_no_receipt_are_ignored(raw):
    assert parse_ses_event(raw) is None


# An SNS SMS delivery-status record as SNS writes it to CloudWatch Logs (AWS docs' shape).
def sms_record(status: str, response: str, message_id: str = "1f0e7b25-sns-id") -> str:
    return json.dumps({
        "notification": {"messageId": message_id, "timestamp": "2026-12-05 09:00:00.558"},
        "delivery": {"phoneCarrier": "Swisscom", "mnc": 1, "numberOfMessageParts": 1, "destination": "+41791234567",
                     "priceInUSD": 0.0752, "smsType": "Transactional", "mcc": 228, "providerResponse": response,
                     "dwellTimeMs": 599, "dwellTimeMsUntilDeviceAck": 1344},
        "status": status})


def awslogs(log_group: str, *messages: str, message_type: str = "DATA_MESSAGE") -> dict:
    data = {"messageType": message_type, "owner": "123456789012", "logGroup": log_group,
            "logStream": "5a0c1b9e", "subscriptionFilters": ["kontakt-sms"],
            "logEvents": [{"id": str(n), "timestamp": 1796461200000, "message": m} for n, m in enumerate(messages)]}
    return {"awslogs": {"data": base64.b64encode(gzip.compress(json.dumps(data).encode())).decode()}}


def test_a_cloudwatch_logs_subscription_payload_yields_each_sms_record():
    payload = awslogs("sns/eu-central-2/123456789012/DirectPublishToPhoneNumber/Failure",
                      sms_record("SUCCESS", "Message has been accepted by phone carrier", "id-1"),
                      sms_record("FAILURE", "Invalid phone number", "id-2"))

    delivered, failed = parse_sms_logs(payload)

    assert delivered == Receipt("id-1", "sms", "delivered", "2026-12-05T09:00:00+00:00")
    assert (failed.provider_message_id, failed.outcome, failed.reason) == ("id-2", "failed", "invalid_number")


@pytest.mark.parametrize("response, reason", [
    ("Invalid phone number", "invalid_number"),
    ("Phone is currently unreachable/unavailable", "unreachable"),
    ("Phone carrier is currently unreachable/unavailable", "unreachable"),
    ("Unknown error attempting to reach phone", "unreachable"),
    ("Phone carrier has blocked this message", "carrier_blocked"),
    ("Blocked as spam by phone carrier", "carrier_blocked"),
    ("Destination is on a blocked list", "carrier_blocked"),
    ("Phone has blocked SMS", "carrier_blocked"),
    ("Phone number is opted out", "opted_out"),
    ("Something SNS never said before", "unreachable"),
])
def test_sns_provider_responses_map_to_stable_reasons(response, reason):
    assert parse_sms_record(sms_record("FAILURE", response)).reason == reason


def test_an_unknown_provider_response_is_not_kept_verbatim():
    # Only known fixed phrases are stored: a free text could quote the number.
    assert sms_failure_reason("Failed for +41791234567") == ("unreachable", "other")


def test_a_control_message_and_a_broken_payload_yield_nothing():
    assert parse_sms_logs(awslogs("g", message_type="CONTROL_MESSAGE")) == []
    assert parse_sms_logs({"awslogs": {"data": "not base64 gzip"}}) == []
    assert parse_sms_logs({"Records": []}) == []
    assert parse_sms_record("{}") is None and parse_sms_record(json.dumps({"status": "SUCCESS"})) is None


def test_encode_awslogs_is_what_decode_reads():
    payload = encode_awslogs("sns/x/1/DirectPublishToPhoneNumber", [sms_record("SUCCESS", "ok")])

    assert decode_awslogs(payload)["logEvents"][0]["message"] == sms_record("SUCCESS", "ok")


def test_every_reason_code_has_a_text_in_four_languages_with_swiss_spelling():
    for code in REASON_CODES:
        texts = [reason_text(code, language) for language in ("de", "fr", "it", "en")]
        assert all(texts) and len(set(texts)) == 4, code
        assert "ß" not in texts[0]
    for code in ("invalid_number", "unreachable", "carrier_blocked", "bounced", "complaint", "rejected",
                 "sender_not_verified"):
        assert code in REASON_CODES


def test_an_unknown_code_gets_a_generic_text_and_no_code_none():
    assert reason_text("new_code_from_later", "fr") == "Voir le code."
    assert reason_text(None) is None
    assert reason_text("bounced", "xx") == reason_text("bounced", "de")
