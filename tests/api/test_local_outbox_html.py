"""GET /_local/outbox.html renders what the emulated SNS and SES accepted (local mode only)."""
from __future__ import annotations

import pytest

from tests.api.fixtures_messaging import create_customer, verified_sender  # noqa: F401
from tests.conftest import body


@pytest.fixture
def local_client(aws):
    from chalice import Chalice
    from chalice.test import Client

    from local import outbox_html, routes

    local_app = Chalice(app_name="kontakt-local-outbox")
    local_app.register_blueprint(outbox_html.bp)
    local_app.register_blueprint(routes.create_blueprint())
    with Client(local_app) as test_client:
        yield test_client


def test_the_outbox_page_shows_the_sms_and_the_email_as_sent(api, verified_sender, local_client):
    anna = create_customer(api)
    sms = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))
    api.patch(f"/customers/{anna['id']}", {"preferred_channel": "email"})
    mail = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))

    response = local_client.http.get("/_local/outbox.html")

    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    page = response.body.decode()
    assert "Outbox (2)" in page and "OptikMuster" in page
    # The outbox shows what was sent: the real link, where the history masks its token.
    assert sms["text"].split("\n")[0].split("•••")[0] in page and "•••" not in page
    assert "<iframe sandbox" in page and mail["subject"] in page
    assert page.index(mail["subject"]) < page.index("OptikMuster")  # newest first


def test_the_outbox_names_the_kind_and_customer_of_each_message_from_the_history(
        api, optician, verified_sender, local_client):
    # GIVEN two customers, each sent a message by kontakt
    anna = create_customer(api)
    luca = create_customer(api, first_name="Luca", last_name="Bernasconi", mobile="078 234 56 78",
                           email="luca@example.ch", preferred_channel="email")
    assert body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))["status"] == "sent"
    assert body(api.post(f"/customers/{luca['id']}/messages", {"kind": "webapp_install"}))["status"] == "sent"

    # WHEN the outbox is read as JSON and as the page, also for one recipient
    messages = body(local_client.http.get("/_local/outbox"))["messages"]
    page = local_client.http.get("/_local/outbox.html").body.decode()
    only_luca = local_client.http.get("/_local/outbox.html?to=luca@example.ch").body.decode()

    # THEN each entry says which message of which customer it is (matched by the provider's id)
    email, sms = messages
    assert (email["channel"], email["kind"], email["customer_id"]) == ("email", "webapp_install", luca["id"])
    assert (sms["channel"], sms["kind"], sms["customer_id"]) == ("sms", "webshop_login", anna["id"])
    assert {email["optician_id"], sms["optician_id"]} == {optician[0]["id"]}
    for message in messages:
        assert f"kind <b>{message['kind']}</b>" in page and f"customer <b>{message['customer_id']}</b>" in page
        assert f"accepted <b>{message['accepted_at']}</b>" in page
    assert "Outbox (1) to luca@example.ch" in only_luca and anna["id"] not in only_luca
    assert 'href="/_local/outbox?to=luca%40example.ch"' in only_luca
