"""Messaging end to end on the emulated SNS, SES and DynamoDB: manual sends, history, usage,
previews, the automatic path's skip, and SES bounce feedback. The history's order, paging and
filters are unit tests on the in-memory store (tests/unit/test_history_service.py)."""
from __future__ import annotations

import json
from email import policy
from email.parser import BytesParser

import pytest

from tests.api.fixtures_messaging import (  # noqa: F401
    as_stored,
    create_customer,
    moto_emails,
    moto_sms,
    provider_calls,
    token_of,
    verified_sender,
)
from tests.conftest import body


def test_a_manual_login_link_by_sms_goes_out_under_the_sender_id_and_costs_one_part(api, provider_calls):
    anna = create_customer(api)

    response = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"})

    assert response.status_code == 201
    record = body(response)
    assert record["status"] == "sent" and record["channel"] == "sms" and record["trigger"] == "manual"
    assert record["to"] == "+41791234567" and record["parts"] == 1 and record["cost_chf"] == "0.12"
    assert record["text"].startswith("Hallo Anna") and "https://shop.optik-muster.ch/l/•••" in record["text"]
    [(to, sent)] = moto_sms()
    assert to == "+41791234567" and record["text"] == as_stored(sent) != sent
    [call] = provider_calls["sms"]
    assert call["MessageAttributes"]["AWS.SNS.SMS.SenderID"]["StringValue"] == "OptikMuster"
    assert call["MessageAttributes"]["AWS.SNS.SMS.SMSType"]["StringValue"] == "Transactional"
    assert body(api.get(f"/customers/{anna['id']}/messages"))["items"] == [record]
    month = record["created_at"][:7]
    assert body(api.get(f"/usage?month={month}")) == {
        "month": month, "sms_messages": 1, "sms_parts": 1, "sms_cost_chf": "0.12", "emails": 0,
        "sms_monthly_limit_chf": "300.00", "sms_limit_used_percent": 0, "sms_limit_warning": False}


def test_a_manual_login_link_by_email_for_gold_carries_branding_text_part_and_unsubscribe_headers(
        api, optician, verified_sender, provider_calls):
    anna = create_customer(api, preferred_channel="email")

    record = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))

    assert record["status"] == "sent" and record["channel"] == "email" and record["cost_chf"] == "0.00"
    [sent] = moto_emails()
    mime = BytesParser(policy=policy.default).parsebytes(sent.raw_data.encode())
    assert str(mime["From"]) == "Optik Muster <kontakt@optik-muster.ch>"
    assert str(mime["To"]) == "anna.aebi@example.ch" and str(mime["Reply-To"]) == "laden@optik-muster.ch"
    assert str(mime["Subject"]) == record["subject"]
    unsubscribe = mime["List-Unsubscribe"]
    assert unsubscribe.startswith(f"<http://127.0.0.1:8000/unsubscribe/{optician[0]['id']}/")
    assert mime["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = mime.get_body(("html",)).get_content()
    text = mime.get_body(("plain",)).get_content()
    assert "#0A5FAA" in html and "https://optik-muster.ch/logo.png" in html  # the optician's branding
    assert "https://shop.optik-muster.ch/l/" in html and "https://shop.optik-muster.ch/l/" in text
    assert "<" not in text  # a real plain-text part, not HTML
    assert record["html"] == as_stored(html.replace("\r\n", "\n"))
    assert "/l/•••" in record["html"] and f"/unsubscribe/{optician[0]['id']}/•••" in record["html"]
    usage = body(api.get(f"/usage?month={record['created_at'][:7]}"))
    assert usage["emails"] == 1 and usage["sms_messages"] == 0
    tags = {tag["Name"]: tag["Value"] for tag in provider_calls["email"][0]["Tags"]}
    assert tags["optician_id"] == optician[0]["id"] and tags["customer_id"] == anna["id"]


def test_a_silver_opticians_email_preferring_customer_gets_an_sms(new_optician):
    _, silver = new_optician(package="silver")
    anna = create_customer(silver, preferred_channel="email")

    record = body(silver.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))

    assert record["channel"] == "sms" and record["status"] == "sent"
    assert moto_emails() == []


def test_a_manual_send_to_a_topic_switched_off_is_refused_with_409_and_nothing_recorded(api):
    anna = create_customer(api)
    api.put(f"/customers/{anna['id']}/preferences", {"topics": {"marketing": False}})

    response = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"})

    assert response.status_code == 409
    error = body(response)["error"]
    assert error["code"] == "topic_off" and "marketing" in error["message"]
    assert body(api.get(f"/customers/{anna['id']}/messages"))["items"] == []
    assert moto_sms() == []


def test_an_automatic_message_to_a_topic_switched_off_is_recorded_skipped(api, optician):
    from chalicelib.services.customers import customers
    from chalicelib.services.opticians import opticians
    from chalicelib.services.messaging.send import send_message

    anna = create_customer(api)
    api.put(f"/customers/{anna['id']}/preferences", {"topics": {"control": False}})
    oid = optician[0]["id"]

    send_message(opticians.get_settings(oid), customers.get_customer(oid, anna["id"]), "control_reminder",
                 trigger="automatic", idempotency_key="REMINDER#control#c1#2026-03-27")

    [record] = body(api.get(f"/customers/{anna['id']}/messages?status=skipped"))["items"]
    assert record["kind"] == "control_reminder" and record["reason"] == "topic_off"
    assert record["trigger"] == "automatic" and moto_sms() == []


