"""Back-office authentication: RS256 JWTs from the optician's identity provider (Cognito).

Verified here (signature, issuer, audience, expiry; ``sub`` required) with a key from
``JWT_PUBLIC_KEY`` (PEM) or the provider's JWKS at ``JWT_JWKS_URL``. ``custom:optician_id``
names the tenant; ``custom:role`` = ``admin`` marks the platform operator. Only RS256 is
accepted (no HS256, no ``none``), and only ID tokens pass: ``aud`` is required and Cognito
access tokens carry ``client_id`` instead (docs/deployment.md).

Verification uses python-jose with its pure-Python RSA backend (python-rsa), so the
deployment package needs no compiled ``cryptography`` (issue 2: package under 5 MB). The key
class is chosen here explicitly: python-jose would pick its ``cryptography`` backend wherever
``cryptography`` is installed (the dev venv: moto needs it), and tests must exercise what
Lambda runs. jose and rsa are imported on the first authenticated request, not with the app.
"""
from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass
from functools import cache

from chalicelib.config import get_config
from chalicelib.domain.errors import Forbidden, Unauthorized

TENANT_CLAIM = "custom:optician_id"
# Our ids are "opt_" + base32; anything with other characters is no id of ours (and never reaches a key).
_TENANT_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
ROLE_CLAIM = "custom:role"
ALGORITHM = "RS256"
LEEWAY_SECONDS = 30

# The JWKS (JWT_JWKS_URL): keys kept this long, then fetched again.
JWKS_LIFETIME_SECONDS = 3600
# At most one fetch this often for a kid not in the cache (key rotation) or after a failed
# fetch: tokens with made-up kids must not turn every request into a call to the provider.
JWKS_MIN_REFETCH_SECONDS = 30
JWKS_TIMEOUT_SECONDS = 3
JWKS_MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Principal:
    subject: str
    optician_id: str | None
    is_admin: bool


class KeyUnavailable(Exception):
    """No verification key for a token: unknown kid, or the JWKS could not be fetched."""


@cache
def _key_class():
    """python-jose's python-rsa key class, accepting PKCS#1 v1.5 signatures over SHA-256 only.

    ``rsa.verify`` accepts whichever hash the signature names (MD5, SHA-1, ...); RS256 is
    SHA-256, so any other is refused here.
    """
    import rsa
    from jose.backends.rsa_backend import RSAKey

    class RS256Key(RSAKey):
        def verify(self, msg, sig):
            try:
                return rsa.verify(msg, sig, self._prepared_key) == "SHA-256"
            except (rsa.VerificationError, OverflowError, ValueError):
                return False

    return RS256Key


def rs256_key(material):
    """A public verification key from a PEM string or a JWK dict (``ValueError`` if unusable)."""
    from jose.exceptions import JOSEError

    try:
        key = _key_class()(material, ALGORITHM)
    except (JOSEError, ValueError, TypeError) as error:
        raise ValueError(f"not an RSA key: {error}") from None
    return key if key.is_public() else key.public_key()


@cache
def _pem_key(pem: str):
    return rs256_key(pem.replace("\\n", "\n"))


