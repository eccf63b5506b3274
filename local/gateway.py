"""The stand-in for API Gateway's Cognito user pool authorizer, in local mode and tests only.

Deployed, API Gateway verifies the back office's ID tokens (signature with the pool's keys,
expiry, issuer) before the function runs and hands the function the claims
(chalicelib/auth.py). Chalice's local gateway — behind ``make run`` and ``chalice.test.Client``
— does not: it base64-decodes whatever token it gets, passes its claims on unchecked, and lets
a request without a token through. ``install(public_pem)`` replaces that for every local gateway
of this process with what API Gateway does:

- no token, or one whose RS256 signature (this key only: ``alg`` ``none``/HS256 are refused),
  expiry or issuer (``JWT_ISSUER``) does not hold → 401 with the ``UNAUTHORIZED`` gateway
  response of infra/gateway-responses.json (the deployed one: same status, headers and body,
  plus the CORS origin the packaged API adds), the function is not called;
- otherwise the claims, each as a string as API Gateway passes them, in
  ``requestContext.authorizer.claims``. Like the real authorizer it does not check ``aud`` or
  ``token_use``: that is the app's job, and the tests see the app do it.

Verified with joserfc, while local/tokens.py signs with PyJWT: two implementations checked
against each other by every test token. Both are development dependencies; this directory is
not part of the deployment package (``chalice package`` ships app.py and chalicelib/ only, and
scripts/package_check.py fails if ``local`` can be imported there).
"""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import chalice.local

# Chalice's own class, kept before install() replaces the module's name with the stand-in.
_CHALICE_AUTHORIZER = chalice.local.LocalGatewayAuthorizer

GATEWAY_RESPONSES = Path(__file__).resolve().parent.parent / "infra" / "gateway-responses.json"
ALGORITHM = "RS256"
_trusted: list = []  # the signing keys of "the pool" (local mode's and the tests' own)


def install(public_pem: str) -> None:
    """Trust ``public_pem`` as one of the pool's signing keys (as a pool's JWKS holds several) and let
    every Chalice local gateway of this process authorize Cognito routes with the stand-in.

    Patched on Chalice's module rather than per gateway: the test client, the local server (a new
    gateway per request) and tests building a ``LocalGateway`` all get it, and none can be missed
    and silently fall back to Chalice's unverified decoding.
    """
    from joserfc.jwk import RSAKey

    key = RSAKey.import_key(public_pem)
    if all(known.as_dict() != key.as_dict() for known in _trusted):
        _trusted.append(key)
    chalice.local.LocalGatewayAuthorizer = CognitoAuthorizerStandIn


def verified_claims(authorization: str | None, *, public_pem: str | None = None) -> dict[str, str] | None:
    """The claims of a valid token in an ``Authorization`` header value (``Bearer <jwt>`` or the
    bare token), as API Gateway passes them; ``None`` if API Gateway would refuse it. Verified
    with the keys ``install`` trusted, or with ``public_pem`` alone."""
    from joserfc import jwt
    from joserfc.errors import JoseError
    from joserfc.jwk import RSAKey

    from chalicelib.config import get_config

    keys = [RSAKey.import_key(public_pem)] if public_pem else list(_trusted)
    token = (authorization or "").strip()
    if token[:7].lower() == "bearer ":
        token = token[7:].strip()
    if not token:
        return None
    for key in keys:
        try:
            decoded = jwt.decode(token, key, algorithms=[ALGORITHM])
            jwt.JWTClaimsRegistry(iss={"essential": True, "value": get_config().jwt_issuer},
                                  exp={"essential": True}).validate(decoded.claims)
        except (JoseError, ValueError, TypeError):
            continue
        return {name: _as_string(value) for name, value in decoded.claims.items()}
    return None


def _as_string(value: object) -> str:
    # API Gateway hands every claim to the function as a string.
    return value if isinstance(value, str) else json.dumps(value)


@cache
def gateway_response(response_type: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of one gateway response of infra/gateway-responses.json."""
    spec = json.loads(GATEWAY_RESPONSES.read_text())[response_type]
    body = spec["responseTemplates"]["application/json"]
    if "$" in body:
        raise ValueError(f"{response_type}: the stand-in answers only static gateway responses")
    headers = {name.removeprefix("gatewayresponse.header."): value.strip("'")
               for name, value in spec.get("responseParameters", {}).items()}
    return int(spec["statusCode"]), {"Content-Type": "application/json", **headers}, body.encode()


def _unauthorized(lambda_context):
    from chalice.local import NotAuthorizedError

    from chalicelib.config import get_config

    status, headers, body = gateway_response("UNAUTHORIZED")
    assert status == NotAuthorizedError.CODE, "infra/gateway-responses.json: UNAUTHORIZED must be 401"
    return NotAuthorizedError({**headers, "Access-Control-Allow-Origin": get_config().cors_allow_origin,
                               "x-amzn-RequestId": lambda_context.aws_request_id,
                               "x-amzn-ErrorType": "UnauthorizedException"}, body)


class CognitoAuthorizerStandIn(_CHALICE_AUTHORIZER):
    """Chalice's local authorizer, with Cognito routes authorized as API Gateway does."""

    def authorize(self, raw_path, lambda_event, lambda_context):
        from chalice import CognitoUserPoolAuthorizer

        route = self._route_for_event(lambda_event)
        if route is None or not isinstance(route.authorizer, CognitoUserPoolAuthorizer):
            return super().authorize(raw_path, lambda_event, lambda_context)
        headers = lambda_event.get("headers") or {}
        claims = verified_claims(next((v for k, v in headers.items() if k.lower() == "authorization"), None))
        if claims is None:
            raise _unauthorized(lambda_context)
        lambda_event["requestContext"]["authorizer"] = {"claims": claims}
        return lambda_event, lambda_context
