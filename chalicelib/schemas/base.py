"""What every feature's models share: the Struct base and the entry of an operation table."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

import msgspec


class Model(msgspec.Struct, forbid_unknown_fields=True, kw_only=True):
    """A request or response body. Unknown fields are refused (a typo surfaces at once)."""

    def given(self) -> dict[str, Any]:
        """The fields the body set: those declared ``T | UnsetType = UNSET`` and left out are not
        in it (a PATCH tells "left out" from ``null``, which clears)."""
        return {name: value for name in self.__struct_fields__
                if (value := getattr(self, name)) is not msgspec.UNSET}


class Lenient(msgspec.Struct, kw_only=True):
    """A body another system sends (the webshop's webhooks): fields it adds later are ignored, not
    refused (the objects it nests may still be strict ``Model``s)."""


class Query(msgspec.Struct, kw_only=True):
    """The query parameters of a route (``Operation.query``, decoded by ``bodies.decode_query``).
    Unknown parameters are ignored, as they always were (a cache-busting ``?_=`` must not fail)."""


# An instant in an answer (ISO 8601 with offset). msgspec 0.23 documents ``datetime`` as a bare string.
Instant = Annotated[datetime, msgspec.Meta(extra_json_schema={"format": "date-time"})]


# The error answers every back-office operation shares; a body adds what reading it may fail with.
BACKOFFICE_ERRORS = (401, 403, 404, 422, 429)
BODY_ERRORS = (400, 413, 415, 422)


@dataclass(frozen=True)
class Operation:
    """One route and method of the document: what it takes and answers.

    ``body``/``response`` are models (or any type msgspec can describe, e.g. ``list[Model]``); a
    ``dict`` is a schema written out; ``response=None`` with ``status=204`` answers nothing;
    ``also`` are further success statuses with the same body (status → description);
    ``content_type`` is the success answer's (``text/html`` for a page). ``query`` is a ``Query``
    model whose fields are the query parameters; ``parameters`` further ones written out (a
    header). ``request`` is a ``requestBody`` written out, for a body that is no JSON model (a
    form). ``errors`` are statuses answered with the shared blocks of
    ``document.STANDARD_RESPONSES``; ``error_texts`` gives a status its own description instead
    (still the SPEC §5 error body); ``written`` are whole answers written out (status → response
    object), e.g. an HTML error page."""

    method: str
    path: str
    summary: str
    tags: tuple[str, ...]
    response: Any = None
    status: int = 200
    response_text: str | None = None
    also: dict[int, str] = field(default_factory=dict)
    body: Any = None
    query: Any = None
    description: str | None = None
    errors: tuple[int, ...] = BACKOFFICE_ERRORS
    error_texts: dict[int, str] = field(default_factory=dict)
    security: list[dict] | None = None
    parameters: tuple[dict, ...] = ()
    content_type: str = "application/json"
    request: dict | None = None
    written: dict[int, dict] = field(default_factory=dict)
