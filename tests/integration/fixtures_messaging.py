"""Fixtures for the messaging integration tests: an optician and customers stored in the emulator."""
from __future__ import annotations

import pytest

from tests.conftest import OPTICIAN_SETTINGS
from tests.fakes import use_fake_providers

ANNA = {"first_name": "Anna", "last_name": "Aebi", "salutation": "Frau", "language": "de",
        "mobile": "079 123 45 67", "email": "anna.aebi@example.ch", "preferred_channel": "sms"}


@pytest.fixture
def providers(aws, monkeypatch):
    """(FakeSms, FakeEmail) in place of SNS and SES."""
    return use_fake_providers(monkeypatch)


@pytest.fixture
def make_optician(aws):
    """``make_optician(**overrides)`` → the stored settings (as opticians.get_settings returns them)."""
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.settings import SettingsInput
    from chalicelib.services.opticians import opticians

    def make(**overrides):
        created = opticians.onboard(decode({**OPTICIAN_SETTINGS, **overrides}, SettingsInput))
        return opticians.get_settings(created["id"])

    return make


@pytest.fixture
def gold(make_optician):
    return make_optician()


@pytest.fixture
def make_customer(aws):
    """``make_customer(optician, **overrides)`` → the stored customer."""
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.customers import CustomerInput
    from chalicelib.services.customers import customers

    def make(optician, **overrides):
        body = {**ANNA, **overrides}
        topics = body.pop("topics", None)
        given = decode({k: v for k, v in body.items() if v is not None}, CustomerInput)
        created = customers.create_customer(optician.id, given)
        if topics:
            customers.set_preferences(optician.id, created.id, topics)
        return customers.get_customer(optician.id, created.id)

    return make
