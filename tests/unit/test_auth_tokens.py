"""Back-office token verification (chalicelib/auth.py) as Lambda runs it: python-jose with the
pure-Python RSA backend, keys from a PEM or from a JWKS served on this machine (no network).

Tokens are made with PyJWT + cryptography (development dependencies), independently of the
verifying code.
"""
from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from chalicelib import auth
from chalicelib.config import get_config, reset_config
from chalicelib.domain.errors import Unauthorized
from local.tokens import generate_key_pair, issue_token

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def keys():
    """Two key pairs: (private PEM, public PEM) each."""
    return generate_key_pair(), generate_key_pair()


@pytest.fixture
def pem_config(monkeypatch, keys):
    monkeypatch.setenv("JWT_PUBLIC_KEY", keys[0][1])
    monkeypatch.delenv("JWT_JWKS_URL", raising=False)
    reset_config()
    yield keys[0][0]
    reset_config()


def bearer(token: str) -> str:
    return f"Bearer {token}"


def claims(**overrides) -> dict:
    config = get_config()
    now = int(time.time())
    payload = {"iss": config.jwt_issuer, "aud": config.jwt_audience, "sub": "u-1", "iat": now, "exp": now + 600,
               "custom:optician_id": "opt_1", "token_use": "id"}
    payload.update(overrides)
    return {k: v for k, v in payload.items() if v is not None}


def sign(private_pem: str, payload: dict, algorithm: str = "RS256", headers: dict | None = None) -> str:
    import jwt

    return jwt.encode(payload, private_pem, algorithm=algorithm, headers=headers)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --- a key from JWT_PUBLIC_KEY ------------------------------------------------------------------


def test_a_valid_token_gives_tenant_and_role(pem_config):
    principal = auth.authenticate(bearer(issue_token(pem_config, optician_id="opt_7")))
    assert principal == auth.Principal(subject="local-user", optician_id="opt_7", is_admin=False)
    admin = auth.authenticate(bearer(issue_token(pem_config, role="admin")))
    assert admin.is_admin and admin.optician_id is None


def test_the_key_is_the_pure_python_backend_whatever_is_installed(pem_config):
    # The dev venv has cryptography (python-jose would prefer it); Lambda has not. The key
    # class is chosen explicitly, so these tests exercise what Lambda runs.
    from jose.backends.rsa_backend import RSAKey

    key = auth._signing_key(issue_token(pem_config))
    assert isinstance(key, RSAKey) and key.is_public()
    assert "cryptography" not in type(key).__module__


def test_a_cognito_id_token_with_at_hash_is_accepted(pem_config):
    token = sign(pem_config, claims(at_hash="x4Yyq1cRFJOt8Mx2V3ZxcQ", email="anna@optik-muster.ch"))
    assert auth.authenticate(bearer(token)).optician_id == "opt_1"


@pytest.mark.parametrize("overrides", [
    {"exp": int(time.time()) - 3600},              # expired
    {"exp": None},                                 # no expiry
    {"iss": "https://evil.example/issuer"},        # another issuer
    {"iss": None},
    {"aud": "another-app"},                        # another audience
    {"aud": None},                                 # no audience: a Cognito access token
    {"aud": None, "client_id": "kontakt-backoffice", "token_use": "access"},
    {"sub": None},
    {"nbf": int(time.time()) + 3600},              # not yet valid
])
def test_tokens_with_wrong_or_missing_claims_are_refused(pem_config, overrides):
    with pytest.raises(Unauthorized):
        auth.authenticate(bearer(sign(pem_config, claims(**overrides))))


def test_clock_skew_within_the_leeway_is_tolerated(pem_config):
    token = sign(pem_config, claims(exp=int(time.time()) - 10))
    assert auth.authenticate(bearer(token)).subject == "u-1"


def test_a_token_of_another_key_is_refused(pem_config, keys):
    with pytest.raises(Unauthorized):
        auth.authenticate(bearer(issue_token(keys[1][0], optician_id="opt_1")))


def test_a_tampered_payload_is_refused(pem_config):
    header, _, signature = sign(pem_config, claims()).split(".")
    forged = b64(json.dumps(claims(**{"custom:optician_id": "opt_other"})).encode())
    with pytest.raises(Unauthorized):
        auth.authenticate(bearer(f"{header}.{forged}.{signature}"))


def test_hs256_with_the_public_key_as_secret_is_refused(pem_config, keys):
    # The classic algorithm confusion: the public key (known to all) used as an HMAC secret.
    import hashlib
    import hmac

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = b64(json.dumps(claims()).encode())
    mac = hmac.new(keys[0][1].encode(), f"{header}.{payload}".encode(), hashlib.sha256).digest()
    with pytest.raises(Unauthorized):
        auth.authenticate(bearer(f"{header}.{payload}.{b64(mac)}"))


def test_an_unsigned_token_is_refused(pem_config):
    for alg in ("none", "None", "NONE"):
        header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
        with pytest.raises(Unauthorized):
            auth.authenticate(bearer(f"{header}.{b64(json.dumps(claims()).encode())}."))


