"""Errors the domain raises; the API layer turns them into ``{"error": {...}}`` bodies.

Below them the errors the adapters raise through a port (the providers', the message store's):
here, so that services catch them without importing an adapter (docs/architecture.md, layers)."""
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


# --- What the ports' adapters raise and the services decide on (never an HTTP answer by themselves) ---


class TransientSendError(Exception):
    """The SMS or e-mail provider throttled or failed: nothing was sent; retry later."""

    def __init__(self, detail: str = "transient"):
        super().__init__(f"provider temporarily unavailable ({detail})")
        self.detail = detail


class PermanentSendError(Exception):
    """The provider refused the message for good; record it ``failed`` with ``reason`` (a short stable
    code) and ``detail`` (the provider's error code, never its text: it may quote the address)."""

    def __init__(self, reason: str, detail: str | None = None):
        super().__init__(f"{reason} ({detail})" if detail else reason)
        self.reason = reason
        self.detail = detail


class ClaimTaken(Exception):
    """The message store: another call already holds (or has used) this idempotency key."""


class GuardRefused(Exception):
    """The message store: a guard of the claim (a coordination slot) belongs to someone else; nothing written."""


class PreconditionFailed(Exception):
    """The message store: a precondition of the claim (the customer exists, the scheduled item is
    unchanged) does not hold; nothing written. ``refused``: positions of the refused ones."""

    def __init__(self, key: str, refused: tuple[int, ...]):
        super().__init__(key)
        self.refused = refused


class LimitReached(Exception):
    """The message store: a limit written with the claim (the month's SMS spend, the daily cap) would
    be exceeded; nothing written. ``reason``: the reason code given with that limit's write."""

    def __init__(self, key: str, reason: str):
        super().__init__(key)
        self.reason = reason
