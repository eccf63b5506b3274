"""The published OpenAPI document is valid and describes every public route."""
import json

from tests.conftest import body

HTTP_METHODS = {"get", "put", "post", "patch", "delete"}


def test_the_document_is_valid_openapi_3(client):
    from openapi_spec_validator import validate

    response = client.http.get("/openapi.json")
    assert response.status_code == 200
    validate(body(response))


def test_every_route_of_the_app_is_documented_with_each_method(client):
    from app import app

    documented = body(client.http.get("/openapi.json"))["paths"]
    missing = []
    for path, entry in app.routes.items():
        if path.startswith("/_local"):
            continue
        for method in entry:
            if method.lower() not in documented.get(path, {}):
                missing.append(f"{method} {path}")
    assert missing == []


def test_no_documented_route_is_missing_from_the_app(client):
    from app import app

    documented = body(client.http.get("/openapi.json"))["paths"]
    extra = [f"{m} {p}" for p, ops in documented.items() for m in ops
             if m in HTTP_METHODS and m.upper() not in app.routes.get(p, {})]
    assert extra == []


def test_local_only_routes_are_not_part_of_the_deployed_app():
    from app import app

    assert not [path for path in app.routes if path.startswith("/_local")]
    assert json.dumps(list(app.routes))  # the app imported without local mode


def test_the_web_apps_copy_of_the_document_is_current():
    """The web app's client is typed from web/openapi.json: a route or field changed here must reach it."""
    from pathlib import Path

    from chalicelib.api.openapi import openapi_document

    committed = json.loads((Path(__file__).parents[2] / "web" / "openapi.json").read_text())
    assert committed == json.loads(json.dumps(openapi_document())), (
        "web/openapi.json is stale: run `make web-api-update` and commit web/openapi.json and "
        "web/src/api/schema.d.ts (then `make web-check` shows whether the web app still compiles)")


def test_every_instant_in_the_document_is_declared_as_a_date_time(client):
    """A client generated from the document must know ``*_at`` fields are instants, not free text."""
    schemas = body(client.http.get("/openapi.json"))["components"]["schemas"]

    def strings(schema: dict) -> list[dict]:
        options = schema.get("anyOf", [schema])
        return [option for option in options if option.get("type") == "string"]

    bare = [f"{name}.{field}" for name, schema in schemas.items()
            for field, declared in schema.get("properties", {}).items()
            if field.endswith("_at") and any("format" not in option for option in strings(declared))]
    assert bare == []
