"""Checks real requests and answers against the published OpenAPI document (``GET /openapi.json``).

``Conformance(document).response(method, path, response)`` fails unless the document declares the
answer's status for that route and the body matches the declared schema (OpenAPI 3.1, JSON Schema
2020-12: ``null`` types, ``format``s checked). For answers every object schema that lists ``properties`` is
read as closed: a field the service returns must be documented. ``request(method, path, payload)``
checks a request body against the declared ``requestBody`` schema as it is published.
"""
from __future__ import annotations

import copy
import json
import re
from urllib.parse import urlsplit

from jsonschema.exceptions import best_match
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "https://kontakt.test/openapi.json"
COMPOSITIONS = ("allOf", "anyOf", "oneOf")


def _pointer(*parts: str) -> str:
    return "".join("/" + part.replace("~", "~0").replace("/", "~1") for part in parts)


def closed(schema):
    """A copy in which object schemas with ``properties`` (not parts of a composition) allow no other fields."""
    if isinstance(schema, list):
        return [closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    result = {}
    for key, value in schema.items():
        if key in COMPOSITIONS:
            result[key] = [_closed_below(part) for part in value]
        elif key in ("example", "examples", "default", "enum"):
            result[key] = value
        else:
            result[key] = closed(value)
    if "properties" in result and "additionalProperties" not in result:
        result["additionalProperties"] = False
    return result


def _closed_below(part):
    """A part of ``allOf``/``anyOf``/``oneOf`` stays open itself; what it nests is closed."""
    if not isinstance(part, dict):
        return part
    had_additional = "additionalProperties" in part
    result = closed(part)
    if not had_additional:
        result.pop("additionalProperties", None)
    return result


class Conformance:
    def __init__(self, document: dict):
        self.document = document
        self._templates = sorted(document["paths"], key=lambda template: template.count("{"))
        self._patterns = {template: re.compile("^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$")
                          for template in self._templates}
        self._answers = self._registry(closed(copy.deepcopy(document)))
        self._requests = self._registry(document)
        self.checked: set[tuple[str, str, int]] = set()

    @staticmethod
    def _registry(contents: dict) -> Registry:
        return Registry().with_resource(DOCUMENT_URI, Resource(contents=contents, specification=DRAFT202012))

    def template(self, path: str) -> str:
        """The documented path template a concrete path belongs to (literal segments win over parameters)."""
        bare = urlsplit(path).path
        for template in self._templates:
            if self._patterns[template].match(bare):
                return template
        raise AssertionError(f"{bare} matches no documented path")

    def operation(self, method: str, path: str) -> tuple[str, dict]:
        template = self.template(path)
        operation = self.document["paths"][template].get(method.lower())
        assert operation is not None, f"{method} {template} is not documented"
        return template, operation

    def _resolve(self, node: dict) -> dict:
        while "$ref" in node:
            node = self._at(node["$ref"].removeprefix("#"))
        return node

    def _at(self, pointer: str):
        node = self.document
        for part in pointer.lstrip("/").split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def response(self, method: str, path: str, response) -> None:
        template, operation = self.operation(method, path)
        status = str(response.status_code)
        responses = operation["responses"]
        key = status if status in responses else "default"
        assert key in responses, (f"{method} {template} answered {status}, which the document does not declare "
                                  f"(declared: {sorted(responses)}); body: {response.body[:300]!r}")
        declared = self._resolve(responses[key])
        content = declared.get("content")
        if not content:
            assert not response.body, f"{method} {template} {status}: the document declares no body"
            self.checked.add((method.upper(), template, response.status_code))
            return
        content_type = response.headers.get("Content-Type", "application/json").split(";")[0].strip()
        assert content_type in content, (f"{method} {template} {status}: answered {content_type}, "
                                         f"the document declares {sorted(content)}")
        if content_type == "application/json":
            declared_at = responses[key].get("$ref") or "#" + _pointer("paths", template, method.lower(), "responses", key)
            schema_ref = DOCUMENT_URI + declared_at + _pointer("content", content_type, "schema")
            self._validate(OAS31Validator, self._answers, schema_ref, json.loads(response.body),
                           f"{method} {template} {status}")
        self.checked.add((method.upper(), template, response.status_code))

    def request(self, method: str, path: str, payload) -> None:
        template, operation = self.operation(method, path)
        body = operation.get("requestBody")
        assert body is not None, f"{method} {template} documents no request body"
        body = self._resolve(body)
        assert "application/json" in body["content"], f"{method} {template} takes no JSON body"
        schema_ref = DOCUMENT_URI + "#" + _pointer("paths", template, method.lower(), "requestBody", "content",
                                                   "application/json", "schema")
        self._validate(OAS31Validator, self._requests, schema_ref, payload, f"request of {method} {template}")

    def error(self, response) -> None:
        """An answer outside any documented operation (405, unknown method) in the SPEC error format."""
        schema_ref = DOCUMENT_URI + "#/components/schemas/Error"
        self._validate(OAS31Validator, self._answers, schema_ref, json.loads(response.body),
                       f"{response.status_code} answer")

    @staticmethod
    def _validate(cls, registry: Registry, schema_ref: str, instance, what: str) -> None:
        validator = cls({"$ref": schema_ref}, registry=registry, format_checker=oas31_format_checker)
        error = best_match(validator.iter_errors(instance))
        if error is not None:
            raise AssertionError(f"{what} does not match the document: {error.message} "
                                 f"at {'/'.join(map(str, error.absolute_path)) or 'the top'} "
                                 f"(schema {'/'.join(map(str, error.absolute_schema_path))})\n"
                                 f"{json.dumps(instance, indent=1, ensure_ascii=False)[:2000]}")