@pytest.mark.parametrize("settings_change, kind, field", [
    ({"webapp_url": None}, "webapp_install", "settings.webapp_url"),
    ({"webshop_url": None}, "webshop_login", "settings.webshop_url"),
])
def test_a_manual_send_the_optician_has_not_set_up_is_422_naming_the_setting(new_optician, settings_change,
                                                                               kind, field):
    _, api = new_optician(**settings_change)
    anna = create_customer(api)

    response = api.post(f"/customers/{anna['id']}/messages", {"kind": kind})

    assert response.status_code == 422 and body(response)["error"]["field"] == field
    assert body(api.get(f"/customers/{anna['id']}/messages"))["items"] == []


def test_sending_the_lens_passport_needs_a_passport(api):
    anna = create_customer(api)

    response = api.post(f"/customers/{anna['id']}/messages", {"kind": "lens_passport"})

    assert response.status_code == 422 and body(response)["error"]["field"] == "kind"


def test_the_lens_passport_message_links_to_the_webshop(api):
    anna = create_customer(api)
    api.post(f"/customers/{anna['id']}/lens-passports", {
        "right": {"product_id": body(api.get("/products"))["items"][0]["id"], "base_curve": 8.6, "sphere": -2.5},
        "issued_on": "2026-01-10"})

    record = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "lens_passport"}))

    assert record["status"] == "sent" and record["topic"] == "service"
    assert "https://shop.optik-muster.ch/l/" in record["text"]


@pytest.mark.parametrize("payload, field", [
    ({"kind": "repurchase_reminder"}, "kind"),   # automatic only
    ({"kind": "fax"}, "kind"),
    ({}, "kind"),
    ({"kind": "webshop_login", "extra": 1}, "extra"),
])
def test_bad_manual_send_requests_are_422_naming_the_field(api, payload, field):
    anna = create_customer(api)

    response = api.post(f"/customers/{anna['id']}/messages", payload)

    assert response.status_code == 422 and body(response)["error"]["field"] == field


def test_a_retried_manual_request_with_the_same_idempotency_key_sends_once(api):
    anna = create_customer(api)
    headers = {"Idempotency-Key": "click-2026-03-27-0001"}

    first = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}, headers=headers)
    second = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}, headers=headers)

    assert body(first) == body(second)
    assert len(moto_sms()) == 1


def test_a_transient_sns_error_answers_503_records_nothing_and_a_retry_sends_once(api, monkeypatch):
    from botocore.stub import Stubber

    from chalicelib.adapters.sms import get_sns_client

    anna = create_customer(api)
    with Stubber(get_sns_client()) as stub:
        stub.add_client_error("publish", service_error_code="Throttling", http_status_code=400)
        response = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"})

    assert response.status_code == 503 and body(response)["error"]["code"] == "provider_unavailable"
    assert body(api.get(f"/customers/{anna['id']}/messages"))["items"] == []

    retry = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"})
    assert body(retry)["status"] == "sent"
    assert len(moto_sms()) == 1
    assert body(api.get(f"/usage?month={body(retry)['created_at'][:7]}"))["sms_messages"] == 1


def test_an_invalid_number_is_recorded_failed_with_the_reason(api, optician):
    from botocore.stub import Stubber

    from chalicelib.adapters.sms import get_sns_client

    anna = create_customer(api)
    with Stubber(get_sns_client()) as stub:  # SNS refuses the number (a number gone out of service)
        stub.add_client_error("publish", service_error_code="InvalidParameter", http_status_code=400)
        record = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))

    assert record["status"] == "failed" and record["reason"] == "invalid_number" and record["cost_chf"] == "0.00"
    assert body(api.get(f"/usage?month={record['created_at'][:7]}"))["sms_cost_chf"] == "0.00"


def test_a_stored_number_of_no_country_is_never_handed_to_sns(api, optician):
    from chalicelib.adapters.dynamo import customers

    anna = create_customer(api, email=None)
    customers.update(optician[0]["id"], anna["id"], {"mobile": "0041"})  # stored directly: the API refuses it

    response = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"})

    assert response.status_code == 422 and body(response)["error"]["code"] == "country_not_allowed"
    assert moto_sms() == []


@pytest.mark.parametrize("query, field", [("kind=fax", "kind"), ("status=lost", "status"), ("limit=0", "limit"),
                                          ("cursor=garbage", "cursor")])
def test_bad_history_queries_are_422(api, query, field):
    anna = create_customer(api)

    response = api.get(f"/customers/{anna['id']}/messages?{query}")

    assert response.status_code == 422 and body(response)["error"]["field"] == field


