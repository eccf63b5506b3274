"""Middleware on every function: correlation id, an access log without personal data, metrics flushed."""
from __future__ import annotations

import time

from chalicelib import metrics
from chalicelib.observability import logger


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


def event_middleware(event, get_response):
    """Non-HTTP events (schedules, queues, notifications): the request id as correlation id."""
    lambda_context = getattr(event, "context", None)
    logger.set_correlation_id(getattr(lambda_context, "aws_request_id", None))
    try:
        return get_response(event)
    finally:
        metrics.flush()
