"""GET /_local/outbox.html renders what the emulated SNS and SES accepted (local mode only)."""
from __future__ import annotations

import pytest

from tests.api.fixtures_messaging import create_customer, verified_sender  # noqa: F401
from tests.conftest import body


@pytest.fixture
def local_client(aws):
    from chalice import Chalice
    from chalice.test import Client

    from local import outbox_html

    local_app = Chalice(app_name="kontakt-local-outbox")
    local_app.register_blueprint(outbox_html.bp)
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
    assert sms["text"].split("\n")[0] in page
    assert "<iframe sandbox" in page and mail["subject"] in page
    assert page.index(mail["subject"]) < page.index("OptikMuster")  # newest first