def test_a_pkcs1_signature_over_sha1_is_refused(pem_config):
    # python-rsa's verify accepts any hash the signature names; RS256 means SHA-256 only.
    import rsa

    private = rsa.PrivateKey.load_pkcs1(_pkcs1_private(pem_config))
    header = b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    signing_input = f"{header}.{b64(json.dumps(claims()).encode())}"
    for hash_method, accepted in (("SHA-1", False), ("SHA-256", True)):
        token = f"{signing_input}.{b64(rsa.sign(signing_input.encode(), private, hash_method))}"
        if accepted:
            assert auth.authenticate(bearer(token)).subject == "u-1"
        else:
            with pytest.raises(Unauthorized):
                auth.authenticate(bearer(token))


def _pkcs1_private(private_pem: str) -> bytes:
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(private_pem.encode(), password=None)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption())


@pytest.mark.parametrize("authorization", [None, "", "Basic abc", "Bearer ", "Bearer x.y.z", "Bearer a.b",
                                           "Bearer " + "A" * 5000])
def test_garbage_is_refused(pem_config, authorization):
    with pytest.raises(Unauthorized):
        auth.authenticate(authorization)


def test_a_misconfigured_public_key_refuses_instead_of_failing(monkeypatch, pem_config):
    monkeypatch.setenv("JWT_PUBLIC_KEY", "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----")
    reset_config()
    with pytest.raises(Unauthorized):
        auth.authenticate(bearer(issue_token(pem_config)))


