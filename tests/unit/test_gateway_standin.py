"""The stand-in for API Gateway's Cognito authorizer (local/gateway.py), used by local mode and tests.

It must refuse what API Gateway refuses — a bad signature, another key, ``alg`` none or HS256, an
expired token, another issuer — or every API test would pass with tokens the deployed API refuses.
Tokens are signed with PyJWT (local/tokens.py) and verified with joserfc: two implementations.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

import pytest

from chalicelib.config import get_config
from local import gateway
from local.tokens import generate_key_pair, issue_token


@pytest.fixture(scope="module")
def keys():
    """Two key pairs: (private PEM, public PEM) each."""
    return generate_key_pair(), generate_key_pair()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def payload(**overrides) -> dict:
    config, now = get_config(), int(time.time())
    given = {"iss": config.jwt_issuer, "aud": config.jwt_audience, "sub": "u-1", "token_use": "id",
             "iat": now, "exp": now + 600, "custom:optician_id": "opt_1"}
    given.update(overrides)
    return {name: value for name, value in given.items() if value is not None}


def verify(authorization, keys):
    return gateway.verified_claims(authorization, public_pem=keys[0][1])


def test_a_valid_token_gives_its_claims_as_strings_as_api_gateway_passes_them(keys):
    token = issue_token(keys[0][0], optician_id="opt_7", role="admin", groups=["a", "b"])
    for header in (f"Bearer {token}", f"bearer {token}", token):
        claims = verify(header, keys)
        assert claims["custom:optician_id"] == "opt_7" and claims["custom:role"] == "admin"
        assert claims["token_use"] == "id" and claims["iss"] == get_config().jwt_issuer
        assert all(isinstance(value, str) for value in claims.values())
        assert json.loads(claims["groups"]) == ["a", "b"] and int(claims["exp"]) > time.time()


def test_like_the_authorizer_it_leaves_audience_and_token_use_to_the_app(keys):
    import jwt

    token = jwt.encode(payload(aud="another-client", token_use="access"), keys[0][0], algorithm="RS256")
    assert verify(f"Bearer {token}", keys)["aud"] == "another-client"


@pytest.mark.parametrize("overrides", [
    {"exp": int(time.time()) - 3600},        # expired
    {"exp": None},                           # no expiry
    {"iss": "https://evil.example/issuer"},  # another pool
    {"iss": None},
])
def test_expired_or_foreign_tokens_are_refused(keys, overrides):
    import jwt

    assert verify("Bearer " + jwt.encode(payload(**overrides), keys[0][0], algorithm="RS256"), keys) is None


def test_a_token_of_another_key_is_refused(keys):
    assert verify("Bearer " + issue_token(keys[1][0], optician_id="opt_1"), keys) is None


def test_a_tampered_payload_is_refused(keys):
    header, _, signature = issue_token(keys[0][0], optician_id="opt_1").split(".")
    forged = b64(json.dumps(payload(**{"custom:optician_id": "opt_other"})).encode())
    assert verify(f"Bearer {header}.{forged}.{signature}", keys) is None


def test_hs256_with_the_public_key_as_secret_is_refused(keys):
    # The classic algorithm confusion: the public key (known to all) used as an HMAC secret.
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(payload()).encode())
    mac = hmac.new(keys[0][1].encode(), f"{header}.{body}".encode(), hashlib.sha256).digest()
    assert verify(f"Bearer {header}.{body}.{b64(mac)}", keys) is None


def test_an_unsigned_token_is_refused(keys):
    for alg in ("none", "None", "NONE"):
        header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
        assert verify(f"Bearer {header}.{b64(json.dumps(payload()).encode())}.", keys) is None


@pytest.mark.parametrize("authorization", [None, "", "Basic abc", "Bearer ", "Bearer x.y.z", "Bearer a.b",
                                           "not-a-token", "Bearer " + "A" * 5000])
def test_garbage_is_refused(keys, authorization):
    assert verify(authorization, keys) is None


def test_its_401_is_the_deployed_gateway_response():
    # The same status, headers and body scripts/bind_authorizer.py puts into the packaged API.
    status, headers, body = gateway.gateway_response("UNAUTHORIZED")
    deployed = json.loads(gateway.GATEWAY_RESPONSES.read_text())["UNAUTHORIZED"]
    assert status == 401 == int(deployed["statusCode"])
    assert headers["WWW-Authenticate"] == "Bearer"
    assert json.loads(body)["error"]["code"] == "unauthorized"
