"""Pure parts of messaging: provider error classes, MIME, months, record shape (receipts: test_receipts.py)."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from email import policy
from email.parser import BytesParser

import pytest
from botocore.exceptions import ClientError, ConnectTimeoutError, EndpointConnectionError, ReadTimeoutError

from chalicelib.adapters.email import OutgoingEmail, build_mime, tag_value
from chalicelib.adapters.provider_errors import PermanentSendError, TransientSendError, classify
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.message import Message
from chalicelib.domain.reasons import reason_text
from chalicelib.services.messaging.history import PUBLIC_FIELDS, present
from chalicelib.services.messaging.usage import month_of


def client_error(code: str, status: int) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": "..."}, "ResponseMetadata": {"HTTPStatusCode": status}},
                       "Publish")


@pytest.mark.parametrize("error, expected, reason", [
    (client_error("Throttling", 400), TransientSendError, None),
    (client_error("InternalError", 500), TransientSendError, None),
    (client_error("Anything", 503), TransientSendError, None),
    (client_error("TooManyRequestsException", 429), TransientSendError, None),
    (client_error("AccountSendingPausedException", 400), TransientSendError, None),
    (ConnectTimeoutError(endpoint_url="https://sns"), TransientSendError, None),
    (EndpointConnectionError(endpoint_url="https://sns"), TransientSendError, None),
    (client_error("InvalidParameter", 400), PermanentSendError, "invalid_number"),
    (client_error("SomethingNew", 400), PermanentSendError, "provider_rejected"),
    (ReadTimeoutError(endpoint_url="https://sns"), PermanentSendError, "outcome_unknown"),
])
def test_provider_errors_are_transient_only_when_nothing_can_have_been_sent(error, expected, reason):
    classified = classify(error, {"InvalidParameter": "invalid_number"}, "provider_rejected")

    assert isinstance(classified, expected)
    if reason:
        assert classified.reason == reason


def test_an_error_that_is_not_the_providers_is_left_alone():
    bug = KeyError("x")

    assert classify(bug, {}, "provider_rejected") is bug


def email(**overrides) -> OutgoingEmail:
    values = dict(from_name="Optik Zürich", from_address="kontakt@optik.ch", to="anna@example.ch",
                  subject="Grüsse", text="Hallo\n", html="<p>Hallo</p>", reply_to=None,
                  headers={"List-Unsubscribe": "<https://api.example/unsubscribe/opt_1/" + "a" * 40 + ">",
                           "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"})
    values.update(overrides)
    return OutgoingEmail(**values)


def test_the_mime_message_is_7bit_with_text_before_html_and_the_unsubscribe_url_unfolded():
    raw = build_mime(email())

    assert all(byte < 128 for byte in raw)
    mime = BytesParser(policy=policy.default).parsebytes(raw)
    assert mime.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in mime.iter_parts()] == ["text/plain", "text/html"]
    assert f"List-Unsubscribe: <https://api.example/unsubscribe/opt_1/{'a' * 40}>\r\n".encode() in raw
    assert mime["Reply-To"] is None
    assert mime["From"].addresses[0].display_name == "Optik Zürich"


def test_a_header_value_with_a_line_break_is_refused():
    with pytest.raises(ValueError):
        build_mime(email(headers={"List-Unsubscribe": "<https://x>\r\nBcc: all@example.ch"}))


def test_tag_values_are_made_acceptable_to_ses():
    assert tag_value("opt_01abc") == "opt_01abc"
    assert tag_value("a#b c") == "a_b_c"


def test_usage_months_are_the_opticians_local_months():
    assert month_of(datetime(2026, 2, 28, 23, 30, tzinfo=timezone.utc), "Europe/Zurich") == "2026-03"
    assert month_of(datetime(2026, 2, 28, 22, 30, tzinfo=timezone.utc), "Europe/Zurich") == "2026-02"


def test_a_record_shows_money_as_a_two_decimal_string_its_reason_in_words_and_no_internals():
    record = Message(id="msg_1", customer_id="cus_1", kind="repurchase_reminder", topic="repurchase",
                     trigger="automatic", status="failed", created_at="2026-03-01T08:00:00.000000+00:00",
                     updated_at="2026-03-01T08:00:01.000000+00:00", channel="sms", reason="invalid_number",
                     parts=3, cost_chf=Decimal("0.3"))

    shown = present(record, "fr")

    assert list(shown) == list(PUBLIC_FIELDS)  # the API's order, nothing else
    assert shown["cost_chf"] == "0.30" and shown["parts"] == 3 and shown["reason"] == "invalid_number"
    assert shown["reason_text"] == reason_text("invalid_number", "fr") and shown["reason_text"]
    assert shown["sent_at"] is None and shown["id"] == "msg_1"
