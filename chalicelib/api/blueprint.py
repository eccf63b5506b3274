"""A Chalice blueprint whose routes answer errors in the one format of SPEC §5."""
from __future__ import annotations

import functools

from chalice import Blueprint, Response

from chalicelib.domain.errors import DomainError
from chalicelib.observability import logger


def error_response(exc: DomainError) -> Response:
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else {}
    if getattr(exc, "retry_after", None) is not None:
        headers["Retry-After"] = str(exc.retry_after)
    return Response(body=exc.to_body(), status_code=exc.status, headers=headers)


def internal_error_response() -> Response:
    return Response(body={"error": {"code": "internal",
                                    "message": "Something went wrong on our side; it has been logged."}},
                    status_code=500)


class ApiBlueprint(Blueprint):
    """Chalice swallows view exceptions before middleware sees them, so each view is wrapped."""

    def route(self, path: str, **kwargs):
        register = super().route(path, **kwargs)

        def decorator(view):
            @functools.wraps(view)
            def answer_errors(*args, **kw):
                try:
                    return view(*args, **kw)
                except DomainError as exc:
                    return error_response(exc)
                except Exception:  # noqa: BLE001 - the one place that turns a bug into a 500
                    logger.exception("unhandled error", extra={"route": path})
                    return internal_error_response()

            register(answer_errors)
            return view

        return decorator