def test_another_opticians_customer_is_404_for_history_sends_previews_and_links(api, new_optician):
    anna = create_customer(api)
    _, other = new_optician()

    assert other.get(f"/customers/{anna['id']}/messages").status_code == 404
    assert other.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}).status_code == 404
    assert other.post("/messages/preview", {"kind": "webshop_login", "customer_id": anna["id"]}).status_code == 404
    assert other.delete(f"/customers/{anna['id']}/links").status_code == 404
    assert moto_sms() == []


@pytest.mark.parametrize("month", ["2026-13", "2026-3", "march", "2026-00", "26-03"])
def test_usage_of_a_bad_month_is_422(api, month):
    response = api.get(f"/usage?month={month}")

    assert response.status_code == 422 and body(response)["error"]["field"] == "month"


def test_usage_of_a_month_without_messages_is_zero_and_counts_only_this_optician(api, new_optician):
    anna = create_customer(api)
    record = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))
    _, other = new_optician()

    assert body(other.get(f"/usage?month={record['created_at'][:7]}")) == {
        "month": record["created_at"][:7], "sms_messages": 0, "sms_parts": 0, "sms_cost_chf": "0.00", "emails": 0,
        "sms_monthly_limit_chf": "300.00", "sms_limit_used_percent": 0, "sms_limit_warning": False}
    assert body(api.get("/usage?month=2020-01"))["sms_messages"] == 0


def test_a_preview_shows_text_parts_and_cost_without_creating_a_link_or_sending(api):
    anna = create_customer(api)

    preview = body(api.post("/messages/preview", {"kind": "webshop_login", "customer_id": anna["id"]}))

    assert preview["channel"] == "sms" and preview["parts"] == 1 and preview["cost_chf"] == "0.12"
    assert preview["text"].startswith("Hallo Anna") and "/l/XXXXXXXXXXXXXXXXXXXXXX" in preview["text"]
    assert moto_sms() == []
    assert body(api.get(f"/customers/{anna['id']}/messages"))["items"] == []
    assert body(api.delete(f"/customers/{anna['id']}/links")) == {"revoked": 0}


def test_a_preview_has_the_length_and_cost_of_the_real_message(api):
    anna = create_customer(api, first_name="Michał", language="fr")

    preview = body(api.post("/messages/preview", {"kind": "webshop_login", "customer_id": anna["id"]}))
    sent = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))

    assert preview["encoding"] == "UCS-2"
    [(_, sent_text)] = moto_sms()
    assert (len(preview["text"]), preview["parts"], preview["cost_chf"]) == (
        len(sent_text), sent["parts"], sent["cost_chf"])


def test_a_preview_by_email_has_subject_html_and_text(api):
    anna = create_customer(api, preferred_channel="email")

    preview = body(api.post("/messages/preview", {"kind": "order_confirmation", "customer_id": anna["id"]}))

    assert preview["channel"] == "email" and preview["subject"] and "<html" in preview["html"]
    assert preview["parts"] == 0 and preview["cost_chf"] == "0.00"


@pytest.mark.parametrize("payload_change, field", [
    ({"kind": "fax"}, "kind"),
    ({"channel": "pigeon"}, "channel"),
    ({"customer_id": None}, "customer_id"),
    ({"data": []}, "data"),
])
def test_bad_preview_requests_are_422(api, payload_change, field):
    anna = create_customer(api)
    payload = {"kind": "webshop_login", "customer_id": anna["id"], **payload_change}

    response = api.post("/messages/preview", {k: v for k, v in payload.items() if v is not None})

    assert response.status_code == 422 and body(response)["error"]["field"] == field


def test_a_silver_optician_cannot_preview_an_email(new_optician):
    _, silver = new_optician(package="silver")
    anna = create_customer(silver)

    response = silver.post("/messages/preview", {"kind": "webshop_login", "customer_id": anna["id"],
                                                 "channel": "email"})

    assert response.status_code == 422 and body(response)["error"]["field"] == "channel"


def test_a_bounce_fails_the_email_blocks_the_address_and_the_next_message_goes_by_sms(
        client, api, verified_sender, provider_calls):
    anna = create_customer(api, preferred_channel="email")
    record = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))
    tags = {tag["Name"]: [tag["Value"]] for tag in provider_calls["email"][0]["Tags"]}
    event = {"eventType": "Bounce",
             "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
                        "bouncedRecipients": [{"emailAddress": "anna.aebi@example.ch"}]},
             "mail": {"messageId": record["provider_message_id"], "tags": tags}}

    client.lambda_.invoke("ses_feedback", client.events.generate_sns_event(message=json.dumps(event)))

    [failed] = body(api.get(f"/customers/{anna['id']}/messages"))["items"]
    assert failed["status"] == "failed" and failed["reason"] == "bounced" and failed["failed_at"]
    assert failed["reason_detail"] == "Permanent/General"
    assert body(api.get(f"/customers/{anna['id']}"))["email_blocked"] is True
    assert body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))["channel"] == "sms"

    # A new address lifts the block.
    api.patch(f"/customers/{anna['id']}", {"email": "anna@new.example.ch"})
    assert body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))["channel"] == "email"
