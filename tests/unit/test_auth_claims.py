"""The back-office caller from the claims API Gateway's Cognito authorizer passes (chalicelib/auth.py).

The gateway has checked signature, expiry and issuer; what it does not check — an ID token, of our
app client, of our pool, with a tenant claim that is one of our ids — is checked here. Claims
arrive as API Gateway passes them: every value a string.
"""
from __future__ import annotations

import pytest

from chalicelib import auth
from chalicelib.domain.errors import Forbidden, Unauthorized

ISSUER = "https://cognito-idp.eu-central-2.amazonaws.com/eu-central-2_Pool"
CLIENT = "backoffice-client"


def claims(**overrides) -> dict:
    given = {"sub": "u-1", "iss": ISSUER, "aud": CLIENT, "token_use": "id", "cognito:username": "anna",
             "exp": "Sat Dec 05 10:00:00 UTC 2026", "custom:optician_id": "opt_01hx7k2m3n4p5q6r7s8t9v0w1x"}
    given.update(overrides)
    return {name: value for name, value in given.items() if value is not None}


def read(given) -> auth.Principal:
    return auth.principal_from_claims(given, issuer=ISSUER, audience=CLIENT)


def test_an_id_token_of_our_client_names_subject_tenant_and_role():
    assert read(claims()) == auth.Principal(subject="u-1", optician_id="opt_01hx7k2m3n4p5q6r7s8t9v0w1x",
                                            is_admin=False)
    assert read(claims(**{"custom:role": "admin"})).is_admin is True
    assert read(claims(**{"custom:role": "Admin"})).is_admin is False  # exactly "admin"


def test_an_operator_token_may_have_no_tenant():
    operator = read(claims(**{"custom:optician_id": None, "custom:role": "admin"}))
    assert (operator.optician_id, operator.is_admin) == (None, True)
    assert read(claims(**{"custom:optician_id": ""})).optician_id is None


@pytest.mark.parametrize("given", [None, {}, "a string", ["sub"]])
def test_no_claims_is_401_asking_for_a_token(given):
    # What Chalice's local gateway passes for a request without a token, or a route without the authorizer.
    with pytest.raises(Unauthorized) as refused:
        read(given)
    assert refused.value.message == auth.NO_TOKEN


@pytest.mark.parametrize("overrides", [
    {"token_use": "access"},                          # an access token: scopes, no custom attributes
    {"token_use": None},
    {"aud": "another-client"},                        # an ID token of another app client of the pool
    {"aud": None, "client_id": CLIENT},               # the shape of an access token
    {"iss": ISSUER + "x"},                            # another pool (a misbound authorizer)
    {"iss": None},
    {"sub": None},
    {"sub": ""},
])
def test_what_the_gateway_does_not_check_is_refused_here(overrides):
    with pytest.raises(Unauthorized) as refused:
        read(claims(**overrides))
    assert refused.value.message == auth.INVALID


@pytest.mark.parametrize("tenant", [
    '["opt_a", "opt_b"]',      # a list, as API Gateway stringifies it
    "42",                      # a number
    '{"id": "x"}',
    "opt a/../b",
    "cus_01hx7k2m3n4p5q6r7s8t9v0w1x",  # an id, but not an optician's
    "opt_",
    "opt_" + "a" * 61,
])
def test_a_tenant_claim_that_is_no_optician_id_makes_the_token_invalid(tenant):
    with pytest.raises(Unauthorized):
        read(claims(**{"custom:optician_id": tenant}))


def test_the_longest_optician_id_is_accepted():
    assert read(claims(**{"custom:optician_id": "opt_" + "a" * 60})).optician_id == "opt_" + "a" * 60


def test_tenant_and_admin_requirements():
    staff = read(claims())
    operator = read(claims(**{"custom:optician_id": None, "custom:role": "admin"}))
    assert auth.require_tenant(staff) == "opt_01hx7k2m3n4p5q6r7s8t9v0w1x"
    with pytest.raises(Forbidden, match="belongs to no optician"):
        auth.require_tenant(operator)
    auth.require_admin(operator)
    with pytest.raises(Forbidden, match="platform operator"):
        auth.require_admin(staff)
