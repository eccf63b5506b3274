"""Back-office authentication: RS256 JWTs from the optician's identity provider (Cognito).

Verified here (issuer, audience, expiry, signature) with a key from ``JWT_PUBLIC_KEY``
(PEM) or the provider's JWKS at ``JWT_JWKS_URL``. ``custom:optician_id`` names the
tenant; ``custom:role`` = ``admin`` marks the platform operator.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from chalicelib.config import get_config
from chalicelib.domain.errors import Forbidden, Unauthorized

TENANT_CLAIM = "custom:optician_id"
ROLE_CLAIM = "custom:role"


@dataclass(frozen=True)
class Principal:
    subject: str
    optician_id: str | None
    is_admin: bool


@cache
def _jwks_client(url: str):
    import jwt

    return jwt.PyJWKClient(url, cache_keys=True, lifespan=3600)


def _signing_key(token: str):
    config = get_config()
    if config.jwt_public_key:
        return config.jwt_public_key.replace("\\n", "\n")
    if config.jwt_jwks_url:
        return _jwks_client(config.jwt_jwks_url).get_signing_key_from_jwt(token).key
    raise Unauthorized("Authentication is not configured.")


def authenticate(authorization: str | None) -> Principal:
    """The principal of a ``Bearer`` token; 401 for anything missing, expired or forged."""
    import jwt

    if not authorization or not authorization.startswith("Bearer "):
        raise Unauthorized("Send 'Authorization: Bearer <token>'.")
    token = authorization[len("Bearer "):].strip()
    config = get_config()
    try:
        claims = jwt.decode(
            token,
            _signing_key(token),
            algorithms=["RS256"],
            audience=config.jwt_audience,
            issuer=config.jwt_issuer,
            options={"require": ["exp", "iss", "aud", "sub"]},
            leeway=30,
        )
    except (jwt.PyJWTError, ValueError):
        raise Unauthorized("The token is invalid or expired.") from None
    return Principal(
        subject=str(claims["sub"]),
        optician_id=claims.get(TENANT_CLAIM) or None,
        is_admin=claims.get(ROLE_CLAIM) == "admin",
    )


def require_tenant(principal: Principal) -> str:
    if not principal.optician_id:
        raise Forbidden("This token belongs to no optician.")
    return principal.optician_id


def require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise Forbidden("Only the platform operator may do this.")
