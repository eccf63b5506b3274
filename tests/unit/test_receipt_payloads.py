"""Receipts from untrusted or incomplete provider payloads: every field of the receipt the history
shows, the defaults when SES or SNS leave something out, and the CloudWatch Logs stand-in used by
local mode (test_receipts.py has the well-formed cases)."""
from __future__ import annotations

import base64
import gzip
import json
import time
from datetime import datetime, timezone

import pytest

from chalicelib.domain.receipts import (
    Receipt,
    decode_awslogs,
    encode_awslogs,
    parse_ses_event,
    parse_sms_logs,
    parse_sms_record,
    sms_failure_reason,
    sms_provider_response,
)

MAIL = {"timestamp": "2026-12-05T09:00:00.000Z", "messageId": "ses-1"}


def ses(event_type: str, mail: object = MAIL, **details: object) -> str:
    return json.dumps({"eventType": event_type, "mail": mail, **details})


def sns_record(status: str, delivery: object = None, message_id: object = "sns-1",
               timestamp: object = "2026-12-05 09:00:00.558") -> str:
    return json.dumps({"notification": {"messageId": message_id, "timestamp": timestamp},
                       "delivery": delivery, "status": status})


def just_now(at: str) -> bool:
    moment = datetime.fromisoformat(at)
    return (at.endswith("+00:00") and moment.microsecond == 0
            and abs(datetime.now(timezone.utc) - moment).total_seconds() < 5)


# --- e-mail -----------------------------------------------------------------------------------

def test_a_complaint_is_a_failed_email_receipt_that_blocks_the_complaining_address():
    receipt = parse_ses_event(ses("Complaint", complaint={
        "timestamp": "2026-12-05T09:10:00.000Z", "complaintFeedbackType": "abuse",
        "complainedRecipients": [{"emailAddress": " Anna@Example.CH "}]}))

    assert receipt == Receipt("ses-1", "email", "failed", "2026-12-05T09:10:00+00:00", "complaint", "abuse",
                              block_address=True, recipients=("anna@example.ch",))


def test_a_complaint_without_a_feedback_type_says_complaint_and_a_long_one_is_cut_to_100():
    plain = parse_ses_event(ses("Complaint", complaint={}))
    long = parse_ses_event(ses("Complaint", complaint={"complaintFeedbackType": "x" * 150}))

    assert (plain.detail, plain.recipients) == ("complaint", ())
    assert long.detail == "x" * 100


def test_a_reject_is_a_failed_email_receipt_with_its_reason_or_bad_content():
    given = parse_ses_event(ses("Reject", reject={"reason": "Virus", "timestamp": "2026-12-05T09:01:00Z"}))
    default = parse_ses_event(ses("Reject", reject={}))
    long = parse_ses_event(ses("Reject", reject={"reason": "y" * 150}))

    assert given == Receipt("ses-1", "email", "failed", "2026-12-05T09:01:00+00:00", "rejected", "Virus")
    assert default.detail == "Bad content" and long.detail == "y" * 100


def test_a_bounce_without_type_is_undetermined_general_and_does_not_block():
    receipt = parse_ses_event(ses("Bounce", bounce={"timestamp": "2026-12-05T09:02:00Z"}))

    assert receipt == Receipt("ses-1", "email", "failed", "2026-12-05T09:02:00+00:00", "bounced",
                              "Undetermined/General", block_address=False, recipients=())


def test_a_bounce_detail_is_cut_to_100_characters():
    receipt = parse_ses_event(ses("Bounce", bounce={"bounceType": "Permanent", "bounceSubType": "z" * 150}))

    assert receipt.detail == ("Permanent/" + "z" * 150)[:100] and len(receipt.detail) == 100


def test_an_event_without_its_own_timestamp_takes_the_mails():
    assert parse_ses_event(ses("Delivery", delivery={})).at == "2026-12-05T09:00:00+00:00"


@pytest.mark.parametrize("raw", [
    ses("Delivery", mail="ses-1", delivery={}),                        # mail is not an object
    ses("Delivery", mail={"messageId": 42}, delivery={}),              # an id that is no string
    ses("Delivery", mail={"messageId": ""}, delivery={}),
])
def test_an_ses_event_without_a_usable_message_id_is_ignored(raw):
    assert parse_ses_event(raw) is None


def test_an_ses_event_whose_details_are_not_an_object_is_still_read():
    receipt = parse_ses_event(ses("Bounce", bounce="Permanent"))

    assert (receipt.reason, receipt.detail, receipt.at) == ("bounced", "Undetermined/General",
                                                            "2026-12-05T09:00:00+00:00")


