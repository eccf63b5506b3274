"""The OpenAPI 3.1 document, built from the models and operation tables of the features
(``FEATURES``) over chalicelib/openapi/base.json (info, security schemes, the shared answers and
``Error``). docs/api-models.md says how a route declares its models.
"""
from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import msgspec

from chalicelib.schemas.base import BODY_ERRORS, Operation

BASE = Path(__file__).resolve().parents[1] / "openapi" / "base.json"
REF_TEMPLATE = "#/components/schemas/{name}"
# Modules of chalicelib/schemas/ that declare ``OPERATIONS``: together they are the document's paths.
FEATURES = (
    "settings", "passports", "products", "repurchase_reminders", "control_reminders", "lens_exchange_reminders",
    "subscriptions", "orders", "customers", "audit", "messages", "reports", "webshop",
)
# The document itself: open to anyone (no token), so the web app's build can fetch it.
OPERATIONS = [
    Operation("GET", "/openapi.json", "This document", (), response={"type": "object"},
              response_text="The OpenAPI 3 document", errors=(), security=[]),
]

STANDARD_RESPONSES = {
    400: {"$ref": "#/components/responses/BadRequest"},
    401: {"$ref": "#/components/responses/Error"},
    403: {"$ref": "#/components/responses/Forbidden"},
    404: {"$ref": "#/components/responses/Error"},
    409: {"$ref": "#/components/responses/Error"},
    413: {"$ref": "#/components/responses/PayloadTooLarge"},
    415: {"$ref": "#/components/responses/UnsupportedMediaType"},
    422: {"$ref": "#/components/responses/Error"},
    429: {"$ref": "#/components/responses/TooManyRequests"},
    503: {"$ref": "#/components/responses/Error"},
}
_STATUS_TEXT = {200: "OK", 201: "Created", 202: "Accepted"}
_PARAMETER = re.compile(r"\{([^}]+)\}")


def build() -> dict:
    """The whole document: ``base.json``, then the generated operations and schemas."""
    document = json.loads(BASE.read_text())
    operations = [op for name in FEATURES
                  for op in importlib.import_module(f"chalicelib.schemas.{name}").OPERATIONS] + OPERATIONS
    paths, schemas = generate(operations)
    for path, item in paths.items():
        document["paths"].setdefault(path, {}).update(item)
    document["components"]["schemas"].update(schemas)
    return document


def generate(operations: list[Operation]) -> tuple[dict, dict]:
    """The path items of ``operations`` and the component schemas of every model they name."""
    types = [t for op in operations for t in (op.body, op.response) if t is not None and not isinstance(t, dict)]
    refs, schemas = msgspec.json.schema_components(types, ref_template=REF_TEMPLATE)
    ref_of = dict(zip(map(id, types), refs))
    paths: dict[str, dict] = {}
    for op in operations:
        item = paths.setdefault(op.path, {})
        names = _PARAMETER.findall(op.path)
        if names:
            item["parameters"] = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                                  for name in names]
        entry = _operation(op, ref_of)
        parameters = [*(query_parameters(op.query) if op.query is not None else []), *op.parameters]
        if parameters:
            entry["parameters"] = parameters
        item[op.method.lower()] = entry
    return paths, schemas


def query_parameters(query: type) -> list[dict]:
    """The ``in: query`` parameters of a ``Query`` model, one per field (its description lifted
    to the parameter, where OpenAPI shows it)."""
    (ref,), components = msgspec.json.schema_components([query], ref_template=REF_TEMPLATE)
    schema = components[ref["$ref"].rsplit("/", 1)[1]]
    required = set(schema.get("required", ()))
    parameters = []
    for name, declared in schema["properties"].items():
        declared = _not_null(declared)
        parameter = {"name": name, "in": "query", "required": name in required}
        if "description" in declared:
            parameter["description"] = declared.pop("description")
        parameters.append({**parameter, "schema": declared})
    return parameters


def _not_null(schema: dict) -> dict:
    """A parameter's schema without the ``null`` of ``T | None = None``: a query string has no null."""
    choices = [choice for choice in schema.get("anyOf", ()) if choice != {"type": "null"}]
    if len(choices) != 1:
        return dict(schema)
    rest = {key: value for key, value in schema.items() if key != "anyOf" and not (key == "default" and value is None)}
    return {**choices[0], **rest}


def _operation(op: Operation, ref_of: dict) -> dict:
    entry: dict = {"summary": op.summary}
    if op.tags:
        entry["tags"] = list(op.tags)
    if op.description:
        entry["description"] = op.description
    if op.security is not None:
        entry["security"] = op.security
    if op.response is None:
        answer: dict = {"$ref": "#/components/responses/NoContent"} if op.status == 204 else {
            "description": op.response_text or _STATUS_TEXT.get(op.status, "OK")}
    else:
        answer = {"description": op.response_text or _STATUS_TEXT.get(op.status, "OK"),
                  "content": {op.content_type: {"schema": _schema(op.response, ref_of)}}}
    responses = {str(op.status): answer}
    for status, text in op.also.items():
        responses[str(status)] = {**answer, "description": text}
    errors = set(op.errors) | set(op.error_texts) | (set(BODY_ERRORS) if op.body is not None else set())
    for status in sorted(errors):
        if status in op.error_texts:
            responses[str(status)] = {"description": op.error_texts[status], "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        else:
            responses[str(status)] = STANDARD_RESPONSES[status]
    for status, written in op.written.items():
        responses[str(status)] = written
    entry["responses"] = responses
    if op.request is not None:
        entry["requestBody"] = op.request
    if op.body is not None:
        entry["requestBody"] = {"required": True,
                                "content": {"application/json": {"schema": _schema(op.body, ref_of)}}}
    return entry


def _schema(declared, ref_of: dict) -> dict:
    return declared if isinstance(declared, dict) else ref_of[id(declared)]
