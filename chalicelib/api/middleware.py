"""Middleware on every function: correlation id, an access log without personal data, metrics flushed;
Chalice's own error answers in the error format of SPEC §5."""
from __future__ import annotations

import re
import time

from chalicelib import metrics
from chalicelib.api.blueprint import internal_error_response
from chalicelib.domain.audit import entry_for
from chalicelib.observability import logger
from chalicelib.untrusted_json import UnsafeJson, loads


def http_middleware(event, get_response):
    """Sets the correlation id (API Gateway's request id) and logs each request."""
    context = event.context or {}
    logger.set_correlation_id(context.get("requestId"))
    started = time.perf_counter()
    try:
        response = get_response(event)
    finally:
        metrics.flush()
    # Only the route template and status: paths carry ids, query strings may carry names.
    logger.info("request", extra={
        "method": event.method,
        "route": context.get("resourcePath"),
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
    })
    return response


_CHANGES = ("POST", "PUT", "PATCH", "DELETE")


def audit_middleware(event, get_response):
    """After a successful back-office change, its audit entry (services/opticians/audit.py): who (the token's
    subject, as verified by the route), what entity and id, which fields — never their values.
    A failure to write it is logged, never turned into an error of the change already made."""
    from chalicelib.services.opticians import audit

    response = get_response(event)
    caller = getattr(event, "kontakt_principal", None)
    if event.method not in _CHANGES or caller is None or not 200 <= response.status_code < 300:
        return response
    try:
        try:
            body = loads(event.raw_body) if event.raw_body else None
        except UnsafeJson:
            body = None
        entry = entry_for(event.method, (event.context or {}).get("resourcePath"), event.uri_params, body,
                          response.body, actor=caller.subject, tenant=caller.optician_id)
        if entry is not None:
            audit.record(entry)
    except Exception:  # noqa: BLE001 - the change stands; the missing entry is logged and counted
        logger.exception("audit entry not written", extra={"route": (event.context or {}).get("resourcePath")})
        metrics.count(metrics.AUDIT_ENTRIES_LOST)
    return response


def event_middleware(event, get_response):
    """Non-HTTP events (schedules, queues, notifications): the request id as correlation id."""
    lambda_context = getattr(event, "context", None)
    logger.set_correlation_id(getattr(lambda_context, "aws_request_id", None))
    try:
        return get_response(event)
    finally:
        metrics.flush()


def spec_errors_middleware(routes: dict):
    """Chalice answers some requests before any view runs (415 for a Content-Type the route does not
    accept, 405 for a method the path does not have), with ``{"Code", "Message"}`` bodies. This rewrites
    them to ``{"error": {"code", "message"}}`` with the same status and headers; a 405 also gets the
    path's CORS headers (the preflight allows the SPA's origin, so the answer should be readable too).

    ``routes`` is the app's route table (``app.routes``), read at request time.
    """

    def middleware(event, get_response):
        response = get_response(event)
        if response.status_code >= 400 and _is_chalice_error(response.body):
            _rewrite(response, event, routes)
        return response

    return middleware


def _is_chalice_error(payload) -> bool:
    return isinstance(payload, dict) and set(payload) == {"Code", "Message"}


def _rewrite(response, event, routes: dict) -> None:
    chalice_code = response.body["Code"]
    path = (event.context or {}).get("resourcePath")
    entries = routes.get(path, {}) if path else {}
    if chalice_code == "UnsupportedMediaType":
        entry = entries.get(event.method)
        accepted = ", ".join(entry.content_types) if entry else "application/json"
        content_type = (event.headers or {}).get("content-type", "")[:100]
        response.body = _error("unsupported_media_type",
                               f"Content-Type '{content_type}' is not accepted here; send {accepted}.")
    elif chalice_code == "MethodNotAllowedError":
        allowed = ", ".join(entries) or response.headers.get("Allow", "")
        response.body = _error("method_not_allowed", f"{event.method} is not allowed on {path}; allowed: {allowed}.")
        cors = next((entry.cors for entry in entries.values() if entry.cors is not None), None)
        if cors is not None:
            for name, value in cors.get_access_control_headers().items():
                response.headers.setdefault(name, value)
    elif response.status_code >= 500:
        response.body = internal_error_response().body
    else:
        response.body = _error(_snake_case(chalice_code), response.body["Message"])


def _error(code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message}}


def _snake_case(chalice_code: str) -> str:
    """``BadRequestError`` → ``bad_request``: Chalice's other error names in the style of ours."""
    name = chalice_code.removesuffix("Error") or chalice_code
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
