"""Helpers shared by the route handlers: body parsing, the caller, CORS, responses."""
from __future__ import annotations

from chalice import CognitoUserPoolAuthorizer, CORSConfig, Response

from chalicelib.auth import Principal, principal_from_claims, require_admin, require_tenant
from chalicelib.config import get_config
from chalicelib.domain.errors import BadRequest, PayloadTooLarge, Unauthorized
from chalicelib.untrusted_json import MAX_DEPTH, UnsafeJson, loads

# The largest request body any route reads (docs/operations.md): the biggest legitimate one, an
# order of 20 lines or the settings, is a few kB; API Gateway itself would take up to 10 MB.
MAX_BODY_BYTES = 1024 * 1024


# The back office's Cognito user pool authorizer (docs/authentication.md): API Gateway verifies the
# ID token before the function runs. Chalice wants a pool ARN when the app is imported; the
# stack's own pool (parameter CognitoUserPoolId) replaces this stand-in when the app is packaged
# (scripts/bind_authorizer.py, which fails the build if it does not find it).
AUTHORIZER_NAME = "BackOffice"
POOL_ARN_PLACEHOLDER = "arn:aws:cognito-idp:eu-central-2:000000000000:userpool/eu-central-2_BoundAtPackageTime"
BACKOFFICE = CognitoUserPoolAuthorizer(AUTHORIZER_NAME, provider_arns=[POOL_ARN_PLACEHOLDER])


def backoffice_cors() -> CORSConfig:
    """CORS for the SPA's origin (``CORS_ALLOW_ORIGIN`` per stage); preflight is answered by Chalice."""
    return CORSConfig(
        allow_origin=get_config().cors_allow_origin,
        allow_headers=["Authorization", "Content-Type", "Idempotency-Key"],
        max_age=600,
    )


def json_body(request) -> object:
    """The request's JSON body; malformed JSON (also JSON nested deeper than ``MAX_DEPTH``) is a
    400 in our error format, not Chalice's; a body over ``MAX_BODY_BYTES`` is a 413."""
    raw = request.raw_body
    if not raw:
        return {}
    if len(raw) > MAX_BODY_BYTES:
        raise PayloadTooLarge(f"The request body is larger than {MAX_BODY_BYTES} bytes.")
    try:
        return loads(raw)
    except UnsafeJson:
        raise BadRequest(f"The request body is not valid JSON (at most {MAX_DEPTH} levels deep).") from None


def principal(request) -> Principal:
    """The caller of a back-office request, from the claims API Gateway's authorizer verified (read
    once per request; the audit trail reads it too); 401 without claims or for a token that is no
    ID token of our app client, 429 once one source address has failed too often here
    (``auth_failures``: counted only on failure)."""
    known = getattr(request, "kontakt_principal", None)
    if known is None:
        config = get_config()
        claims = ((request.context or {}).get("authorizer") or {}).get("claims")
        try:
            known = principal_from_claims(claims, issuer=config.jwt_issuer, audience=config.jwt_audience)
        except Unauthorized:
            count_auth_failure(request)
            raise
        request.kontakt_principal = known
    return known


def count_auth_failure(request) -> None:
    """Count a failed authentication of the request's source address; 429 instead once it is over the limit."""
    from chalicelib.services.limits import rate_limits

    refused = rate_limits.failure("auth_failures", rate_limits.digest(source_address(request)))
    if refused is not None:
        raise refused


def source_address(request) -> str:
    """The caller's IP address as API Gateway saw it (only ever stored hashed)."""
    identity = (request.context or {}).get("identity") or {}
    return str(identity.get("sourceIp") or "unknown")


def tenant(request) -> str:
    """The optician id of the caller's token (the only tenant this request may touch); 404 if that
    optician does not exist (a token that outlived its optician writes nothing)."""
    from chalicelib.services.opticians import opticians

    optician_id = require_tenant(principal(request))
    opticians.require_existing(optician_id)
    return optician_id


def admin(request) -> Principal:
    """An admin caller, within the ``admin`` rate limit of their account (429 beyond)."""
    from chalicelib.services.limits import rate_limits

    caller = principal(request)
    require_admin(caller)
    rate_limits.hit("admin", rate_limits.digest(caller.subject))
    return caller


def query_params(request) -> dict:
    return dict(request.query_params or {})


def created(body: dict) -> Response:
    return Response(body=body, status_code=201)


def no_content() -> Response:
    return Response(body="", status_code=204)
