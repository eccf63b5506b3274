"""Back-office authentication and tenant isolation (SPEC §5, §6)."""
import json
import time

import pytest

from tests.conftest import Api, body


def test_no_token_is_401_in_the_error_format(client):
    response = Api(client, None).get("/customers")
    assert response.status_code == 401
    assert body(response)["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("claims", [
    {"exp": int(time.time()) - 3600},          # expired
    {"iss": "https://evil.example/issuer"},    # another issuer
    {"aud": "another-app"},                    # another audience
])
def test_expired_or_foreign_tokens_are_401(client, token, optician, claims):
    response = Api(client, token(optician[0]["id"], **claims)).get("/customers")
    assert response.status_code == 401


def test_a_token_signed_with_another_key_is_401(client, optician):
    from local.tokens import generate_key_pair, issue_token

    forged = issue_token(generate_key_pair()[0], optician_id=optician[0]["id"])
    assert Api(client, forged).get("/customers").status_code == 401


def test_an_hs256_token_is_refused(client, optician):
    import jwt

    from chalicelib.config import get_config

    config = get_config()
    forged = jwt.encode({"sub": "x", "iss": config.jwt_issuer, "aud": config.jwt_audience,
                         "exp": int(time.time()) + 60, "custom:optician_id": optician[0]["id"]},
                        "an-attacker-chosen-hmac-secret-of-32-bytes", algorithm="HS256")
    assert Api(client, forged).get("/customers").status_code == 401


