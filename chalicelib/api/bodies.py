"""Request bodies decoded and validated by their msgspec model (chalicelib/schemas/).

``decode(body, Model)`` turns the parsed JSON of ``http.json_body`` into a Struct: types,
required and unknown fields, ``Literal`` choices, dates and ``Meta`` bounds are checked by the
model, and the first failure becomes the 422 of SPEC §5 with ``field`` taken from msgspec's
``$.path`` (``$.lines[0].pack_size`` → ``lines[0].pack_size``). What a model cannot say stays
code after decoding (``validation.py``): trimming, control characters, phone numbers (E.164),
e-mail normalising, calendar rules.

Imported by the handlers that decode, not at module level of the route modules: ``import
msgspec`` costs about 10 ms, which every cold start would pay otherwise.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeVar

import msgspec

from chalicelib.domain.errors import BadRequest, ValidationError

T = TypeVar("T")

# msgspec's message, then " - at `$.path`" unless the error is about the body itself.
_AT = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_NAMED = re.compile(r"^Object (?P<kind>missing required|contains unknown) field `(?P<name>[^`]+)`$")


def decode(body: object, model: type[T], *, null_is_missing: bool = True) -> T:
    """``body`` (parsed JSON) as an instance of ``model``; 400 if it is not a JSON object, 422
    naming the field otherwise. With ``null_is_missing`` (every body so far) a ``null`` member of
    an object counts as left out, as the hand-written parsers had it: the field's default applies
    and a required one is reported missing."""
    if not isinstance(body, dict):
        raise BadRequest("The request body must be a JSON object.")
    if null_is_missing:
        body = without_nulls(body)
    try:
        return msgspec.convert(body, model)
    except msgspec.ValidationError as exc:
        raise field_error(str(exc)) from None


def decode_query(params: Mapping[str, str] | None, model: type[T]) -> T:
    """The query parameters ``params`` (``request.query_params``: strings, or None without any) as an
    instance of the ``Query`` model ``model``: numbers and dates are read from their text, an empty
    value (``?limit=``) counts as left out, unknown parameters are ignored; 422 naming the parameter
    otherwise."""
    given = {name: value for name, value in (params or {}).items() if value != ""}
    try:
        return msgspec.convert(given, model, strict=False)
    except msgspec.ValidationError as exc:
        raise field_error(str(exc)) from None


def without_nulls(value: object) -> object:
    """A copy without the ``null`` members of every object in ``value`` (list items stay)."""
    if isinstance(value, dict):
        return {key: without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [without_nulls(item) for item in value]
    return value


def field_path(path: str) -> str:
    """msgspec's path after ``$`` as our ``field``: ``.lines[0].pack_size`` → ``lines[0].pack_size``."""
    return path[1:] if path.startswith(".") else path


def field_error(text: str) -> ValidationError:
    """The 422 for msgspec's validation message ``text``, its ``field`` the offending input."""
    parts = _AT.match(text)
    assert parts is not None  # the pattern matches any text (its path part is optional)
    message, path = parts["message"], field_path(parts["path"] or "")
    named = _NAMED.match(message)
    if named:
        field = f"{path}.{named['name']}" if path else named["name"]
        if named["kind"] == "missing required":
            return ValidationError(f"'{field}' is required.", field=field)
        return ValidationError(f"Unknown field '{field}'.", field=field)
    if not path:
        return ValidationError(f"The request body is not valid: {message}.")
    return ValidationError(f"'{path}': {_readable(message)}.", field=path)


_WORDS = {"str": "a string", "int": "a whole number", "float": "a number", "bool": "true or false",
          "array": "a list", "object": "an object", "null": "null", "date": "a date YYYY-MM-DD",
          "decimal": "a number"}


def _readable(message: str) -> str:
    """msgspec's wording with its type names in plain words (``Expected `str | null`, got `int```)."""
    message = re.sub(r"`([^`]+)`", lambda found: " or ".join(
        _WORDS.get(name.strip(), name.strip()) for name in found[1].split("|")), message)
    return message[0].lower() + message[1:] if message else message