# --- SMS ----------------------------------------------------------------------------------------

def test_a_failed_sms_receipt_has_every_field():
    receipt = parse_sms_record(sns_record("FAILURE", {"providerResponse": "Phone number is opted out"}))

    assert receipt == Receipt("sns-1", "sms", "failed", "2026-12-05T09:00:00+00:00", "opted_out", "opted out")


def test_a_failure_without_delivery_details_is_unreachable_other():
    for delivery in (None, "garbage", {}):
        receipt = parse_sms_record(sns_record("FAILURE", delivery))
        assert (receipt.outcome, receipt.reason, receipt.detail) == ("failed", "unreachable", "other")


@pytest.mark.parametrize("record", [
    sns_record("PENDING"), sns_record(""), sns_record("FAILURE", message_id=7), sns_record("SUCCESS", message_id=""),
])
def test_a_record_with_an_unknown_status_or_no_usable_id_is_no_receipt(record):
    assert parse_sms_record(record) is None


def test_log_events_that_are_not_objects_are_skipped():
    data = {"messageType": "DATA_MESSAGE", "logEvents": ["garbage", None, {"message": sns_record("SUCCESS")}]}
    payload = {"awslogs": {"data": base64.b64encode(gzip.compress(json.dumps(data).encode())).decode()}}

    assert [r.provider_message_id for r in parse_sms_logs(payload)] == ["sns-1"]


def test_a_payload_that_is_not_a_json_object_is_not_decoded():
    payload = {"awslogs": {"data": base64.b64encode(gzip.compress(b"[1, 2]")).decode()}}

    assert decode_awslogs(payload) is None and parse_sms_logs(payload) == []


@pytest.mark.parametrize("reason, response", [
    ("invalid_number", "Invalid phone number"), ("opted_out", "Phone number is opted out"),
    ("carrier_blocked", "Phone carrier has blocked this message"),
    ("unreachable", "Phone is currently unreachable/unavailable"),
    (None, "Phone is currently unreachable/unavailable"),
    ("internal_error", "Unknown error attempting to reach phone"),
])
def test_local_mode_logs_the_phrase_sns_logs_for_each_reason(reason, response):
    assert sms_provider_response(reason) == response
    assert sms_failure_reason(response)[0] == (reason if reason in ("invalid_number", "opted_out",
                                                                    "carrier_blocked") else "unreachable")


def test_the_local_stand_in_delivers_what_cloudwatch_logs_delivers():
    before = int(time.time() * 1000)
    decoded = decode_awslogs(encode_awslogs("sns/x/DirectPublishToPhoneNumber", ["a", "b"]))
    after = int(time.time() * 1000)

    stamps = [event.pop("timestamp") for event in decoded["logEvents"]]
    assert decoded == {"messageType": "DATA_MESSAGE", "owner": "000000000000",
                       "logGroup": "sns/x/DirectPublishToPhoneNumber", "logStream": "kontakt-local",
                       "subscriptionFilters": ["kontakt-sms-receipts"],
                       "logEvents": [{"id": "0", "message": "a"}, {"id": "1", "message": "b"}]}
    assert all(before <= stamp <= after for stamp in stamps)  # epoch milliseconds, like CloudWatch's
    assert decode_awslogs(encode_awslogs("g", [], owner="123456789012"))["owner"] == "123456789012"


# --- timestamps -----------------------------------------------------------------------------------

@pytest.mark.parametrize("timestamp", [None, "", "yesterday", 1796461200])
def test_a_missing_or_unreadable_timestamp_is_now_in_utc_whole_seconds(timestamp):
    receipt = parse_sms_record(sns_record("SUCCESS", timestamp=timestamp))

    assert just_now(receipt.at)


def test_provider_times_are_utc_whatever_the_servers_zone(server_zone):
    server_zone("Europe/Zurich")
    sms = parse_sms_record(sns_record("SUCCESS", timestamp="2026-12-05 09:00:00.558"))
    email = parse_ses_event(ses("Delivery", delivery={"timestamp": "2026-12-05T09:00:02.123+01:00"}))
    missing = parse_sms_record(sns_record("SUCCESS", timestamp=None))

    assert sms.at == "2026-12-05T09:00:00+00:00"      # SNS writes UTC without a zone
    assert email.at == "2026-12-05T08:00:02+00:00"
    assert just_now(missing.at)
