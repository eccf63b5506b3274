"""GET /agenda lists what each entry needs of its customer from the index item itself
(``agenda_facts``): it must follow every change of the customer, their topics, contacts,
e-mail block and subscriptions, and read no customer record to do so."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from tests.api.fixtures_messaging import provider_calls, verified_sender  # noqa: F401
from tests.api.test_agenda import SUB_LINES, agenda, repurchase, weekday_in
from tests.api.test_conversion_report import new_customer, order, shop  # noqa: F401
from tests.conftest import body


def entry_of(api, customer) -> dict:
    [entry] = [e for e in agenda(api, "?days=30")["items"] if e["customer_id"] == customer["id"]
               and e["kind"] == "repurchase_reminder"]
    return entry


@pytest.fixture
def no_customer_reads(monkeypatch):
    """Fails the test if the agenda falls back to reading customer records."""
    from chalicelib.services import wiring

    def refuse(*_):
        raise AssertionError("the agenda read customer records")

    monkeypatch.setattr(wiring.stores().agenda_facts, "customers_by_id", refuse)


def test_a_new_name_shows_in_the_agenda(api, no_customer_reads):
    anna = new_customer(api)
    repurchase(api, anna, weekday_in(3))
    assert api.patch(f"/customers/{anna['id']}", {"last_name": "Meier-Aebi"}).status_code == 200
    assert entry_of(api, anna)["customer_name"] == "Anna Meier-Aebi"


def test_a_topic_switched_off_and_on_again_holds_and_releases_the_entry(api, no_customer_reads):
    anna = new_customer(api)
    repurchase(api, anna, weekday_in(3))
    api.put(f"/customers/{anna['id']}/preferences", {"topics": {"repurchase": False}})
    assert entry_of(api, anna)["held_reason"] == "topic_off"
    api.put(f"/customers/{anna['id']}/preferences", {"topics": {"repurchase": True}})
    assert entry_of(api, anna)["held"] is False


def test_changed_contacts_and_preferred_channel_change_the_channel(api, no_customer_reads):
    anna = new_customer(api)
    repurchase(api, anna, weekday_in(3))
    assert entry_of(api, anna)["channel"] == "sms"
    assert api.patch(f"/customers/{anna['id']}", {"email": "anna@example.ch", "mobile": None}).status_code == 200
    assert entry_of(api, anna)["channel"] == "email"
    api.patch(f"/customers/{anna['id']}", {"mobile": "079 111 22 33"})
    api.put(f"/customers/{anna['id']}/preferences", {"preferred_channel": "sms"})
    assert entry_of(api, anna)["channel"] == "sms"


def test_a_subscription_started_cancelled_and_deleted_covers_and_uncovers_the_repurchase_reminder(
        api, no_customer_reads):
    anna = new_customer(api)
    repurchase(api, anna, weekday_in(3))
    created = api.post(f"/customers/{anna['id']}/subscriptions", {
        "lines": SUB_LINES, "interval_weeks": 12, "next_order_on": weekday_in(20).isoformat(), "delivery": "home"})
    assert created.status_code == 201, created.body
    subscription = body(created)
    assert entry_of(api, anna)["held_reason"] == "subscription"
    path = f"/customers/{anna['id']}/subscriptions/{subscription['id']}"
    assert api.patch(path, {"active": False}).status_code == 200
    assert entry_of(api, anna)["held"] is False
    assert api.patch(path, {"active": True}).status_code == 200
    assert entry_of(api, anna)["held_reason"] == "subscription"
    assert api.delete(path).status_code == 204
    assert entry_of(api, anna)["held"] is False


def test_a_bounced_address_no_longer_counts_as_a_channel(client, api, verified_sender, provider_calls,  # noqa: F811
                                                         no_customer_reads):
    anna = new_customer(api, email="anna.aebi@example.ch", preferred_channel="email")
    repurchase(api, anna, weekday_in(3))
    assert entry_of(api, anna)["channel"] == "email"
    record = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))
    tags = {tag["Name"]: [tag["Value"]] for tag in provider_calls["email"][0]["Tags"]}
    event = {"eventType": "Bounce", "bounce": {"bounceType": "Permanent", "bounceSubType": "General",
                                               "bouncedRecipients": [{"emailAddress": "anna.aebi@example.ch"}]},
             "mail": {"messageId": record["provider_message_id"], "tags": tags}}
    client.lambda_.invoke("ses_feedback", client.events.generate_sns_event(message=json.dumps(event)))
    entry = entry_of(api, anna)
    assert entry["channel"] is None and entry["held_reason"] == "no_contact"


def test_a_reminder_set_up_by_a_webshop_order_carries_the_facts(api, optician, shop):
    from chalicelib.adapters.dynamo import occurrence_items
    from chalicelib.adapters.dynamo.base import customer_pk
    from chalicelib.domain.agenda import decode_facts

    anna = new_customer(api)
    assert order(shop, anna, datetime.now(timezone.utc) - timedelta(hours=1), "WS-1").status_code == 201
    [reminder] = body(api.get(f"/customers/{anna['id']}/repurchase-reminders"))["items"]
    # due in half a year, beyond the agenda's 60 days: the stored item shows what it will list
    stored = occurrence_items.get(customer_pk(optician[0]["id"], anna["id"]), f"REMINDER#repurchase#{reminder['id']}")
    facts = decode_facts(stored["agenda_facts"])
    assert (facts["name"], facts["preferred_channel"], facts["mobile"], facts["subscribed"]) == (
        "Anna Aebi", "sms", True, False)


def test_a_check_up_carries_the_facts(api, no_customer_reads):
    beat = new_customer(api, email="beat@example.ch", preferred_channel="email")
    control = api.post(f"/customers/{beat['id']}/control-reminders", {"first_reminder_on": weekday_in(2).isoformat(),
                                                                       "cycle_months": 12})
    assert control.status_code == 201, control.body
    [entry] = agenda(api)["items"]
    assert (entry["kind"], entry["customer_name"], entry["channel"]) == ("control_reminder", "Anna Aebi", "email")


def test_an_item_scheduled_before_the_facts_were_kept_is_listed_from_the_customer(api, optician):
    from chalicelib.adapters.dynamo import occurrence_items
    from chalicelib.adapters.dynamo.base import customer_pk
    from chalicelib.config import get_config

    anna = new_customer(api)
    reminder = repurchase(api, anna, weekday_in(3))
    api.put(f"/customers/{anna['id']}/preferences", {"topics": {"repurchase": False}})
    occurrence_items.get_dynamodb_client().update_item(
        TableName=get_config().table_name, UpdateExpression="REMOVE agenda_facts, agenda_rev",
        Key={"pk": {"S": customer_pk(optician[0]["id"], anna["id"])},
             "sk": {"S": f"REMINDER#repurchase#{reminder['id']}"}})
    entry = entry_of(api, anna)
    assert (entry["customer_name"], entry["channel"], entry["held_reason"]) == ("Anna Aebi", "sms", "topic_off")
