"""The OpenAPI document generated from the models: operations, query parameters, shared error blocks, pages."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from msgspec import Meta, field

from chalicelib.schemas.base import Model, Operation, Query
from chalicelib.schemas.document import build, generate


class Widget(Model):
    """A widget."""

    name: Annotated[str, Meta(max_length=20)]
    colour: Literal["red", "blue"] | None = None


class WidgetList(Model):
    items: list[Widget]


def test_an_operation_gets_its_models_path_parameters_and_the_shared_error_blocks():
    paths, schemas = generate([
        Operation("GET", "/shops/{shop_id}/widgets", "The widgets", ("widgets",), response=WidgetList),
        Operation("POST", "/shops/{shop_id}/widgets", "Add one", ("widgets",), body=Widget, response=Widget,
                  status=201, error_texts={409: "Taken"}),
    ])
    item = paths["/shops/{shop_id}/widgets"]
    assert item["parameters"] == [{"name": "shop_id", "in": "path", "required": True, "schema": {"type": "string"}}]
    listed, added = item["get"], item["post"]
    assert listed["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/WidgetList"}
    assert sorted(listed["responses"]) == ["200", "401", "403", "404", "422", "429"]
    # a body adds what reading it may fail with; a status of its own text keeps the error body
    assert sorted(added["responses"]) == ["201", "400", "401", "403", "404", "409", "413", "415", "422", "429"]
    assert added["responses"]["400"] == {"$ref": "#/components/responses/BadRequest"}
    assert added["responses"]["409"]["description"] == "Taken"
    assert added["responses"]["409"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert added["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Widget"}
    widget = schemas["Widget"]
    assert widget["required"] == ["name"] and widget["additionalProperties"] is False
    assert widget["description"] == "A widget."
    assert widget["properties"]["name"] == {"type": "string", "maxLength": 20}
    assert {"type": "null"} in widget["properties"]["colour"]["anyOf"]


def test_no_content_and_a_second_success_status():
    paths, _ = generate([
        Operation("DELETE", "/widgets/{widget_id}", "Delete", ("widgets",), status=204),
        Operation("PUT", "/widgets/{widget_id}", "Set", ("widgets",), body=Widget, response=Widget,
                  also={201: "Created"}),
    ])
    item = paths["/widgets/{widget_id}"]
    assert item["delete"]["responses"]["204"] == {"$ref": "#/components/responses/NoContent"}
    assert item["put"]["responses"]["201"]["description"] == "Created"
    assert item["put"]["responses"]["201"]["content"] == item["put"]["responses"]["200"]["content"]


def test_a_written_out_schema_is_used_as_it_is():
    order = {"$ref": "#/components/schemas/Order"}
    paths, schemas = generate([Operation("GET", "/orders/{order_id}", "One", ("orders",), response=order)])
    assert paths["/orders/{order_id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] == order
    assert schemas == {}


class ShopWidgetQuery(Query):
    shop: str
    limit: Annotated[int, Meta(ge=1, le=100, description="Page size")] = 25
    colour: Annotated[Literal["red", "blue"] | None, Meta(description="Only widgets of this colour")] = None
    since: date | None = field(default=None, name="from")


def test_a_query_model_becomes_query_parameters_never_null_and_no_schema():
    header = {"name": "Idempotency-Key", "in": "header", "required": False, "schema": {"type": "string"}}
    paths, schemas = generate([Operation("GET", "/widgets", "The widgets", ("widgets",), response=WidgetList,
                                         query=ShopWidgetQuery, parameters=(header,))])
    assert paths["/widgets"]["get"]["parameters"] == [
        {"name": "shop", "in": "query", "required": True, "schema": {"type": "string"}},
        {"name": "limit", "in": "query", "required": False, "description": "Page size",
         "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}},
        {"name": "colour", "in": "query", "required": False, "description": "Only widgets of this colour",
         "schema": {"enum": ["blue", "red"]}},
        {"name": "from", "in": "query", "required": False, "schema": {"type": "string", "format": "date"}},
        header,
    ]
    assert "ShopWidgetQuery" not in schemas and "WidgetList" in schemas


def test_a_page_answers_html_and_its_written_error_page_stays_as_written():
    page = {"description": "Unknown link", "content": {"text/html": {"schema": {"type": "string"}}}}
    form = {"required": False, "content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}}
    paths, _ = generate([Operation("POST", "/pages/{token}", "A page", ("pages",), response={"type": "string"},
                                   content_type="text/html", errors=(415,), written={404: page}, request=form)])
    operation = paths["/pages/{token}"]["post"]
    assert operation["responses"]["200"]["content"] == {"text/html": {"schema": {"type": "string"}}}
    assert operation["responses"]["404"] == page
    assert operation["responses"]["415"] == {"$ref": "#/components/responses/UnsupportedMediaType"}
    assert operation["requestBody"] == form and "400" not in operation["responses"]


def test_the_built_document_is_3_1_with_no_nullable_left():
    import json

    document = build()
    assert document["openapi"] == "3.1.0"
    assert '"nullable"' not in json.dumps(document)
    assert "/settings" in document["paths"] and "Settings" in document["components"]["schemas"]


class WidgetQuery(Query):
    shop: str
    q: Annotated[str, Meta(max_length=50, description="Words to find")] | None = None
    limit: Annotated[int, Meta(ge=1, le=100)] = 25


def test_a_query_model_becomes_the_operations_query_parameters():
    paths, schemas = generate([Operation("GET", "/widgets", "Find", ("widgets",), query=WidgetQuery,
                                         response=WidgetList)])
    assert paths["/widgets"]["get"]["parameters"] == [
        {"name": "shop", "in": "query", "required": True, "schema": {"type": "string"}},
        {"name": "q", "in": "query", "required": False, "description": "Words to find",
         "schema": {"type": "string", "maxLength": 50}},   # no null: a query string has none
        {"name": "limit", "in": "query", "required": False,
         "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}},
    ]
    assert "WidgetQuery" not in schemas
