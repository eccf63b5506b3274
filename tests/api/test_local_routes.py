"""The local-only routes of SPEC §5, driven through the Chalice test client.

The routes are registered on a small app of their own (never on the deployed app, which
must not contain them): it has two scheduled functions and one that is not scheduled.
"""
from __future__ import annotations

import json

import pytest

from tests.conftest import body, principal_of

SEEN_TIMES: list[tuple[str, str]] = []


def _local_app():
    from chalice import Chalice, Cron, Rate

    from local import routes

    app = Chalice(app_name="kontakt-local-routes-test")

    @app.schedule(Rate(5, unit=Rate.MINUTES), name="due_reminders")
    def due_reminders(event):
        SEEN_TIMES.append(("due_reminders", event.time))

    @app.schedule(Cron(0, 3, "*", "*", "?", "*"), name="nightly")
    def nightly(event):
        SEEN_TIMES.append(("nightly", event.time))

    @app.on_cw_event({"source": ["aws.ses"]}, name="not_a_schedule")
    def not_a_schedule(event):
        raise AssertionError("only scheduled functions are fired")

    app.register_blueprint(routes.create_blueprint())
    return app


@pytest.fixture
def local_client(aws, rsa_keys):
    from chalice.test import Client

    from local import routes

    routes.configure(rsa_keys)
    SEEN_TIMES.clear()
    with Client(_local_app()) as client:
        yield client


def _post_json(client, path, payload):
    return client.http.post(path, headers={"Content-Type": "application/json"}, body=json.dumps(payload))


# --- /_local/token ---------------------------------------------------------------------


def test_token_is_a_valid_back_office_token_for_the_optician(local_client):
    response = local_client.http.get("/_local/token?optician_id=opt_demo")

    assert response.status_code == 200
    principal = principal_of(body(response)["token"])
    assert principal.optician_id == "opt_demo" and not principal.is_admin


def test_admin_token_needs_no_optician(local_client):
    principal = principal_of(body(local_client.http.get("/_local/token?role=admin"))["token"])

    assert principal.is_admin and principal.optician_id is None


@pytest.mark.parametrize("query, field", [("", "optician_id"), ("?role=staff", "optician_id"),
                                          ("?optician_id=opt_demo&role=Admin!", "role")])
def test_token_request_without_tenant_or_with_a_bad_role_names_the_field(local_client, query, field):
    response = local_client.http.get("/_local/token" + query)

    assert response.status_code == 422
    assert body(response)["error"]["field"] == field


# --- /_local/schedules -----------------------------------------------------------------


def test_schedules_lists_every_scheduled_function_and_nothing_else(local_client):
    assert body(local_client.http.get("/_local/schedules")) == {"functions": ["due_reminders", "nightly"]}


def test_running_a_schedule_passes_the_given_time_as_eventbridge_would(local_client):
    # GIVEN a time in Swiss winter time WHEN the schedule is run for it
    response = _post_json(local_client, "/_local/schedules/due_reminders", {"time": "2026-03-27T08:00:00+01:00"})

    # THEN the function got EventBridge's UTC time format, and only that function ran
    assert response.status_code == 200
    assert body(response) == {"function": "due_reminders", "time": "2026-03-27T07:00:00Z", "processed": 0}
    assert SEEN_TIMES == [("due_reminders", "2026-03-27T07:00:00Z")]


def test_running_a_schedule_drains_the_queues_afterwards(local_client, monkeypatch):
    calls = []

    def drain(include_delayed=False):
        assert include_delayed  # local time moves with the events: delayed retries are due too
        calls.append(list(SEEN_TIMES))
        return 3

    monkeypatch.setattr("local.schedules.drain_queues", drain)

    answer = body(_post_json(local_client, "/_local/schedules/nightly", {"time": "2026-01-01T03:00:00Z"}))

    assert answer["processed"] == 3
    assert calls == [[("nightly", "2026-01-01T03:00:00Z")]]  # drained after the function ran


def test_unknown_or_unscheduled_function_is_404(local_client):
    for name in ("no_such_function", "not_a_schedule"):
        response = _post_json(local_client, f"/_local/schedules/{name}", {"time": "2026-01-01T03:00:00Z"})
        assert response.status_code == 404
        assert body(response)["error"]["code"] == "not_found"
    assert SEEN_TIMES == []


@pytest.mark.parametrize("payload", [{"time": "yesterday"}, {"time": "2026-01-01T03:00:00"}, {"time": 1767236400}])
def test_a_time_that_is_not_an_iso_timestamp_with_offset_is_422(local_client, payload):
    response = _post_json(local_client, "/_local/schedules/nightly", payload)

    assert response.status_code == 422
    assert body(response)["error"]["field"] == "time"
    assert SEEN_TIMES == []


# --- /_local/outbox --------------------------------------------------------------------


def test_outbox_is_empty_before_anything_is_sent(local_client):
    assert body(local_client.http.get("/_local/outbox")) == {"messages": []}