def test_without_cryptography_installed_verification_works_as_on_lambda(monkeypatch, keys):
    # A fresh interpreter where `cryptography` cannot be imported, as in the deployment package.
    private_pem, public_pem = keys[0]
    env = {"JWT_PUBLIC_KEY": public_pem, "JWT_JWKS_URL": "", "JWT_ISSUER": "https://issuer.example",
           "JWT_AUDIENCE": "kontakt-backoffice"}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    reset_config()
    try:
        good = issue_token(private_pem, optician_id="opt_9", role="admin")
        forged = issue_token(keys[1][0], optician_id="opt_9")
    finally:
        reset_config()
    script = r'''
import json, sys
sys.modules["cryptography"] = None  # importing it now fails, as where it is not installed
from chalicelib import auth
from chalicelib.domain.errors import Unauthorized
principal = auth.authenticate("Bearer " + sys.argv[1])
try:
    auth.authenticate("Bearer " + sys.argv[2])
    forged = "accepted"
except Unauthorized:
    forged = "refused"
import jose.backends
print(json.dumps({"optician_id": principal.optician_id, "admin": principal.is_admin, "forged": forged,
                  "jose_default_rsa": jose.backends.RSAKey.__module__,
                  "crypto_loaded": any(m.startswith("cryptography") and sys.modules[m] is not None
                                       for m in sys.modules)}))
'''
    result = subprocess.run([sys.executable, "-c", script, good, forged], cwd=ROOT, env=dict(os.environ),
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome == {"optician_id": "opt_9", "admin": True, "forged": "refused",
                       "jose_default_rsa": "jose.backends.rsa_backend", "crypto_loaded": False}


# --- keys from a JWKS (JWT_JWKS_URL) -----------------------------------------------------------


def public_jwk(public_pem: str, kid: str) -> dict:
    from cryptography.hazmat.primitives import serialization

    numbers = serialization.load_pem_public_key(public_pem.encode()).public_numbers()

    def encode(number: int) -> str:
        return b64(number.to_bytes((number.bit_length() + 7) // 8, "big"))

    return {"kty": "RSA", "alg": "RS256", "use": "sig", "kid": kid, "n": encode(numbers.n), "e": encode(numbers.e)}


class JwksServer:
    """A JWKS endpoint on 127.0.0.1 whose answer the test changes; counts the requests."""

    def __init__(self):
        self.document: dict | bytes = {"keys": []}
        self.status = 200
        self.delay = 0.0
        self.requests = 0
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests += 1
                time.sleep(server.delay)
                body = server.document if isinstance(server.document, bytes) else json.dumps(server.document).encode()
                self.send_response(server.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/.well-known/jwks.json"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def jwks(monkeypatch):
    """(server, clock): JWT_JWKS_URL points at the server; the key cache runs on the clock."""
    server, clock = JwksServer(), Clock()
    cache = auth.JwksKeys(server.url, clock=clock, timeout=1)
    monkeypatch.delenv("JWT_PUBLIC_KEY", raising=False)
    monkeypatch.setenv("JWT_JWKS_URL", server.url)
    monkeypatch.setattr(auth, "_jwks", lambda url: cache if url == server.url else pytest.fail(url))
    reset_config()
    yield server, clock
    server.close()
    reset_config()


def test_the_key_is_found_by_kid_and_the_jwks_is_fetched_once(jwks, keys):
    server, _ = jwks
    (first_private, first_public), (second_private, second_public) = keys
    server.document = {"keys": [public_jwk(first_public, "k1"), public_jwk(second_public, "k2")]}
    assert auth.authenticate(bearer(issue_token(second_private, optician_id="opt_2", kid="k2"))).optician_id == "opt_2"
    assert auth.authenticate(bearer(issue_token(first_private, optician_id="opt_1", kid="k1"))).optician_id == "opt_1"
    assert server.requests == 1
    # signed with k1's key but naming k2: the named key must verify
    with pytest.raises(Unauthorized):
        auth.authenticate(bearer(issue_token(first_private, kid="k2")))
    # no kid at all
    with pytest.raises(Unauthorized):
        auth.authenticate(bearer(issue_token(first_private)))


def test_a_new_kid_fetches_the_jwks_again_once_key_rotation(jwks, keys):
    server, clock = jwks
    (old_private, old_public), (new_private, new_public) = keys
    server.document = {"keys": [public_jwk(old_public, "old")]}
    assert auth.authenticate(bearer(issue_token(old_private, kid="old"))).subject == "local-user"
    # the provider rotates: the new key is published and signs from now on
    server.document = {"keys": [public_jwk(old_public, "old"), public_jwk(new_public, "new")]}
    clock.now += auth.JWKS_MIN_REFETCH_SECONDS
    assert auth.authenticate(bearer(issue_token(new_private, kid="new"))).subject == "local-user"
    assert server.requests == 2
    assert auth.authenticate(bearer(issue_token(old_private, kid="old"))).subject == "local-user"
    assert server.requests == 2


def test_unknown_kids_do_not_turn_every_request_into_a_fetch(jwks, keys):
    server, clock = jwks
    private, public = keys[0]
    server.document = {"keys": [public_jwk(public, "k1")]}
    auth.authenticate(bearer(issue_token(private, kid="k1")))
    for i in range(5):
        with pytest.raises(Unauthorized):
            auth.authenticate(bearer(issue_token(private, kid=f"made-up-{i}")))
    assert server.requests == 1  # fetched a moment ago: no new fetch for an unknown kid
    clock.now += auth.JWKS_MIN_REFETCH_SECONDS
    with pytest.raises(Unauthorized):
        auth.authenticate(bearer(issue_token(private, kid="still-unknown")))
    assert server.requests == 2  # one fetch for it, then refused
    auth.authenticate(bearer(issue_token(private, kid="k1")))
    assert server.requests == 2


def test_the_keys_are_fetched_again_after_their_lifetime(jwks, keys):
    server, clock = jwks
    private, public = keys[0]
    server.document = {"keys": [public_jwk(public, "k1")]}
    auth.authenticate(bearer(issue_token(private, kid="k1")))
    clock.now += auth.JWKS_LIFETIME_SECONDS - 1
    auth.authenticate(bearer(issue_token(private, kid="k1")))
    assert server.requests == 1
    # the key was withdrawn from the JWKS: after the lifetime it is no longer trusted
    server.document = {"keys": []}
    clock.now += 2
    with pytest.raises(Unauthorized):
        auth.authenticate(bearer(issue_token(private, kid="k1")))
    assert server.requests == 2


@pytest.mark.parametrize("answer", [
    {"status": 500},
    {"status": 404},
    {"document": b"<html>not json</html>"},
    {"document": {"no": "keys"}},
    {"document": {"keys": [{"kid": "k1", "kty": "RSA", "n": "!!", "e": "AQAB"}]}},
    {"document": b"x" * (auth.JWKS_MAX_BYTES + 10)},
    {"delay": 2.0},  # slower than the timeout (1 s here)
])
def test_a_broken_jwks_endpoint_refuses_with_401(jwks, keys, answer):
    server, clock = jwks
    for name, value in answer.items():
        setattr(server, name, value)
    started = time.monotonic()
    with pytest.raises(Unauthorized):
        auth.authenticate(bearer(issue_token(keys[0][0], kid="k1")))
    assert time.monotonic() - started < 1.9
    # the endpoint recovers: after the refetch interval the next request succeeds
    server.status, server.delay, server.document = 200, 0.0, {"keys": [public_jwk(keys[0][1], "k1")]}
    clock.now += auth.JWKS_MIN_REFETCH_SECONDS
    assert auth.authenticate(bearer(issue_token(keys[0][0], kid="k1"))).subject == "local-user"


def test_keys_for_other_uses_or_algorithms_are_ignored(jwks, keys):
    server, _ = jwks
    private, public = keys[0]
    server.document = {"keys": [{**public_jwk(public, "enc"), "use": "enc"},
                                {**public_jwk(public, "ps"), "alg": "PS256"},
                                {"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA"}]}
    for kid in ("enc", "ps", "ec"):
        with pytest.raises(Unauthorized):
            auth.authenticate(bearer(issue_token(private, kid=kid)))


def test_an_unreachable_jwks_is_401_through_the_real_cache(monkeypatch, keys):
    import socket

    with socket.socket() as probe:  # a port with nothing listening on it
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/jwks.json"
    monkeypatch.delenv("JWT_PUBLIC_KEY", raising=False)
    monkeypatch.setenv("JWT_JWKS_URL", url)
    reset_config()
    auth._jwks.cache_clear()
    try:
        with pytest.raises(Unauthorized):
            auth.authenticate(bearer(issue_token(keys[0][0], kid="k1")))
    finally:
        auth._jwks.cache_clear()
        reset_config()
