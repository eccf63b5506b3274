"""The SNS (SMS) and SES (e-mail) adapters against the emulator, and their error classification."""
from __future__ import annotations

from email import policy
from email.parser import BytesParser

import pytest
from botocore.exceptions import ReadTimeoutError
from botocore.stub import Stubber

from chalicelib.adapters import email as email_adapter
from chalicelib.adapters import sms as sms_adapter
from chalicelib.adapters.provider_errors import PermanentSendError, TransientSendError

REGION = "eu-central-2"


def moto_sms_messages() -> dict:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    return sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages


def moto_sent_emails() -> list:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages


@pytest.fixture
def captured_calls():
    """Parameters of every SNS Publish / SES SendRawEmail call (moto keeps no SMS attributes)."""
    calls = []

    def capture(params, **kwargs):
        calls.append(params)

    sns = sms_adapter.get_sns_client()
    ses = email_adapter.get_ses_client()
    sns.meta.events.register("provide-client-params.sns.Publish", capture)
    ses.meta.events.register("provide-client-params.ses.SendRawEmail", capture)
    yield calls
    sns.meta.events.unregister("provide-client-params.sns.Publish", capture)
    ses.meta.events.unregister("provide-client-params.ses.SendRawEmail", capture)


def test_an_sms_is_published_to_the_number_with_sender_id_and_type_per_message(aws, captured_calls):
    message_id = sms_adapter.send_sms("+41791234567", "Hallo Anna", "OptikMuster", "Transactional")

    assert moto_sms_messages()[message_id] == ("+41791234567", "Hallo Anna")
    [call] = captured_calls
    assert call["MessageAttributes"] == {
        "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": "OptikMuster"},
        "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"},
    }


def test_an_invalid_number_is_a_permanent_failure(aws):
    with pytest.raises(PermanentSendError) as failure:
        sms_adapter.send_sms("0791234567", "Hallo", "OptikMuster")

    assert failure.value.reason == "invalid_number"


@pytest.mark.parametrize("code, status, expected", [
    ("Throttling", 400, TransientSendError),
    ("Throttled", 429, TransientSendError),
    ("InternalError", 500, TransientSendError),
    ("KMSThrottling", 400, TransientSendError),
    ("AuthorizationError", 403, PermanentSendError),
])
def test_provider_errors_of_sns_are_classified(aws, code, status, expected):
    client = sms_adapter.get_sns_client()
    with Stubber(client) as stub:
        stub.add_client_error("publish", service_error_code=code, http_status_code=status)
        with pytest.raises(expected):
            sms_adapter.send_sms("+41791234567", "Hallo", "OptikMuster")


def test_an_opted_out_number_is_reported_as_opted_out(aws):
    client = sms_adapter.get_sns_client()
    with Stubber(client) as stub:
        stub.add_client_error("publish", service_error_code="InvalidParameter",
                              service_message="Invalid parameter: PhoneNumber Reason: phone number is opted out",
                              http_status_code=400)
        with pytest.raises(PermanentSendError) as failure:
            sms_adapter.send_sms("+41791234567", "Hallo", "OptikMuster")

    assert failure.value.reason == "opted_out"


def test_a_read_timeout_is_not_retried_because_the_sms_may_have_gone_out(aws):
    client = sms_adapter.get_sns_client()

    def time_out(**kwargs):
        raise ReadTimeoutError(endpoint_url="https://sns")

    client.meta.events.register("before-send.sns.Publish", time_out)
    try:
        with pytest.raises(PermanentSendError) as failure:
            sms_adapter.send_sms("+41791234567", "Hallo", "OptikMuster")
    finally:
        client.meta.events.unregister("before-send.sns.Publish", time_out)

    assert failure.value.reason == "outcome_unknown"


def outgoing(**overrides) -> email_adapter.OutgoingEmail:
    values = dict(from_name="Optik Müller & Söhne", from_address="kontakt@optik-muster.ch", to="anna@example.ch",
                  subject="Ihr Zugang zum Webshop – Optik Müller", text="Guten Tag Anna\n\nGrüsse\n",
                  html="<p>Guten Tag Anna</p><p>Grüsse</p>", reply_to="laden@optik-muster.ch",
                  headers={"List-Unsubscribe": "<https://api.kontakt.example/unsubscribe/opt_1/" + "t" * 22 + ">",
                           "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
                  tags={"optician_id": "opt_1", "customer_id": "cus_1", "message": "TUVTU0FHRSMy"})
    values.update(overrides)
    return email_adapter.OutgoingEmail(**values)


def test_an_email_is_sent_raw_with_reply_to_unsubscribe_headers_both_parts_and_tags(aws, captured_calls):
    import boto3

    boto3.client("ses", region_name=REGION).verify_email_identity(EmailAddress="kontakt@optik-muster.ch")

    message_id = email_adapter.send_email(outgoing(), configuration_set="kontakt-local")

    [stored] = moto_sent_emails()
    assert stored.id == message_id
    mime = BytesParser(policy=policy.default).parsebytes(stored.raw_data.encode())
    assert mime["From"].addresses[0].display_name == "Optik Müller & Söhne"
    assert mime["From"].addresses[0].addr_spec == "kontakt@optik-muster.ch"
    assert str(mime["Reply-To"]) == "laden@optik-muster.ch"
    assert str(mime["Subject"]) == "Ihr Zugang zum Webshop – Optik Müller"
    assert mime["List-Unsubscribe"] == "<https://api.kontakt.example/unsubscribe/opt_1/" + "t" * 22 + ">"
    assert mime["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mime.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Guten Tag Anna\n\nGrüsse\n"
    assert "<p>Grüsse</p>" in mime.get_body(("html",)).get_content()
    [call] = captured_calls
    assert call["ConfigurationSetName"] == "kontakt-local"
    assert {t["Name"]: t["Value"] for t in call["Tags"]} == {
        "optician_id": "opt_1", "customer_id": "cus_1", "message": "TUVTU0FHRSMy"}


def test_an_unverified_sender_is_rejected_permanently(aws):
    with pytest.raises(PermanentSendError) as failure:
        email_adapter.send_email(outgoing(from_address="nobody@unverified.example"))

    assert failure.value.reason == "rejected"


def test_ses_throttling_is_transient(aws):
    client = email_adapter.get_ses_client()
    with Stubber(client) as stub:
        stub.add_client_error("send_raw_email", service_error_code="Throttling",
                              service_message="Maximum sending rate exceeded.", http_status_code=400)
        with pytest.raises(TransientSendError):
            email_adapter.send_email(outgoing())
