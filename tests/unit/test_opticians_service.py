"""The opticians service on in-memory stores (services/wiring.py): onboarding, the settings PUT
with its sender-name approval and package rules, the race guard, the webhook secret. No moto: the
stores are tests/fakes/opticians.py and tests/fakes/email_identity.py; the DynamoDB adapter keeps
the same contract (tests/integration/test_optician_store.py)."""
from __future__ import annotations

import pytest

from chalicelib.api.bodies import decode
from chalicelib.domain.errors import Conflict, Forbidden, NotFound, ValidationError
from chalicelib.schemas.settings import SenderNameApproval, SettingsInput
from chalicelib.services import wiring
from chalicelib.services.opticians import opticians
from tests.conftest import OPTICIAN_SETTINGS
from tests.fakes.email_identity import FakeIdentities
from tests.fakes.opticians import InMemoryOpticians


@pytest.fixture
def stores():
    fakes = InMemoryOpticians(), FakeIdentities()
    with wiring.override(opticians=fakes[0], email_identity=fakes[1]):
        yield fakes


def settings(**change) -> SettingsInput:
    return decode({**OPTICIAN_SETTINGS, **change}, SettingsInput)


def onboarded() -> str:
    return opticians.onboard(settings())["id"]


def test_onboarding_stores_the_settings_with_defaults_and_shows_a_secret_once(stores):
    store, ses = stores
    created = opticians.onboard(settings())

    assert created["webhook_secret"].startswith("whsec_") and "email_sender" not in created
    assert created["pending_sender_name"] is None and created["sms_countries"] == ["CH", "LI"]
    assert created["sms_monthly_limit_chf"] == "300.00" and created["send_window"]["start"] == "09:00"
    stored = opticians.get_settings(created["id"])
    assert stored.name == "Optik Muster" and store.get_webhook_secret(stored.id) == created["webhook_secret"]
    # the SES identity of the sending domain is created at once and its state kept on the optician
    assert "optik-muster.ch" in ses.identities and stored.email_sender is not None
    assert stored.email_sender.domain == "optik-muster.ch" and stored.email_sender.tokens == ("t1", "t2", "t3")


def test_a_new_sender_name_from_the_optician_waits_for_approval(stores):
    optician_id = onboarded()

    shown = opticians.replace_settings(optician_id, settings(sender_name="NeuOptik"))

    assert (shown["sender_name"], shown["pending_sender_name"]) == ("OptikMuster", "NeuOptik")
    # sent back unchanged (the form as read), the pending name stays
    again = opticians.replace_settings(optician_id, settings())
    assert (again["sender_name"], again["pending_sender_name"]) == ("OptikMuster", "NeuOptik")
    approved = opticians.approve_sender_name(optician_id, SenderNameApproval(sender_name="NeuOptik"))
    assert (approved["sender_name"], approved["pending_sender_name"]) == ("NeuOptik", None)


def test_the_operator_sets_a_sender_name_at_once(stores):
    optician_id = onboarded()

    shown = opticians.replace_settings(optician_id, settings(sender_name="NeuOptik"), by_operator=True)

    assert (shown["sender_name"], shown["pending_sender_name"]) == ("NeuOptik", None)


def test_approving_another_name_than_the_pending_one_or_none_is_409(stores):
    optician_id = onboarded()
    with pytest.raises(Conflict) as nothing:
        opticians.approve_sender_name(optician_id, SenderNameApproval(sender_name="NeuOptik"))
    opticians.replace_settings(optician_id, settings(sender_name="NeuOptik"))
    with pytest.raises(Conflict) as other:
        opticians.approve_sender_name(optician_id, SenderNameApproval(sender_name="Anders"))

    assert nothing.value.field == other.value.field == "sender_name"
    assert other.value.message == "The pending sender name is 'NeuOptik', not 'Anders'."


def test_only_the_operator_changes_the_package_and_a_left_out_package_is_kept(stores):
    optician_id = onboarded()

    with pytest.raises(Forbidden) as refused:
        opticians.replace_settings(optician_id, settings(package="silver"))
    assert refused.value.field == "package"
    body = {key: value for key, value in OPTICIAN_SETTINGS.items() if key != "package"}
    assert opticians.replace_settings(optician_id, decode(body, SettingsInput))["package"] == "gold"
    assert opticians.replace_settings(optician_id, settings(package="silver"), by_operator=True)["package"] == "silver"


def test_settings_changed_since_they_were_read_are_not_overwritten(stores, monkeypatch):
    store, _ = stores
    optician_id = onboarded()
    read = store.get_versioned

    def read_then_lose_the_race(oid):
        found = read(oid)
        store.change_behind_the_back(oid)
        return found

    monkeypatch.setattr(store, "get_versioned", read_then_lose_the_race)
    with pytest.raises(Conflict):
        opticians.replace_settings(optician_id, settings(name="Optik Neu"))
    monkeypatch.undo()
    assert opticians.get_settings(optician_id).name == "Optik Muster"


def test_a_gold_optician_needs_an_address_to_send_from(stores):
    with pytest.raises(ValidationError) as refused:
        opticians.onboard(settings(email_from=None))
    assert refused.value.field == "email_from"


def test_an_unknown_optician_is_404_and_a_rotated_secret_replaces_the_old_one(stores):
    store, _ = stores
    with pytest.raises(NotFound):
        opticians.get_settings("opt_nobody")
    optician_id = onboarded()

    new = opticians.rotate_webhook_secret(optician_id)["webhook_secret"]

    assert opticians.webhook_secret(optician_id) == new == store.get_webhook_secret(optician_id)
    assert opticians.webhook_secret("opt_nobody") is None
