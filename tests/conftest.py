"""Shared fixtures: emulated AWS from the production template, a Chalice test client, tokens."""
from __future__ import annotations

import json
import os
import re
import time

import pytest

from local.emulator import fake_credentials

fake_credentials()
os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "kontakt")
os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")


@pytest.fixture(scope="session")
def rsa_keys():
    """A key pair for test tokens; the public half is what the stand-in for API Gateway's Cognito
    authorizer (local/gateway.py) trusts, in front of every test client."""
    from local import gateway
    from local.tokens import generate_key_pair

    private_pem, public_pem = generate_key_pair()
    gateway.install(public_pem)
    return private_pem


@pytest.fixture
def aws(rsa_keys):
    """Fresh emulated AWS with the stack of infra/resources.json deployed."""
    from moto import mock_aws

    from local.emulator import deploy_infra

    with mock_aws():
        deploy_infra()
        yield


@pytest.fixture
def client(aws):
    from chalice.test import Client

    from app import app

    with Client(app) as test_client:
        yield test_client


@pytest.fixture
def token(rsa_keys):
    """``token(optician_id, role=None, **claims)`` → a signed back-office JWT."""
    from local.tokens import issue_token

    def make(optician_id: str | None = None, role: str | None = None, **claims) -> str:
        return issue_token(rsa_keys, optician_id=optician_id, role=role, **claims)

    return make


class Api:
    """The test client with JSON bodies and a bearer token, as the SPA calls the service."""

    def __init__(self, client, bearer: str | None):
        self.client, self.bearer = client, bearer

    def call(self, method: str, path: str, body=None, headers: dict | None = None):
        all_headers = {"Content-Type": "application/json", **(headers or {})}
        if self.bearer:
            all_headers["Authorization"] = f"Bearer {self.bearer}"
        payload = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
        return self.client.http.request(method, path, headers=all_headers, body=payload or b"")

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.call("POST", path, body, **kw)

    def put(self, path, body=None, **kw):
        return self.call("PUT", path, body, **kw)

    def patch(self, path, body=None, **kw):
        return self.call("PATCH", path, body, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)


OPTICIAN_SETTINGS = {
    "name": "Optik Muster",
    "sender_name": "OptikMuster",
    "email_from": "kontakt@optik-muster.ch",
    "reply_to": "laden@optik-muster.ch",
    "package": "gold",
    "webshop_url": "https://shop.optik-muster.ch",
    "webapp_url": "https://app.optik-muster.ch",
    "booking_url": "https://optik-muster.ch/termin",
    "phone": "044 123 45 67",
    "address": "Bahnhofstrasse 1, 8001 Zürich",
    "branding": {"logo_url": "https://optik-muster.ch/logo.png", "primary_color": "#0A5FAA"},
}


@pytest.fixture
def admin_api(client, token):
    return Api(client, token(role="admin"))


@pytest.fixture
def new_optician(admin_api, client, token):
    """``new_optician(**overrides)`` → (optician dict incl. webhook_secret, Api for its staff)."""

    def make(**overrides):
        response = admin_api.post("/admin/opticians", {**OPTICIAN_SETTINGS, **overrides})
        assert response.status_code == 201, response.body
        optician = json.loads(response.body)
        return optician, Api(client, token(optician["id"]))

    return make


@pytest.fixture
def optician(new_optician):
    return new_optician()


@pytest.fixture
def api(optician):
    return optician[1]


def principal_of(token: str):
    """The back-office caller a token makes, as deployed: API Gateway's Cognito authorizer (here its
    stand-in, local/gateway.py) verifies it, then the app reads the claims (chalicelib/auth.py)."""
    from chalicelib.auth import principal_from_claims
    from chalicelib.config import get_config
    from local.gateway import verified_claims

    config = get_config()
    return principal_from_claims(verified_claims("Bearer " + token), issuer=config.jwt_issuer,
                                 audience=config.jwt_audience)


def body(response) -> dict:
    return json.loads(response.body) if response.body else {}


_TOKEN_IN_LINK = re.compile(r"(/l/|/unsubscribe/[^/\s\"<>]+/)[A-Za-z0-9_-]{22}")


def as_stored(sent: str | None) -> str | None:
    """A text as sent, as the history stores it: each link's token masked (SPEC §9), the rest exact."""
    return None if sent is None else _TOKEN_IN_LINK.sub(r"\1•••", sent)


def now_unix() -> int:
    return int(time.time())


@pytest.fixture
def race_once(monkeypatch):
    """``race_once(module, name, hook, after=False)``: the next call of ``module.name`` runs
    ``hook()`` just before (or, with ``after``, just after) it — the competing call a
    concurrent Lambda could make between two steps. Later calls run undisturbed."""

    def install(module, name: str, hook, *, after: bool = False):
        real = getattr(module, name)
        pending = [hook]

        def wrapped(*args, **kwargs):
            if pending and not after:
                pending.pop()()
            result = real(*args, **kwargs)
            if pending and after:
                pending.pop()()
            return result

        monkeypatch.setattr(module, name, wrapped)

    return install


@pytest.fixture
def config_env(monkeypatch):
    """``config_env(NAME="value", ...)``: set environment variables the configuration reads, for one
    test (chalicelib/config.py caches it: reset before and after)."""
    from chalicelib.config import reset_config

    def set_(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        reset_config()

    yield set_
    monkeypatch.undo()
    reset_config()
