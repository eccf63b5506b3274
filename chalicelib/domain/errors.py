"""Errors the domain raises; the API layer turns them into ``{"error": {...}}`` bodies."""
from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A request the service understood but cannot carry out.

    ``field`` names the offending input (dotted path, e.g. ``lines[0].pack_size``) so
    the SPA can put the message next to the right control.
    """

    status = 422
    code = "unprocessable"

    def __init__(self, message: str, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code

    def to_body(self) -> dict[str, Any]:
        error = {"code": self.code, "message": self.message}
        if self.field:
            error["field"] = self.field
        return {"error": error}


class ValidationError(DomainError):
    """A field is missing, has the wrong type or a value outside its rules (422)."""

    status = 422
    code = "invalid_field"


class BadRequest(DomainError):
    """The request as a whole is malformed (not JSON, not an object) (400)."""

    status = 400
    code = "bad_request"


class PayloadTooLarge(DomainError):
    """The request body is larger than the API accepts (413)."""

    status = 413
    code = "payload_too_large"


class Unauthorized(DomainError):
    status = 401
    code = "unauthorized"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class NotFound(DomainError):
    """Also the answer for another tenant's ids: indistinguishable from a missing one."""

    status = 404
    code = "not_found"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class TooManyRequests(DomainError):
    """A limit is reached (429): a rate limit (``retry_after`` seconds, sent as ``Retry-After``)
    or the monthly SMS spend limit (SPEC §9)."""

    status = 429
    code = "too_many_requests"

    def __init__(self, message: str, field: str | None = None, code: str | None = None,
                 retry_after: int | None = None):
        super().__init__(message, field, code)
        self.retry_after = retry_after