class JwksKeys:
    """The signing keys of a JWKS URL by ``kid``: fetched with urllib, kept for a lifetime,
    fetched again once when a token names a kid not in the cache (key rotation)."""

    def __init__(self, url: str, *, lifetime: float = JWKS_LIFETIME_SECONDS,
                 min_refetch: float = JWKS_MIN_REFETCH_SECONDS, timeout: float = JWKS_TIMEOUT_SECONDS,
                 clock=time.monotonic):
        self.url, self.lifetime, self.min_refetch, self.timeout, self.clock = (
            url, lifetime, min_refetch, timeout, clock)
        self._keys: dict[str, object] = {}
        self._fetched_at: float | None = None   # last successful fetch
        self._attempted_at: float | None = None  # last fetch, successful or not
        self._lock = threading.Lock()

    def key(self, kid: str):
        with self._lock:
            now = self.clock()
            fresh = self._fetched_at is not None and now - self._fetched_at < self.lifetime
            if fresh and kid in self._keys:
                return self._keys[kid]
            if self._attempted_at is not None and now - self._attempted_at < self.min_refetch:
                raise KeyUnavailable(f"no key {kid!r}, and the JWKS was fetched (or tried) a moment ago")
            self._refresh(now)
            if kid not in self._keys:
                raise KeyUnavailable(f"no key {kid!r} in the JWKS")
            return self._keys[kid]

    def _refresh(self, now: float) -> None:
        self._attempted_at = now
        try:
            self._keys = self._parse(self._fetch())
        except KeyUnavailable as error:
            from chalicelib.observability import logger

            logger.warning("The JWKS could not be loaded; back-office requests get 401",
                           extra={"jwks_url": self.url, "reason": str(error)})
            raise
        self._fetched_at = now

    def _fetch(self) -> bytes:
        import urllib.request  # not at import: it pulls in http.client, email and ssl (cold start)

        request = urllib.request.Request(self.url, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                data = response.read(JWKS_MAX_BYTES + 1)
        except (OSError, ValueError) as error:  # URLError, HTTPError, timeouts are OSErrors
            raise KeyUnavailable(f"the JWKS at {self.url} could not be fetched: {error}") from None
        if len(data) > JWKS_MAX_BYTES:
            raise KeyUnavailable(f"the JWKS at {self.url} is larger than {JWKS_MAX_BYTES} bytes")
        return data

    def _parse(self, data: bytes) -> dict[str, object]:
        try:
            entries = json.loads(data)["keys"]
        except (ValueError, TypeError, KeyError) as error:
            raise KeyUnavailable(f"the JWKS at {self.url} is not a JWK set: {error}") from None
        keys = {}
        for entry in entries if isinstance(entries, list) else []:
            if not isinstance(entry, dict) or not isinstance(entry.get("kid"), str):
                continue
            if entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig" or entry.get("alg", ALGORITHM) != ALGORITHM:
                continue
            try:
                keys[entry["kid"]] = rs256_key({k: entry[k] for k in ("kty", "n", "e") if k in entry})
            except ValueError:
                continue
        return keys


@cache
def _jwks(url: str) -> JwksKeys:
    return JwksKeys(url)


def _signing_key(token: str):
    config = get_config()
    if config.jwt_public_key:
        return _pem_key(config.jwt_public_key)
    if config.jwt_jwks_url:
        from jose import jwt

        kid = jwt.get_unverified_header(token).get("kid")
        if not isinstance(kid, str):
            raise KeyUnavailable("the token names no key (kid)")
        return _jwks(config.jwt_jwks_url).key(kid)
    raise Unauthorized("Authentication is not configured.")


def authenticate(authorization: str | None) -> Principal:
    """The principal of a ``Bearer`` token; 401 for anything missing, expired or forged."""
    if not authorization or not authorization.startswith("Bearer "):
        raise Unauthorized("Send 'Authorization: Bearer <token>'.")
    token = authorization[len("Bearer "):].strip()
    config = get_config()
    from jose import jwt
    from jose.exceptions import JOSEError

    try:
        claims = jwt.decode(
            token,
            _signing_key(token),
            algorithms=[ALGORITHM],
            audience=config.jwt_audience,
            issuer=config.jwt_issuer,
            options={"require_exp": True, "require_iss": True, "require_aud": True, "require_sub": True,
                     # Cognito ID tokens may carry at_hash; the access token is not sent to compare.
                     "verify_at_hash": False, "leeway": LEEWAY_SECONDS},
        )
    except (JOSEError, KeyUnavailable, ValueError, TypeError):
        raise Unauthorized("The token is invalid or expired.") from None
    return Principal(
        subject=str(claims["sub"]),
        optician_id=_tenant_claim(claims),
        is_admin=claims.get(ROLE_CLAIM) == "admin",
    )


def _tenant_claim(claims: dict) -> str | None:
    """``custom:optician_id`` as a plain id string; any other shape makes the token invalid."""
    value = claims.get(TENANT_CLAIM)
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _TENANT_ID.fullmatch(value):
        raise Unauthorized("The token is invalid or expired.")
    return value


def require_tenant(principal: Principal) -> str:
    if not principal.optician_id:
        raise Forbidden("This token belongs to no optician.")
    return principal.optician_id


def require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise Forbidden("Only the platform operator may do this.")
