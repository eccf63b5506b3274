"""E-mail sender onboarding (SPEC §8): the SES identity of the optician's domain with Easy DKIM,
its status and DNS records, and no e-mail attempted while it is not verified."""
from __future__ import annotations

import boto3
import pytest

from tests.api.fixtures_messaging import create_customer, moto_emails
from tests.api.test_openapi_conformance import Checked, conformance  # noqa: F401 - fixture
from tests.conftest import body

REGION = "eu-central-2"
PENDING_IDENTITY = {"IdentityType": "DOMAIN", "VerifiedForSendingStatus": False, "VerificationStatus": "PENDING",
                    "DkimAttributes": {"SigningEnabled": True, "Status": "PENDING",
                                       "Tokens": ["tok1aaaaaaaaaaaaaaaaaaaaaaaaaaaa", "tok2bbbbbbbbbbbbbbbbbbbbbbbbbbbb",
                                                  "tok3cccccccccccccccccccccccccccc"]}}


def ses_domains() -> set[str]:
    identities = boto3.client("sesv2", region_name=REGION).list_email_identities()["EmailIdentities"]
    return {i["IdentityName"] for i in identities if i["IdentityType"] == "DOMAIN"}


@pytest.fixture
def dns_not_added(monkeypatch):
    """SES as in production before the optician adds the CNAMEs: the identity stays pending."""
    from chalicelib.adapters import email_identity

    state = {"identity": PENDING_IDENTITY}
    monkeypatch.setattr(email_identity, "create_domain_identity", lambda domain: state["identity"])
    monkeypatch.setattr(email_identity, "get_identity", lambda identity: state["identity"])
    return state


def test_a_newly_onboarded_gold_optician_sends_email_at_once_locally(new_optician):
    """The broken promise of issue 13: no verified_sender fixture, only POST /admin/opticians."""
    _, api = new_optician()
    anna = create_customer(api, preferred_channel="email")

    record = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))

    assert (record["channel"], record["status"]) == ("email", "sent")
    assert len(moto_emails()) == 1 and "optik-muster.ch" in ses_domains()


def test_the_sender_shows_its_domain_status_and_three_dkim_cnames(api, conformance):
    sender = Checked(api, conformance).get("/settings/email-sender", expect=200)

    assert (sender["email_from"], sender["domain"], sender["status"]) == \
        ("kontakt@optik-muster.ch", "optik-muster.ch", "verified")
    assert len(sender["dns_records"]) == 3 and len({r["name"] for r in sender["dns_records"]}) == 3
    for record in sender["dns_records"]:
        token = record["name"].split(".")[0]
        assert record == {"type": "CNAME", "name": f"{token}._domainkey.optik-muster.ch",
                          "value": f"{token}.dkim.amazonses.com"} and len(token) == 32
    assert "email_sender" not in body(api.get("/settings"))


def test_a_new_sending_domain_is_onboarded_when_email_from_changes(api, optician):
    settings = body(api.get("/settings"))
    settings.pop("id")

    assert api.put("/settings", {**settings, "email_from": "info@brillen-neu.ch"}).status_code == 200

    sender = body(api.get("/settings/email-sender"))
    assert (sender["domain"], sender["status"]) == ("brillen-neu.ch", "verified")
    assert "brillen-neu.ch" in ses_domains()


def test_while_not_verified_email_goes_by_sms_or_fails_without_a_send(new_optician, dns_not_added, conformance):
    _, api = new_optician()
    sender = Checked(api, conformance).get("/settings/email-sender", expect=200)
    assert sender["status"] == "pending" and [r["name"] for r in sender["dns_records"]][0].startswith("tok1")
    with_mobile = create_customer(api, preferred_channel="email")
    email_only = create_customer(api, preferred_channel="email", mobile=None, first_name="Eva")

    by_sms = body(api.post(f"/customers/{with_mobile['id']}/messages", {"kind": "webshop_login"}))
    not_sent = body(api.post(f"/customers/{email_only['id']}/messages", {"kind": "webshop_login"}))

    assert (by_sms["channel"], by_sms["status"]) == ("sms", "sent")
    assert (not_sent["status"], not_sent["reason"]) == ("failed", "sender_not_verified")
    assert "Absenderdomain" in not_sent["reason_text"] and moto_emails() == []
    preview = body(api.post("/messages/preview", {"kind": "webshop_login", "customer_id": with_mobile["id"]}))
    assert preview["channel"] == "sms"

    # WHEN the optician has added the records and checks again THEN e-mail goes out
    dns_not_added["identity"] = {**PENDING_IDENTITY, "VerifiedForSendingStatus": True,
                                 "DkimAttributes": {**PENDING_IDENTITY["DkimAttributes"], "Status": "SUCCESS"}}
    assert Checked(api, conformance).post("/settings/email-sender", expect=200)["status"] == "verified"
    boto3.client("sesv2", region_name=REGION).create_email_identity(EmailIdentity="optik-muster.ch")  # SES's side
    sent = body(api.post(f"/customers/{email_only['id']}/messages", {"kind": "webshop_login"}))
    assert (sent["channel"], sent["status"]) == ("email", "sent")


def test_an_automatic_message_waits_for_nothing_and_records_sender_not_verified(new_optician, dns_not_added):
    from chalicelib.services.opticians.opticians import get_settings
    from chalicelib.services.customers.customers import get_customer
    from chalicelib.services.messaging.send import send_message

    optician, api = new_optician()
    eva = create_customer(api, preferred_channel="email", mobile=None, first_name="Eva")

    record = send_message(get_settings(optician["id"]), get_customer(optician["id"], eva["id"]), "webapp_install",
                          trigger="automatic", idempotency_key="auto-1")

    assert (record["status"], record["reason"], record["channel"]) == ("failed", "sender_not_verified", None)


def test_an_optician_without_email_from_has_no_sender(new_optician):
    _, silver = new_optician(package="silver", email_from=None)

    for method in ("GET", "POST"):
        response = silver.call(method, "/settings/email-sender")
        assert response.status_code == 404 and body(response)["error"]["field"] == "email_from"


def test_ses_unavailable_at_onboarding_leaves_the_sender_pending_until_checked(new_optician, monkeypatch):
    from chalicelib.adapters import email_identity

    real_create = email_identity.create_domain_identity

    def unavailable(domain):
        raise email_identity.IdentityUnavailable("ServiceUnavailable")

    monkeypatch.setattr(email_identity, "create_domain_identity", unavailable)
    _, api = new_optician(email_from="hallo@spaeter.ch")
    assert body(api.get("/settings/email-sender"))["status"] == "pending"
    assert api.post("/settings/email-sender").status_code == 503

    monkeypatch.setattr(email_identity, "create_domain_identity", real_create)
    checked = body(api.post("/settings/email-sender"))
    assert checked["status"] == "verified" and len(checked["dns_records"]) == 3 and "spaeter.ch" in ses_domains()
