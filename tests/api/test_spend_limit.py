"""The monthly SMS spend limit (SPEC §9): atomic with the usage counter, 429 for a manual send,
``failed`` / ``limit_reached`` for an automatic one, a scheduled reminder sent next month."""
from __future__ import annotations

from datetime import timedelta

from tests.api.fixtures_messaging import create_customer, moto_sms, verified_sender  # noqa: F401
from tests.api.fixtures_repurchase import DAILY_PASSPORT, ORDER_LINES
from tests.api.test_schedules import customer, fire, history, local, make_reminder, next_weekday  # noqa: F401
from tests.api.test_schedules import reminder_now, sms_outbox
from tests.conftest import OPTICIAN_SETTINGS, body


def set_limit(api, amount: str) -> None:
    response = api.put("/settings", {**OPTICIAN_SETTINGS, "sms_monthly_limit_chf": amount})
    assert response.status_code == 200, response.body


def usage(api) -> dict:
    return body(api.get("/usage"))


def test_the_limit_defaults_to_300_is_validated_and_shown_with_the_amount_used(api):
    assert body(api.get("/settings"))["sms_monthly_limit_chf"] == "300.00"
    for bad in ("-1", "abc", "0.001", "1000000", True, [1]):
        response = api.put("/settings", {**OPTICIAN_SETTINGS, "sms_monthly_limit_chf": bad})
        assert response.status_code == 422 and body(response)["error"]["field"] == "sms_monthly_limit_chf", bad
    set_limit(api, "0.15")
    anna = create_customer(api)

    api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"})

    shown = usage(api)
    assert (shown["sms_cost_chf"], shown["sms_monthly_limit_chf"]) == ("0.12", "0.15")
    assert shown["sms_limit_used_percent"] == 80 and shown["sms_limit_warning"] is True


def test_a_manual_sms_beyond_the_limit_is_429_naming_it_and_nothing_is_sent_or_recorded(api):
    set_limit(api, "0.24")
    anna = create_customer(api)
    for kind in ("webshop_login", "webapp_install"):
        assert body(api.post(f"/customers/{anna['id']}/messages", {"kind": kind}))["status"] == "sent"
    ben = create_customer(api, first_name="Ben", mobile="079 765 43 21")

    refused = api.post(f"/customers/{ben['id']}/messages", {"kind": "webshop_login"})

    assert refused.status_code == 429
    error = body(refused)["error"]
    assert error["code"] == "limit_reached" and "CHF 0.24" in error["message"]
    assert len(moto_sms()) == 2 and body(api.get(f"/customers/{ben['id']}/messages"))["items"] == []
    assert usage(api)["sms_cost_chf"] == "0.24"
    set_limit(api, "0.36")  # raised: the next one goes out
    assert api.post(f"/customers/{ben['id']}/messages", {"kind": "webshop_login"}).status_code == 201


def test_racing_sends_never_overshoot_the_limit(api, race_once):
    from chalicelib.adapters.dynamo import messages

    set_limit(api, "0.12")  # room for one SMS
    anna, ben = create_customer(api), create_customer(api, first_name="Ben", mobile="079 765 43 21")
    raced = {}

    def ben_sends_meanwhile():
        raced["ben"] = api.post(f"/customers/{ben['id']}/messages", {"kind": "webshop_login"})

    # Anna's send read the (empty) usage long before; Ben's send takes the last room just before her claim.
    race_once(messages, "claim", ben_sends_meanwhile)
    anna_answer = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"})

    assert raced["ben"].status_code == 201 and body(raced["ben"])["status"] == "sent"
    assert anna_answer.status_code == 429
    assert len(moto_sms()) == 1 and usage(api)["sms_cost_chf"] == "0.12" and usage(api)["sms_messages"] == 1


def test_an_automatic_message_beyond_the_limit_is_recorded_failed_limit_reached(api):
    set_limit(api, "0.00")
    anna = create_customer(api, email=None)
    assert api.post(f"/customers/{anna['id']}/lens-passports", DAILY_PASSPORT).status_code == 201

    order = api.post(f"/customers/{anna['id']}/orders", {"lines": ORDER_LINES, "delivery": "home"})

    assert order.status_code == 201  # the order stands
    [confirmation] = body(api.get(f"/customers/{anna['id']}/messages"))["items"]
    assert (confirmation["status"], confirmation["reason"], confirmation["reason_detail"]) == (
        "failed", "limit_reached", "0.00")
    assert moto_sms() == [] and usage(api)["sms_cost_chf"] == "0.00"


def test_an_email_is_not_limited(api, verified_sender):
    set_limit(api, "0.00")
    anna = create_customer(api, preferred_channel="email")

    record = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))

    assert record["status"] == "sent" and record["channel"] == "email"


def test_a_scheduled_reminder_beyond_the_limit_is_recorded_and_sent_at_the_start_of_next_month(
        client, api, customer):
    from chalicelib.domain.send_window import next_open, parse_window, start_of_next_month

    set_limit(api, "0.00")
    d = next_weekday(2)
    reminder = make_reminder(api, customer, d, cycle_days=90)

    fire(client, local(d, "09:00"))

    [failed] = history(api, customer)
    assert (failed["kind"], failed["status"], failed["reason"]) == ("repurchase_reminder", "failed", "limit_reached")
    assert sms_outbox() == []
    assert reminder_now(api, customer, reminder)["next_reminder_on"] == d.isoformat()  # not moved on
    # The limit is raised, but the occurrence waits for next month (it does not go out later today)
    set_limit(api, "300.00")
    fire(client, local(d, "10:00"))
    fire(client, local(d + timedelta(days=1), "10:00"))
    assert sms_outbox() == [] and len(history(api, customer)) == 1
    # WHEN next month's first window opens THEN the same occurrence is sent, and the series moves on
    opens = next_open(parse_window(None), "Europe/Zurich", start_of_next_month(local(d, "09:00"), "Europe/Zurich"))
    fire(client, opens)
    assert len(sms_outbox()) == 1
    assert [m["status"] for m in history(api, customer)] == ["sent", "failed"]
    assert reminder_now(api, customer, reminder)["next_reminder_on"] == (d + timedelta(days=90)).isoformat()