def test_an_unsigned_token_is_refused(client, optician):
    import base64
    import json

    from chalicelib.config import get_config

    def segment(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    config = get_config()
    claims = {"sub": "x", "iss": config.jwt_issuer, "aud": config.jwt_audience, "exp": int(time.time()) + 60,
              "custom:optician_id": optician[0]["id"]}
    unsigned = f"{segment({'alg': 'none', 'typ': 'JWT'})}.{segment(claims)}."
    assert Api(client, unsigned).get("/customers").status_code == 401


def test_a_token_without_tenant_cannot_use_the_back_office(client, token):
    assert Api(client, token()).get("/customers").status_code == 403


def test_only_the_admin_role_onboards_opticians(api):
    response = api.post("/admin/opticians", {"name": "Optik Zwei", "sender_name": "OptikZwei"})
    assert response.status_code == 403


def test_another_opticians_customer_is_404_like_a_missing_one(api, new_optician):
    # GIVEN a customer of optician A
    customer = body(api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 111 22 33"}))
    _, other = new_optician(name="Optik Zwei", sender_name="OptikZwei")
    # WHEN optician B asks for it, lists, changes or deletes it
    # THEN B sees nothing, exactly as for an id that does not exist
    missing = other.get("/customers/cus_doesnotexist")
    assert other.get(f"/customers/{customer['id']}").status_code == 404
    assert body(other.get(f"/customers/{customer['id']}")) == body(missing)
    assert other.patch(f"/customers/{customer['id']}", {"first_name": "X"}).status_code == 404
    assert other.delete(f"/customers/{customer['id']}").status_code == 404
    assert other.get(f"/customers/{customer['id']}/lens-passports").status_code == 404
    assert body(other.get("/customers"))["items"] == []
    assert body(other.get("/customers?q=anna"))["items"] == []
    # and A still has it
    assert api.get(f"/customers/{customer['id']}").status_code == 200


def test_a_paging_cursor_of_another_tenant_is_refused(api, new_optician):
    for i in range(3):
        api.post("/customers", {"first_name": f"K{i}", "last_name": "Test", "mobile": "079 111 22 33"})
    cursor = body(api.get("/customers?limit=1"))["next_cursor"]
    _, other = new_optician(name="Optik Zwei", sender_name="OptikZwei")
    response = other.get(f"/customers?limit=1&cursor={cursor}")
    assert response.status_code == 422
    assert body(response)["error"]["field"] == "cursor"


def test_cors_preflight_is_answered_for_the_spa_origin(aws):
    # Chalice's test client cannot read a bodiless preflight answer; its local gateway can.
    from chalice.config import Config
    from chalice.local import LocalGateway

    from app import app
    from chalicelib.config import get_config

    gateway = LocalGateway(app, Config())
    response = gateway.handle_request(method="OPTIONS", path="/customers", body=b"", headers={
        "origin": get_config().cors_allow_origin, "access-control-request-method": "POST"})
    assert response["statusCode"] == 200
    headers = {k.lower(): v for k, v in response["headers"].items()}
    assert headers["access-control-allow-origin"] == get_config().cors_allow_origin
    assert "Authorization" in headers["access-control-allow-headers"]
    assert "Idempotency-Key" in headers["access-control-allow-headers"]  # manual sends carry it
    assert "POST" in headers["access-control-allow-methods"]


def test_the_gateway_401_is_readable_by_the_spa(client):
    # The authorizer answers before the app; its 401 carries the SPA's origin like the app's answers.
    from chalicelib.config import get_config

    response = Api(client, "not-a-token").get("/customers")
    assert response.status_code == 401 and body(response)["error"]["code"] == "unauthorized"
    assert response.headers["Access-Control-Allow-Origin"] == get_config().cors_allow_origin


@pytest.mark.filterwarnings("ignore:CognitoUserPoolAuthorizer is not a supported in local mode")
def test_a_request_that_reaches_the_function_without_claims_is_401(aws):
    # Chalice's own local gateway (no stand-in) lets a request without a token through to the view,
    # as a route that lost its authorizer would be reached: the app itself refuses it.
    from chalice.config import Config
    from chalice.local import LocalGateway

    from app import app
    from local.gateway import _CHALICE_AUTHORIZER

    gateway = LocalGateway(app, Config())
    gateway._authorizer = _CHALICE_AUTHORIZER(app)
    response = gateway.handle_request(method="GET", path="/customers", body=b"", headers={})
    assert response["statusCode"] == 401
    assert json.loads(response["body"])["error"]["code"] == "unauthorized"
    assert response["headers"]["WWW-Authenticate"] == "Bearer"


def test_an_access_token_of_the_pool_is_401(client, token, optician):
    # API Gateway's authorizer accepts it (signature, issuer, expiry hold); the app wants ID tokens.
    response = Api(client, token(optician[0]["id"], token_use="access")).get("/customers")
    assert response.status_code == 401 and body(response)["error"]["code"] == "unauthorized"


def test_every_back_office_route_has_the_authorizer_and_the_openapi_document_agrees():
    from chalice import CognitoUserPoolAuthorizer

    from app import app
    from chalicelib.api.openapi import openapi_document

    document = openapi_document()
    for path, methods in app.routes.items():
        for method, entry in methods.items():
            operation = document["paths"][path][method.lower()]
            schemes = {name for requirement in operation.get("security", document["security"])
                       for name in requirement}
            behind_authorizer = isinstance(entry.authorizer, CognitoUserPoolAuthorizer)
            assert behind_authorizer == ("bearer" in schemes), (method, path)


def test_a_token_for_an_optician_that_does_not_exist_reads_and_writes_nothing(client, token, optician):
    ghost = Api(client, token("opt_doesnotexist"))
    response = ghost.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67"})
    assert response.status_code == 404
    assert ghost.get("/customers").status_code == 404
    assert ghost.get("/settings").status_code == 404


@pytest.mark.parametrize("claim", [["opt_a", "opt_b"], 42, {"id": "x"}, "opt a/../b"])
def test_a_tenant_claim_that_is_no_plain_id_makes_the_token_invalid(client, token, claim):
    assert Api(client, token(**{"custom:optician_id": claim})).get("/customers").status_code == 401


def test_only_the_operator_changes_an_opticians_package(client, token, optician):
    settings, staff = optician
    current = body(staff.get("/settings"))
    assert current["package"] == "gold"
    # WHEN the optician's staff try to change it, THEN 403 naming the field, nothing changed
    downgrade = staff.put("/settings", {**current, "package": "silver"})
    assert downgrade.status_code == 403 and body(downgrade)["error"]["field"] == "package"
    # AND a PUT that leaves the package out keeps it
    kept = body(staff.put("/settings", {k: v for k, v in current.items() if k not in ("package", "id")}))
    assert kept["package"] == "gold"
    # AND the operator (admin role, on this optician) may change it
    operator = Api(client, token(settings["id"], role="admin"))
    assert body(operator.put("/settings", {**current, "package": "silver"}))["package"] == "silver"
