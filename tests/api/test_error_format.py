"""Answers Chalice gives before any view runs (415, 405) are in the error format of SPEC §5."""
from __future__ import annotations

import pytest

from tests.conftest import body


def spec_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.body
    payload = body(response)
    assert set(payload) == {"error"} and set(payload["error"]) == {"code", "message"}, payload
    assert payload["error"]["code"] == code and payload["error"]["message"]
    return payload["error"]


@pytest.mark.parametrize("content_type, payload", [
    ("text/plain", "Anna"),
    ("application/x-www-form-urlencoded", "first_name=Anna"),
    ("application/merge-patch+json", '{"first_name": "Anna"}'),
])
def test_a_body_that_is_not_json_is_415_in_the_error_format(api, content_type, payload):
    response = api.post("/customers", payload, headers={"Content-Type": content_type})

    error = spec_error(response, 415, "unsupported_media_type")
    assert content_type in error["message"] and "application/json" in error["message"]
    # The SPA's origin can read the answer.
    assert response.headers["Access-Control-Allow-Origin"]
    assert body(api.get("/customers"))["items"] == []


def test_a_webhook_with_another_content_type_is_415_in_the_error_format(client, optician):
    settings, _ = optician
    response = client.http.post(f"/webhooks/{settings['id']}/orders", body=b"<order/>",
                                headers={"Content-Type": "application/xml"})

    spec_error(response, 415, "unsupported_media_type")


def test_a_json_content_type_with_charset_is_accepted(api):
    response = api.post("/customers", '{"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67"}',
                        headers={"Content-Type": "application/json; charset=utf-8"})

    assert response.status_code == 201, response.body


@pytest.mark.parametrize("method, path, allowed", [
    ("PUT", "/customers", "GET, POST"),
    ("DELETE", "/settings", "GET, PUT"),
    ("PATCH", "/customers/{id}/orders", "GET, POST"),
])
def test_a_method_the_path_does_not_have_is_405_in_the_error_format(api, method, path, allowed):
    response = api.call(method, path.replace("{id}", "cus_x"), {})

    error = spec_error(response, 405, "method_not_allowed")
    assert method in error["message"] and allowed in error["message"]
    assert response.headers["Allow"] == allowed
    assert response.headers["Access-Control-Allow-Origin"]


def test_a_405_on_a_route_without_cors_has_no_cors_headers(client, optician):
    settings, _ = optician
    response = client.http.get(f"/webhooks/{settings['id']}/orders")

    spec_error(response, 405, "method_not_allowed")
    assert response.headers["Allow"] == "POST"
    assert "Access-Control-Allow-Origin" not in response.headers


def test_the_unsubscribe_form_post_is_not_refused(client):
    response = client.http.post("/unsubscribe/opt_x/tok", body=b"List-Unsubscribe=One-Click",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})

    assert response.status_code == 404 and response.headers["Content-Type"].startswith("text/html")


def test_an_unsupported_content_type_on_unsubscribe_names_what_is_accepted(client):
    response = client.http.post("/unsubscribe/opt_x/tok", body=b"<x/>", headers={"Content-Type": "application/xml"})

    error = spec_error(response, 415, "unsupported_media_type")
    assert "application/x-www-form-urlencoded" in error["message"]
