"""The one send path on the emulated table, with SNS and SES replaced by in-memory fakes: what needs
DynamoDB (links in the claim, races, reminders and their counters). The rules of claiming, refusing
and closing a send are unit tests on the in-memory store (tests/unit/test_send_service.py)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from chalicelib.domain.errors import TransientSendError
from chalicelib.domain.message import Message
from tests.integration.fixtures_messaging import gold, make_customer, make_optician, providers  # noqa: F401
from tests.conftest import as_stored
from tests.integration.fixtures_scheduling import aws_calls  # noqa: F401

NOW = datetime(2026, 3, 27, 8, 0, tzinfo=timezone.utc)
LIMIT_300 = {"sms_monthly_limit_chf": "300.00", "sms_limit_used_percent": 0, "sms_limit_warning": False}


def send(optician, customer, kind="webshop_login", key="k-1", trigger="manual", **kw):
    from chalicelib.services.messaging.send import send_message

    return send_message(optician, customer, kind, trigger=trigger, idempotency_key=key, **kw)


def history(optician, customer, **params):
    from chalicelib.schemas.messages import HistoryQuery
    from chalicelib.services.messaging.history import list_messages

    return list_messages(optician.id, customer.id, HistoryQuery(**params))["items"]


def usage(optician, month="2026-03"):
    from chalicelib.schemas.messages import UsageQuery
    from chalicelib.services.messaging.usage import get_usage

    return get_usage(optician.id, UsageQuery(month=month))


def test_an_sms_goes_out_under_the_sender_id_with_a_personal_link_and_is_recorded_with_its_cost(
        gold, make_customer, providers):
    sms, _ = providers
    anna = make_customer(gold)

    record = send(gold, anna, now=NOW)

    assert record["status"] == "sent" and record["channel"] == "sms"
    assert record["to"] == "+41791234567"
    assert record["parts"] == 1 and record["cost_chf"] == "0.12"
    assert record["trigger"] == "manual" and record["topic"] == "marketing"
    assert record["provider_message_id"] == sms.sent[0]["id"]
    [sent] = sms.sent
    assert sent["sender_id"] == "OptikMuster" and sent["sms_type"] == "Transactional"
    # The history keeps the text exact but for the link's token (SPEC §9); the SMS carries the real link.
    assert record["text"] == as_stored(sent["text"]) != sent["text"]
    assert "https://shop.optik-muster.ch/l/•••" in record["text"]
    assert history(gold, anna) == [record]
    assert usage(gold) == {"month": "2026-03", "sms_messages": 1, "sms_parts": 1, "sms_cost_chf": "0.12", "emails": 0,
                           **LIMIT_300}


def test_the_link_in_the_message_logs_this_customer_in_for_its_purpose(gold, make_customer, providers):
    from chalicelib.services.links import links

    anna = make_customer(gold)
    send(gold, anna, kind="webshop_login")
    token = providers[0].sent[0]["text"].split("/l/")[1].split()[0]

    found = links.resolve(gold.id, token)

    assert found["customer_id"] == anna.id and found["purpose"] == "login"
    assert len(token) >= 22  # 128 random bits, URL-safe


def test_the_same_idempotency_key_sends_once_and_returns_the_first_record(gold, make_customer, providers):
    sms, _ = providers
    anna = make_customer(gold)

    first = send(gold, anna, key="order_confirmation#ord_1", kind="order_confirmation", trigger="automatic",
                 data={"order": {"id": "ord_1", "delivery": "home", "lines": []}})
    again = send(gold, anna, key="order_confirmation#ord_1", kind="order_confirmation", trigger="automatic",
                 data={"order": {"id": "ord_1", "delivery": "home", "lines": []}})

    assert again == first
    assert len(sms.sent) == 1
    assert usage(gold, first["created_at"][:7])["sms_messages"] == 1


def test_a_race_for_the_same_key_sends_once(gold, make_customer, providers, monkeypatch):
    # GIVEN a first worker has claimed the key and is talking to the provider, WHEN a second
    # worker sends the same key THEN its claim fails: it is told the send is in progress (and
    # retries later), and afterwards answers with the first record instead of sending again.
    from chalicelib.services.messaging.send import SendInProgress

    sms, _ = providers
    anna = make_customer(gold)
    real_send_sms = sms.send_sms
    seen = {}

    def meanwhile_a_second_worker(*args):
        with pytest.raises(SendInProgress):
            send(gold, anna, key="race")
        seen["second"] = True
        return real_send_sms(*args)

    monkeypatch.setattr(sms, "send_sms", meanwhile_a_second_worker)
    first = send(gold, anna, key="race")
    monkeypatch.setattr(sms, "send_sms", real_send_sms)

    assert seen == {"second": True}
    assert send(gold, anna, key="race") == first
    assert len(sms.sent) == 1 and history(gold, anna) == [first]


def test_a_new_key_is_claimed_without_reading_first_links_included(gold, make_customer, providers, aws_calls):
    # Claim first: the claim, the pending record and the personal link go in one transaction;
    # the key is read only when that claim fails.
    anna = make_customer(gold)
    aws_calls.clear()

    record = send(gold, anna, key="fresh", kind="webshop_login")

    assert record["status"] == "sent"
    assert dict(aws_calls) == {("dynamodb", "TransactWriteItems"): 2}  # claim (+ link), final record (+ usage)


def test_silver_sends_an_email_preferring_customer_an_sms(make_optician, make_customer, providers):
    sms, email = providers
    silver = make_optician(package="silver")
    anna = make_customer(silver, preferred_channel="email")

    record = send(silver, anna)

    assert record["channel"] == "sms" and len(sms.sent) == 1 and email.sent == []


def test_gold_sends_email_from_the_optician_with_unsubscribe_headers_and_tags(gold, make_customer, providers):
    _, email = providers
    anna = make_customer(gold, preferred_channel="email")

    record = send(gold, anna, now=NOW)

    assert record["channel"] == "email" and record["to"] == "anna.aebi@example.ch"
    assert record["parts"] == 0 and record["cost_chf"] == "0.00"
    [sent] = email.sent
    message = sent["message"]
    assert (message.from_name, message.from_address, message.reply_to) == (
        "Optik Muster", "kontakt@optik-muster.ch", "laden@optik-muster.ch")
    assert message.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.headers["List-Unsubscribe"].startswith(f"<http://127.0.0.1:8000/unsubscribe/{gold.id}/")
    assert message.tags["optician_id"] == gold.id and message.tags["customer_id"] == anna.id
    assert record["html"] == as_stored(message.html) and record["subject"] == message.subject
    assert f"/unsubscribe/{gold.id}/•••" in record["html"] and "/l/•••" in record["text"]
    assert usage(gold)["emails"] == 1 and usage(gold)["sms_messages"] == 0


def test_a_blocked_email_address_falls_back_to_sms(gold, make_customer, providers):
    from chalicelib.adapters.dynamo import customers

    sms, email = providers
    anna = make_customer(gold, preferred_channel="email")
    customers.set_email_blocked(gold.id, anna.id, "bounce: Permanent/General")
    anna = customers.get(gold.id, anna.id)

    record = send(gold, anna)

    assert record["channel"] == "sms" and email.sent == [] and len(sms.sent) == 1


def test_a_transient_provider_error_records_nothing_and_the_retry_sends_once(gold, make_customer, providers):
    sms, _ = providers
    anna = make_customer(gold)
    sms.fail_next(TransientSendError("Throttling"))
    key = "REMINDER#control#c1#2026-03-27"

    with pytest.raises(TransientSendError):
        send(gold, anna, kind="control_reminder", key=key, trigger="automatic", now=NOW)
    assert history(gold, anna) == [] and sms.sent == []
    assert usage(gold)["sms_messages"] == 0 and usage(gold)["sms_cost_chf"] == "0.00"  # the spend given back

    record = send(gold, anna, kind="control_reminder", key=key, trigger="automatic", now=NOW)
    again = send(gold, anna, kind="control_reminder", key=key, trigger="automatic", now=NOW)

    assert record["status"] == "sent" and again == record
    assert len(sms.sent) == 1
    assert [m["id"] for m in history(gold, anna)] == [record["id"]]
    assert usage(gold) == {"month": "2026-03", "sms_messages": 1, "sms_parts": record["parts"],
                           "sms_cost_chf": record["cost_chf"], "emails": 0, **LIMIT_300}


def test_a_send_held_by_another_worker_is_in_progress_and_after_its_lease_failed_not_resent(
        gold, make_customer, providers, monkeypatch):
    from chalicelib.adapters.dynamo import messages
    from chalicelib.services.messaging import send as send_module

    sms, _ = providers
    anna = make_customer(gold)
    # GIVEN a worker claimed the key and died before recording the outcome
    record = Message(id="msg_dead", customer_id=anna.id, kind="webshop_login", topic="marketing", channel="sms",
                     to=anna.mobile, text="Hallo", status="pending", parts=1, cost_chf=Decimal("0.12"),
                     trigger="automatic", created_at=NOW.isoformat(), updated_at=NOW.isoformat())
    sk = messages.message_sk(NOW.isoformat(), "msg_dead")
    lease = int(datetime.now(timezone.utc).timestamp()) + 600
    spend = messages.spend_write(gold.id, "2026-03", Decimal("0.12"), Decimal("300"))
    messages.claim(gold.id, anna.id, "dead-key", sk, record, status="pending", attempt="a1", lease_until=lease,
                   limits=((spend, "limit_reached"),), reserved=("2026-03", Decimal("0.12")))

    with pytest.raises(send_module.SendInProgress):
        send(gold, anna, key="dead-key")
    assert usage(gold)["sms_cost_chf"] == "0.12"  # counted against the limit while it may be sending

    # WHEN the lease has run out THEN the message is closed as failed, never sent twice
    monkeypatch.setattr(send_module.time, "time", lambda: lease + 1)
    closed = send(gold, anna, key="dead-key")
    assert closed["id"] == "msg_dead" and closed["status"] == "failed" and closed["reason"] == "interrupted"
    assert sms.sent == []
    assert usage(gold)["sms_messages"] == 0 and usage(gold)["sms_cost_chf"] == "0.00"


def test_a_kind_the_optician_has_not_set_up_is_failed_not_configured(make_optician, make_customer, providers):
    sms, _ = providers
    no_shop = make_optician(webshop_url=None)
    anna = make_customer(no_shop)

    record = send(no_shop, anna, kind="repurchase_reminder", key="REMINDER#repurchase#r#2026-03-27",
                  trigger="automatic")

    assert record["status"] == "failed" and record["reason"] == "not_configured"
    assert record["reason_detail"] == "settings.webshop_url"
    assert sms.sent == []


def test_a_text_with_a_character_outside_gsm7_is_billed_as_ucs2_parts(gold, make_customer, providers):
    # The templates keep SMS in GSM-7 where they can ("François" is written "Francois");
    # a letter without a GSM-7 form (ł) stays, and the whole SMS is then UCS-2: 70 per part.
    from chalicelib.domain.sms_parts import count_parts

    michal = make_customer(gold, first_name="Michał", language="fr")

    record = send(gold, michal, now=NOW)

    assert "ł" in record["text"]
    size = count_parts(record["text"])
    # 67 per part once split; left unsigned (the sender ID names the optician), it fits two parts, not three
    assert size.encoding == "UCS-2" and 70 < len(record["text"]) <= 134
    assert record["text"].splitlines()[-1] != gold.name
    assert record["parts"] == size.parts == 2
    assert record["cost_chf"] == "0.24"
    assert usage(gold)["sms_cost_chf"] == "0.24" and usage(gold)["sms_parts"] == 2


def test_a_french_name_with_c_cedilla_is_written_in_gsm7_and_costs_one_part(gold, make_customer, providers):
    francois = make_customer(gold, first_name="François", language="fr")

    record = send(gold, francois, now=NOW)

    assert "Francois" in record["text"] and record["parts"] == 1 and record["cost_chf"] == "0.12"


def test_usage_counts_in_the_opticians_month_and_sums_exactly(gold, make_customer, providers):
    anna = make_customer(gold)
    # 23:30 UTC on 28 February is already 1 March in Zurich.
    late = datetime(2026, 2, 28, 23, 30, tzinfo=timezone.utc)
    for n in range(10):
        send(gold, anna, key=f"k-{n}", now=late + timedelta(seconds=n))

    assert usage(gold, "2026-02")["sms_messages"] == 0
    march = usage(gold, "2026-03")
    assert march["sms_messages"] == 10 and march["sms_cost_chf"] == "1.20"


def test_an_order_message_without_its_order_is_failed_invalid_data_not_dropped(gold, make_customer, providers):
    sms, _ = providers
    anna = make_customer(gold)

    record = send(gold, anna, kind="order_confirmation", key="order_confirmation#ord_x", trigger="automatic")

    assert record["status"] == "failed" and record["reason"] == "invalid_data"
    assert record["reason_detail"] == "data.order" and sms.sent == []
