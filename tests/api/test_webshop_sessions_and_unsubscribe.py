"""The personal link opens a webshop session (signed POST only); one-click unsubscribe (POST only)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email import policy
from email.parser import BytesParser

import pytest

from tests.api.fixtures_messaging import (  # noqa: F401
    create_customer,
    moto_emails,
    signed_post,
    last_sms_token,
    verified_sender,
)
from tests.conftest import body


def send_login(api, customer) -> str:
    record = body(api.post(f"/customers/{customer['id']}/messages", {"kind": "webshop_login"}))
    assert record["status"] == "sent", record
    return last_sms_token()


def test_the_link_opens_a_session_with_customer_passports_and_basket(api, optician):
    settings, _ = optician
    anna = create_customer(api)
    product = body(api.get("/products"))["items"][0]
    api.post(f"/customers/{anna['id']}/lens-passports", {
        "right": {"product_id": product["id"], "base_curve": 8.6, "sphere": -2.5},
        "left": {"product_id": product["id"], "base_curve": 8.6, "sphere": -2.25},
        "issued_on": "2026-01-10"})
    token = send_login(api, anna)

    response = signed_post(api, f"/webshop/{settings['id']}/sessions", {"token": token}, settings["webhook_secret"])

    assert response.status_code == 200
    session = body(response)
    assert session["customer"]["id"] == anna["id"] and session["customer"]["first_name"] == "Anna"
    assert session["purpose"] == "login"
    assert [p["issued_on"] for p in session["lens_passports"]] == ["2026-01-10"]
    assert {line["product_id"] for line in session["reorder_basket"]} == {product["id"]}
    # Not single use: the same reminder logs the customer in again (until expiry or revocation).
    again = signed_post(api, f"/webshop/{settings['id']}/sessions", {"token": token}, settings["webhook_secret"])
    assert again.status_code == 200


def test_a_session_needs_the_opticians_signature(api, optician):
    settings, _ = optician
    anna = create_customer(api)
    token = send_login(api, anna)

    unsigned = type(api)(api.client, None).post(f"/webshop/{settings['id']}/sessions", {"token": token})
    wrong_secret = signed_post(api, f"/webshop/{settings['id']}/sessions", {"token": token}, "whsec_wrong")

    assert unsigned.status_code == 401 and wrong_secret.status_code == 401


def test_unknown_revoked_and_foreign_tokens_are_401(api, optician, new_optician):
    settings, _ = optician
    anna = create_customer(api)
    token = send_login(api, anna)
    other, _ = new_optician()

    unknown = signed_post(api, f"/webshop/{settings['id']}/sessions", {"token": "A" * 22}, settings["webhook_secret"])
    foreign = signed_post(api, f"/webshop/{other['id']}/sessions", {"token": token}, other["webhook_secret"])
    assert unknown.status_code == 401 and foreign.status_code == 401

    assert body(api.delete(f"/customers/{anna['id']}/links")) == {"revoked": 1}
    revoked = signed_post(api, f"/webshop/{settings['id']}/sessions", {"token": token}, settings["webhook_secret"])
    assert revoked.status_code == 401
    assert body(revoked)["error"]["message"] == body(unknown)["error"]["message"]


def test_an_expired_token_is_401(api, optician):
    from chalicelib.services.links import links
    from chalicelib.services.opticians import opticians

    settings, _ = optician
    anna = create_customer(api)
    _, token = links.issue_link(opticians.get_settings(settings["id"]), anna["id"], "reorder",
                                now=datetime.now(timezone.utc) - timedelta(days=31))

    response = signed_post(api, f"/webshop/{settings['id']}/sessions", {"token": token}, settings["webhook_secret"])

    assert response.status_code == 401


def test_the_token_of_an_erased_customer_is_401(api, optician):
    settings, _ = optician
    anna = create_customer(api)
    token = send_login(api, anna)
    api.delete(f"/customers/{anna['id']}")

    response = signed_post(api, f"/webshop/{settings['id']}/sessions", {"token": token}, settings["webhook_secret"])

    assert response.status_code == 401


@pytest.mark.parametrize("payload", [{}, {"token": 42}, {"token": "x"}, {"token": "A" * 22, "more": 1}])
def test_malformed_session_requests_never_reach_5xx(api, optician, payload):
    settings, _ = optician

    response = signed_post(api, f"/webshop/{settings['id']}/sessions", payload, settings["webhook_secret"])

    assert response.status_code in (401, 422)


def unsubscribe_path(api, customer) -> str:
    record = body(api.post(f"/customers/{customer['id']}/messages", {"kind": "webshop_login"}))
    assert record["channel"] == "email", record
    mime = BytesParser(policy=policy.default).parsebytes(moto_emails()[-1].raw_data.encode())
    url = mime["List-Unsubscribe"].strip("<>")
    assert url.startswith("http://127.0.0.1:8000/unsubscribe/")
    return url.removeprefix("http://127.0.0.1:8000")


def test_one_click_unsubscribe_switches_off_only_the_messages_topic(api, verified_sender):
    anna = create_customer(api, preferred_channel="email")
    path = unsubscribe_path(api, anna)
    public = type(api)(api.client, None)

    response = public.post(path, "List-Unsubscribe=One-Click",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})

    assert response.status_code == 200 and "Webshop und Web App" in response.body.decode()
    topics = body(api.get(f"/customers/{anna['id']}/preferences"))["topics"]
    assert topics["marketing"] is False
    assert all(on for topic, on in topics.items() if topic != "marketing")
    # Unsubscribing twice is fine.
    assert public.post(path, "List-Unsubscribe=One-Click",
                       headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 200


def test_opening_the_unsubscribe_link_changes_nothing(api, verified_sender):
    anna = create_customer(api, preferred_channel="email")
    path = unsubscribe_path(api, anna)

    page = type(api)(api.client, None).get(path)

    assert page.status_code == 200 and '<form method="post">' in page.body.decode()
    assert page.headers["Content-Type"].startswith("text/html")
    assert body(api.get(f"/customers/{anna['id']}/preferences"))["topics"]["marketing"] is True


def test_an_unknown_unsubscribe_link_is_404(api, optician):
    settings, _ = optician
    public = type(api)(api.client, None)

    assert public.get(f"/unsubscribe/{settings['id']}/{'A' * 22}").status_code == 404
    assert public.post(f"/unsubscribe/{settings['id']}/{'A' * 22}", "List-Unsubscribe=One-Click",
                       headers={"Content-Type": "application/x-www-form-urlencoded"}).status_code == 404
