"""Back-office JWTs for local mode and tests, signed with a key made at start-up.

Signed with PyJWT and ``cryptography`` (development dependencies, never deployed); the stand-in
for API Gateway's Cognito authorizer (local/gateway.py) verifies them with joserfc, so every test
token also checks the two implementations against each other.
"""
from __future__ import annotations

import time

LIFETIME_HOURS = 12  # as the back office's Cognito tokens; /_local/token gives a new one


def generate_key_pair() -> tuple[str, str]:
    """A fresh RSA key pair as (private PEM, public PEM)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode()
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private_pem, public_pem


def issue_token(private_pem: str, *, optician_id: str | None = None, role: str | None = None,
                lifetime_seconds: int = LIFETIME_HOURS * 3600, kid: str | None = None, **claims) -> str:
    """An ID token as Cognito would issue it: RS256, ``token_use`` ``id``, issuer (the pool) and
    audience (the app client) from the configuration; ``claims`` add or override any of them.

    ``kid`` names the signing key in the header, as Cognito does (needed with a JWKS).
    """
    import jwt

    from chalicelib.config import get_config

    config = get_config()
    now = int(time.time())
    payload = {"iss": config.jwt_issuer, "aud": config.jwt_audience, "sub": "local-user",
               "token_use": "id", "cognito:username": "local-user", "auth_time": now,
               "iat": now, "exp": now + lifetime_seconds}
    if optician_id:
        payload["custom:optician_id"] = optician_id
    if role:
        payload["custom:role"] = role
    payload.update(claims)
    return jwt.encode(payload, private_pem, algorithm="RS256", headers={"kid": kid} if kid else None)