def test_outbox_shows_sms_and_email_newest_first_with_sender_and_parts(local_client):
    import boto3

    from chalicelib.adapters.email import OutgoingEmail, build_mime

    # GIVEN an SMS sent under a sender ID, then an e-mail with an unsubscribe header
    boto3.client("sns").publish(
        PhoneNumber="+41791234567", Message="Guten Tag Frau Meier, Ihre Linsen gehen bald aus.",
        MessageAttributes={"AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": "OptikMuster"}})
    ses = boto3.client("ses")
    ses.verify_email_identity(EmailAddress="kontakt@optik-muster.ch")
    mime = build_mime(OutgoingEmail(
        from_name="Optik Muster", from_address="kontakt@optik-muster.ch", to="anna.meier@example.ch",
        subject="Zeit für neue Linsen", text="Guten Tag Frau Meier", html="<p>Guten Tag Frau Meier</p>",
        headers={"List-Unsubscribe": "<https://api.kontakt.example/u/x>",
                 "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}))
    ses.send_raw_email(Source="kontakt@optik-muster.ch", Destinations=["anna.meier@example.ch"],
                       RawMessage={"Data": mime})

    # WHEN the outbox is read
    messages = body(local_client.http.get("/_local/outbox"))["messages"]

    # THEN the e-mail (newest) comes first, both with what was really sent
    assert [m["channel"] for m in messages] == ["email", "sms"]
    email, sms = messages
    assert email["to"] == "anna.meier@example.ch"
    assert email["sender"] == "Optik Muster <kontakt@optik-muster.ch>"
    assert email["subject"] == "Zeit für neue Linsen"
    assert email["text"].strip() == "Guten Tag Frau Meier"
    assert email["html"].strip() == "<p>Guten Tag Frau Meier</p>"
    assert email["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sms == {"id": sms["id"], "channel": "sms", "to": "+41791234567", "sender": "OptikMuster",
                   "subject": None, "text": "Guten Tag Frau Meier, Ihre Linsen gehen bald aus.", "html": None,
                   "headers": {"AWS.SNS.SMS.SenderID": "OptikMuster"}, "accepted_at": sms["accepted_at"],
                   # sent past kontakt: no history record names them
                   "kind": None, "customer_id": None, "optician_id": None}


def _publish_sms(to: str, text: str) -> None:
    import boto3

    boto3.client("sns").publish(PhoneNumber=to, Message=text)


def test_outbox_entries_carry_the_time_the_provider_accepted_them(local_client):
    from datetime import datetime, timezone

    before = datetime.now(timezone.utc).replace(microsecond=0)
    _publish_sms("+41791234567", "Guten Tag")
    after = datetime.now(timezone.utc)

    (sms,) = body(local_client.http.get("/_local/outbox"))["messages"]

    accepted = datetime.fromisoformat(sms["accepted_at"])
    assert accepted.tzinfo is not None and before <= accepted <= after


def test_outbox_to_shows_only_the_messages_to_that_number_or_address(local_client):
    # GIVEN SMS to two numbers
    _publish_sms("+41791234567", "an Anna")
    _publish_sms("+41782345678", "an Luca")

    # WHEN the outbox is asked for a part of one number (a "+" in a query string is a space)
    only = body(local_client.http.get("/_local/outbox?to=791234567"))["messages"]
    spaced = body(local_client.http.get("/_local/outbox?to=+41782345678"))["messages"]

    # THEN only that number's messages are listed; no ?to= (or an empty one) lists all
    assert [m["text"] for m in only] == ["an Anna"]
    assert [m["text"] for m in spaced] == ["an Luca"]
    assert len(body(local_client.http.get("/_local/outbox?to="))["messages"]) == 2
    assert body(local_client.http.get("/_local/outbox?to=nobody@example.ch")) == {"messages": []}


def test_the_demo_logo_is_a_png_served_locally(local_client):
    response = local_client.http.get("/_local/logo.png", headers={"Accept": "image/png"})

    assert response.status_code == 200 and response.headers["Content-Type"] == "image/png"
    assert response.body.startswith(b"\x89PNG\r\n\x1a\n") and b"IEND" in response.body[-12:]


def test_the_seeded_demo_optician_uses_the_local_logo(aws, rsa_keys):
    from chalicelib.config import reset_config
    from chalicelib.services.opticians.opticians import get_settings
    from local.seed import seed

    reset_config()
    demo = seed(base_url="http://127.0.0.1:8123")["opticians"][0]

    assert get_settings(demo["id"]).branding.logo_url == "http://127.0.0.1:8123/_local/logo.png"


def test_the_deployed_app_has_no_local_routes_and_never_imports_local():
    from pathlib import Path

    source = (Path(__file__).resolve().parents[2] / "app.py").read_text()
    from app import app

    assert "local" not in {line.split()[1].split(".")[0] for line in source.splitlines()
                           if line.startswith(("import ", "from "))}
    assert not [path for path in app.routes if path.startswith("/_local")]


def test_the_minute_ticker_fires_every_schedule_and_survives_one_that_fails(aws):
    from datetime import datetime, timezone

    from chalice import Chalice, Rate

    from local.schedules import Ticker

    app = Chalice(app_name="kontakt-ticker-test")
    seen = []

    @app.schedule(Rate(1, unit=Rate.MINUTES), name="broken")
    def broken(event):
        raise RuntimeError("boom")

    @app.schedule(Rate(1, unit=Rate.MINUTES), name="working")
    def working(event):
        seen.append(event.time)

    log = []
    results = Ticker(app, log=log.append).tick(datetime(2026, 3, 27, 7, 0, 30, tzinfo=timezone.utc))

    assert seen == ["2026-03-27T07:00:30Z"]
    assert [r["function"] for r in results] == ["working"]
    assert len(log) == 1 and "broken failed: RuntimeError: boom" in log[0]


# --- /_local/opticians (the web app's local sign-in page) -------------------------------


def test_opticians_lists_the_seeded_ones_to_sign_in_as_without_their_secrets(local_client):
    from local import routes

    routes.remember_opticians([{"id": "opt_1", "name": "Optik Muster", "package": "gold", "webhook_secret": "s3cret",
                                "customers": [{"id": "cus_1"}]}])
    try:
        response = local_client.http.get("/_local/opticians")
    finally:
        routes.remember_opticians([])
    assert response.status_code == 200
    assert body(response) == {"opticians": [{"id": "opt_1", "name": "Optik Muster", "package": "gold"}]}
