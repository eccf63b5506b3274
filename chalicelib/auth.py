"""Back-office callers: who sent a request, read from the claims API Gateway's Cognito authorizer verified.

Deployed, every back-office route carries the Cognito user pool authorizer (``BACKOFFICE`` in
chalicelib/api/http.py): API Gateway checks the ID token's signature (the pool's keys), expiry
and issuer before the function runs and passes its claims, each as a string, in
``requestContext.authorizer.claims``. No token is parsed or verified here (docs/authentication.md).

What the authorizer does not check is checked here: that the token is an ID token of *our* app
client (``token_use`` = ``id``, ``aud`` = ``JWT_AUDIENCE``) of *our* pool (``iss`` =
``JWT_ISSUER``). ``custom:optician_id`` names the tenant; ``custom:role`` = ``admin`` marks the
platform operator. No claims at all is 401: Chalice's local server and test client let a request
without a token through to the view, and a route that lost its authorizer must not serve anyone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from chalicelib.domain.errors import Forbidden, Unauthorized

TENANT_CLAIM = "custom:optician_id"
ROLE_CLAIM = "custom:role"
# Our optician ids are "opt_" + base32 (chalicelib/ids.py). API Gateway turns every claim into a
# string, so a list or number in the claim arrives as text: anything else is no id of ours.
_TENANT_ID = re.compile(r"opt_[A-Za-z0-9_-]{1,60}")

NO_TOKEN = "Send 'Authorization: Bearer <token>' (the ID token of the back-office sign-in)."
INVALID = "The token is invalid or expired."


@dataclass(frozen=True)
class Principal:
    subject: str
    optician_id: str | None
    is_admin: bool


def principal_from_claims(claims: object, *, issuer: str, audience: str) -> Principal:
    """The caller named by the authorizer's claims; 401 for none, or for a token that is not an ID
    token of our app client and user pool, or whose tenant claim is no optician id."""
    if not isinstance(claims, dict) or not claims:
        raise Unauthorized(NO_TOKEN)
    if (claims.get("token_use") != "id" or claims.get("aud") != audience or claims.get("iss") != issuer
            or not isinstance(claims.get("sub"), str) or not claims["sub"]):
        raise Unauthorized(INVALID)
    return Principal(subject=claims["sub"], optician_id=_tenant_claim(claims),
                     is_admin=claims.get(ROLE_CLAIM) == "admin")


def _tenant_claim(claims: dict) -> str | None:
    value = claims.get(TENANT_CLAIM)
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _TENANT_ID.fullmatch(value):
        raise Unauthorized(INVALID)
    return value


def require_tenant(principal: Principal) -> str:
    if not principal.optician_id:
        raise Forbidden("This token belongs to no optician.")
    return principal.optician_id


def require_admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise Forbidden("Only the platform operator may do this.")
