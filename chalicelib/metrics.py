"""Business metrics as CloudWatch embedded metric format (Powertools ``Metrics``).

The send path, the scheduler and the delivery feedback count what happened; the
middleware flushes once per invocation (one JSON line on stdout, which CloudWatch Logs
turns into metrics: no API call, no extra latency). Metrics carry only the ``service``
dimension: never an optician, customer or message id (docs/operations.md lists them).

Powertools' metrics module is imported on the first count, not at cold start.
"""
from __future__ import annotations

from chalicelib.config import get_config
from chalicelib.observability import SERVICE, logger

MESSAGES_SENT = "MessagesSent"
MESSAGES_FAILED = "MessagesFailed"
MESSAGES_SKIPPED = "MessagesSkipped"
SMS_PARTS_SENT = "SmsPartsSent"
DUE_OCCURRENCES_QUEUED = "DueOccurrencesQueued"
SEND_RECORDS_RETRIED = "SendRecordsRetried"
MESSAGES_DELIVERED = "MessagesDelivered"
DELIVERY_FAILURES = "DeliveryFailures"
DELIVERY_BOUNCES = "DeliveryBounces"
DELIVERY_COMPLAINTS = "DeliveryComplaints"
SMS_SPEND_LIMIT_REACHED = "SmsSpendLimitReached"
RATE_LIMITED = "RateLimited"  # a request answered 429 by a rate limit (chalicelib/services/limits/rate_limits.py)  # an SMS refused or deferred by an optician's monthly limit
AUDIT_ENTRIES_LOST = "AuditEntriesLost"

_STATUS_METRIC = {"sent": MESSAGES_SENT, "failed": MESSAGES_FAILED, "skipped": MESSAGES_SKIPPED}

_metrics = None


def _get_metrics():
    global _metrics
    if _metrics is None:
        # why: Powertools' metrics load with the first counted event of an invocation, not at cold start
        from aws_lambda_powertools import Metrics

        _metrics = Metrics(namespace=get_config().metrics_namespace, service=SERVICE)
    return _metrics


def count(name: str, value: int = 1) -> None:
    """Add ``value`` to the counter ``name`` for this invocation."""
    if value <= 0:
        return
    from aws_lambda_powertools.metrics import MetricUnit  # why: as in _get_metrics

    _get_metrics().add_metric(name=name, unit=MetricUnit.Count, value=value)


def message_finished(status: str, channel: str | None, parts: int | None) -> None:
    """A message reached a final status (``sent``, ``failed``, ``skipped``) for the first time."""
    name = _STATUS_METRIC.get(status)
    if name is None:
        return
    count(name)
    if status == "sent" and channel == "sms" and parts:
        count(SMS_PARTS_SENT, int(parts))


def flush() -> None:
    """Write this invocation's counters (if any) and start afresh; never raises."""
    metrics = _metrics
    if metrics is None or not metrics.metric_set:
        return
    try:
        metrics.flush_metrics()
    except Exception:  # noqa: BLE001 - losing a metric must never fail a request or a batch
        logger.exception("metrics could not be written")
    finally:
        # flush_metrics keeps the counters when metrics are disabled (local mode): drop them.
        metrics.clear_metrics()
