"""Fixtures for the messaging API tests: the real (emulated) SNS and SES, a verified sender,
customers, signed webshop calls, and what moto received."""
from __future__ import annotations

import json
import time

import pytest

from chalicelib.domain.signature import HEADER, sign
from tests.conftest import OPTICIAN_SETTINGS, as_stored, body  # noqa: F401 - as_stored re-exported

REGION = "eu-central-2"
ANNA = {"first_name": "Anna", "last_name": "Aebi", "salutation": "Frau", "language": "de",
        "mobile": "079 123 45 67", "email": "anna.aebi@example.ch", "preferred_channel": "sms"}


@pytest.fixture
def verified_sender(aws):
    """SES only sends from verified identities: production verifies each optician's domain."""
    import boto3

    boto3.client("ses", region_name=REGION).verify_email_identity(EmailAddress=OPTICIAN_SETTINGS["email_from"])


@pytest.fixture
def provider_calls(aws):
    """Parameters of every SNS Publish and SES SendRawEmail call (moto keeps no SMS attributes)."""
    from chalicelib.adapters.email import get_ses_client
    from chalicelib.adapters.sms import get_sns_client

    calls = {"sms": [], "email": []}
    handlers = [(get_sns_client(), "provide-client-params.sns.Publish", lambda params, **kw: calls["sms"].append(params)),
                (get_ses_client(), "provide-client-params.ses.SendRawEmail",
                 lambda params, **kw: calls["email"].append(params))]
    for client, event, handler in handlers:
        client.meta.events.register(event, handler)
    yield calls
    for client, event, handler in handlers:
        client.meta.events.unregister(event, handler)


def moto_sms() -> list[tuple[str, str]]:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    return list(sns_backends[DEFAULT_ACCOUNT_ID][REGION].sms_messages.values())


def moto_emails() -> list:
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return list(ses_backends[DEFAULT_ACCOUNT_ID][REGION].sent_messages)


def create_customer(api, **overrides) -> dict:
    response = api.post("/customers", {**ANNA, **overrides})
    assert response.status_code == 201, response.body
    return body(response)


def signed_post(api, path: str, payload: dict, secret: str):
    """A webshop call: POST signed with the optician's webhook secret (SPEC §5)."""
    raw = json.dumps(payload).encode()
    api_without_jwt = type(api)(api.client, None)
    return api_without_jwt.post(path, raw, headers={HEADER: sign(secret, raw, int(time.time()))})


def token_of(text: str) -> str:
    """The personal-link token of a message as sent (the history shows it masked)."""
    return text.split("/l/")[1].split()[0]


def last_sms_token() -> str:
    """The personal-link token of the last SMS the emulated SNS accepted."""
    return token_of(moto_sms()[-1][1])
