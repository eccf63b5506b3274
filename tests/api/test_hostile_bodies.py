"""Hostile request bodies on every JSON route: deep nesting is a 400, a huge body a 413, never a 5xx."""
from __future__ import annotations

import re
import time

import pytest

from chalicelib.api.http import MAX_BODY_BYTES
from chalicelib.api.openapi import openapi_document
from chalicelib.domain.signature import HEADER, sign
from tests.conftest import body

DEEP_ARRAYS = ("[" * 100_000 + "]" * 100_000).encode()              # 200 kB, 100,000 levels
DEEP_OBJECTS = ('{"a":' * 100_000 + "1" + "}" * 100_000).encode()    # 600 kB, 100,000 levels
JUST_TOO_DEEP = ('{"a":' * 33 + "1" + "}" * 33).encode()             # 33 levels: under Python's limit
OVERSIZED = b'{"first_name": "' + b"x" * MAX_BODY_BYTES + b'"}'


def json_operations() -> list[tuple[str, str, bool]]:
    """(method, path with placeholder ids, signed by the webshop) of every route that reads a JSON body."""
    document = openapi_document()
    found = []
    for template, entry in document["paths"].items():
        for method, operation in entry.items():
            if method not in {"get", "put", "post", "patch", "delete"}:
                continue
            if "application/json" not in operation.get("requestBody", {}).get("content", {}):
                continue
            security = operation.get("security", document["security"])
            signed = not any("bearer" in requirement for requirement in security)
            found.append((method.upper(), re.sub(r"\{(\w+)\}", r"x_\1", template), signed))
    return found


OPERATIONS = json_operations()


@pytest.fixture
def send(client, optician, admin_api):
    settings, office = optician

    def call(method: str, path: str, signed: bool, raw: bytes):
        path = path.replace("x_optician_id", settings["id"])
        if signed:
            headers = {"Content-Type": "application/json",
                       HEADER: sign(settings["webhook_secret"], raw, int(time.time()))}
            return client.http.request(method, path, headers=headers, body=raw)
        caller = admin_api if path.startswith("/admin/") else office
        return caller.call(method, path, raw)

    return call


def test_every_json_route_is_covered():
    assert len(OPERATIONS) >= 20
    assert ("POST", "/webhooks/x_optician_id/orders", True) in OPERATIONS
    assert ("POST", "/admin/opticians", False) in OPERATIONS


@pytest.mark.parametrize("method, path, signed", OPERATIONS)
def test_json_nested_100000_levels_deep_is_400_on_every_json_route(send, method, path, signed):
    for raw in (DEEP_ARRAYS, DEEP_OBJECTS, JUST_TOO_DEEP):
        response = send(method, path, signed, raw)

        assert response.status_code == 400, (len(raw), response.body[:300])
        assert body(response)["error"]["code"] == "bad_request"


@pytest.mark.parametrize("method, path, signed", OPERATIONS)
def test_a_body_over_one_mebibyte_is_413_on_every_json_route(send, method, path, signed):
    response = send(method, path, signed, OVERSIZED)

    assert response.status_code == 413, response.body[:300]
    error = body(response)["error"]
    assert error["code"] == "payload_too_large" and str(MAX_BODY_BYTES) in error["message"]


def test_a_body_just_under_the_limit_is_read_and_judged_on_its_fields(api):
    name = "x" * (MAX_BODY_BYTES - 200)
    response = api.post("/customers", {"first_name": name, "last_name": "Aebi", "mobile": "079 123 45 67"})

    assert response.status_code == 422 and body(response)["error"]["field"] == "first_name"


def test_a_body_nested_as_deep_as_allowed_is_judged_on_its_fields(api):
    nested = {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67", "topics": {}}
    inner = nested["topics"]
    for _ in range(29):  # the body, topics and 30 more levels: 32
        inner["x"] = {}
        inner = inner["x"]
    response = api.post("/customers", nested)

    assert response.status_code == 422, response.body


def test_a_deeply_nested_paging_cursor_is_422_not_500(api):
    import base64

    cursor = base64.urlsafe_b64encode(b"[" * 5000 + b"]" * 5000).decode().rstrip("=")
    response = api.get(f"/customers?cursor={cursor}")

    assert response.status_code == 422 and body(response)["error"]["field"] == "cursor"
