"""SMS sender names (SPEC §9): protected names refused; a new name is used only once the operator approved it."""
from __future__ import annotations

import pytest

from tests.api.fixtures_messaging import create_customer, provider_calls  # noqa: F401 - fixtures
from tests.conftest import OPTICIAN_SETTINGS, Api, body


def sender_of_next_sms(api, customer, kind: str) -> str:
    from chalicelib.adapters.sms import get_sns_client

    calls = []
    handler = lambda params, **kw: calls.append(params)  # noqa: E731
    get_sns_client().meta.events.register("provide-client-params.sns.Publish", handler)
    try:
        response = api.post(f"/customers/{customer['id']}/messages", {"kind": kind})
        assert response.status_code == 201, response.body
    finally:
        get_sns_client().meta.events.unregister("provide-client-params.sns.Publish", handler)
    [call] = calls
    return call["MessageAttributes"]["AWS.SNS.SMS.SenderID"]["StringValue"]


@pytest.mark.parametrize("name", ["UBS", "PostFinance", "TWINT", "SwissPost", "post finance", "Swiss Com", "helsana"])
def test_a_protected_sender_name_is_422_when_set_or_onboarded(api, admin_api, name):
    for response in (api.put("/settings", {**OPTICIAN_SETTINGS, "sender_name": name}),
                     admin_api.post("/admin/opticians", {**OPTICIAN_SETTINGS, "sender_name": name})):
        assert response.status_code == 422, response.body
        assert body(response)["error"]["field"] == "sender_name"
    assert body(api.get("/settings"))["sender_name"] == "OptikMuster"


def test_an_operator_extends_the_list_with_an_env_var(api, monkeypatch):
    from chalicelib.config import reset_config

    monkeypatch.setenv("PROTECTED_SENDER_NAMES", "Fielmann,Mc Optik")
    reset_config()
    try:
        response = api.put("/settings", {**OPTICIAN_SETTINGS, "sender_name": "McOptik"})
    finally:
        monkeypatch.delenv("PROTECTED_SENDER_NAMES")
        reset_config()
    assert response.status_code == 422 and body(response)["error"]["field"] == "sender_name"


def test_a_new_sender_name_waits_for_approval_and_the_old_one_stays_in_use(api, admin_api, optician):
    settings, _ = optician
    anna = create_customer(api)
    # WHEN the optician changes the sender name
    response = api.put("/settings", {**OPTICIAN_SETTINGS, "sender_name": "Muster Neu"})
    # THEN it is pending, shown as such, and SMS still go out under the approved one
    assert response.status_code == 200, response.body
    shown = body(api.get("/settings"))
    assert (shown["sender_name"], shown["pending_sender_name"]) == ("OptikMuster", "Muster Neu")
    assert body(response) == shown
    assert sender_of_next_sms(api, anna, "webshop_login") == "OptikMuster"
    # AND the settings sent back as read (another field changed) keep the request pending
    assert api.put("/settings", {**shown, "repurchase_lead_days": 10}).status_code == 200
    assert body(api.get("/settings"))["pending_sender_name"] == "Muster Neu"

    # WHEN the operator approves the name they reviewed
    approved = admin_api.post(f"/admin/opticians/{settings['id']}/sender-name", {"sender_name": "Muster Neu"})
    # THEN it is the sender name, nothing is pending, and the next SMS carries it
    assert approved.status_code == 200, approved.body
    shown = body(api.get("/settings"))
    assert (shown["sender_name"], shown["pending_sender_name"]) == ("Muster Neu", None)
    assert shown["repurchase_lead_days"] == 10
    # (another kind: a second identical manual send within minutes is rate limited)
    assert sender_of_next_sms(api, anna, "webapp_install") == "Muster Neu"


def test_approval_refusals(api, admin_api, optician):
    settings, _ = optician
    route = f"/admin/opticians/{settings['id']}/sender-name"
    nothing = admin_api.post(route, {"sender_name": "Muster Neu"})
    assert nothing.status_code == 409 and body(nothing)["error"]["field"] == "sender_name"

    api.put("/settings", {**OPTICIAN_SETTINGS, "sender_name": "Muster Neu"})
    # the optician cannot approve their own name
    assert api.post(route, {"sender_name": "Muster Neu"}).status_code == 403
    # the operator approves only the name they reviewed (the optician may have changed it since)
    other = admin_api.post(route, {"sender_name": "Muster Alt"})
    assert other.status_code == 409 and body(other)["error"]["field"] == "sender_name"
    assert admin_api.post("/admin/opticians/opt_unknown/sender-name", {"sender_name": "Muster Neu"}).status_code == 404
    assert body(api.get("/settings"))["sender_name"] == "OptikMuster"


def test_the_operator_sets_a_sender_name_directly(client, token, optician):
    settings, _ = optician
    operator = Api(client, token(settings["id"], role="admin"))

    response = operator.put("/settings", {**OPTICIAN_SETTINGS, "sender_name": "Muster Neu"})

    assert response.status_code == 200, response.body
    assert (body(response)["sender_name"], body(response)["pending_sender_name"]) == ("Muster Neu", None)
    assert settings["pending_sender_name"] is None  # onboarding: approved as given


def test_an_approval_racing_a_change_of_the_pending_name_approves_nothing(api, admin_api, optician, race_once):
    from chalicelib.adapters.dynamo import opticians as store

    settings, _ = optician
    api.put("/settings", {**OPTICIAN_SETTINGS, "sender_name": "Muster Neu"})
    # GIVEN the optician asks for another name just after the operator's approval read the settings
    race_once(store, "save_settings",
              lambda: api.put("/settings", {**OPTICIAN_SETTINGS, "sender_name": "Muster Drei"}))

    response = admin_api.post(f"/admin/opticians/{settings['id']}/sender-name", {"sender_name": "Muster Neu"})

    # THEN the approval is refused and the newer request waits, unapproved
    assert response.status_code == 409, response.body
    shown = body(api.get("/settings"))
    assert (shown["sender_name"], shown["pending_sender_name"]) == ("OptikMuster", "Muster Drei")
