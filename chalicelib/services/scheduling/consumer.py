"""The send queue's consumer: one SQS batch of due occurrences (and transactional messages to
send again), each processed on its own.

Powertools' BatchProcessor reports the records that failed (``batchItemFailures``), so
only those are delivered again (after the queue's visibility timeout) while the others
are deleted; a record that keeps failing goes to the dead-letter queue after
``maxReceiveCount`` deliveries, where an alarm tells the operators. A whole batch that
fails raises, and SQS delivers all of it again.

Before the records are processed, everything the due occurrences need is read in one
BatchGetItem (``BatchLookup``). Two records for the same occurrence in one batch (two runs
found it) are processed once. A record whose body is a ``SendRetry`` (send_retry.py) is a
transactional message that met a transient provider error: it is sent with its own
idempotency key (services/messaging/transactional.py), failing again for a retry if the provider
still is unavailable.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from chalicelib import metrics
from chalicelib.observability import logger
from chalicelib.services.messaging import send_retry, transactional
from chalicelib.services.messaging.send import SendInProgress, TransientSendError
from chalicelib.services.messaging.send_retry import SendRetry
from chalicelib.services.scheduling import occurrence
from chalicelib.services.scheduling.due_message import DueMessage
from chalicelib.services.scheduling.lookup import BatchLookup

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord


def parse(body: str) -> DueMessage | SendRetry:
    """The message a queue body carries; ValueError for anything malformed (a poison message)."""
    return send_retry.from_body(body) if send_retry.is_send_retry(body) else DueMessage.from_body(body)


def _prefetch_keys(records: list[dict[str, Any]]) -> list[tuple[str, str]]:
    keys = []
    for record in records:
        try:
            message = parse(record.get("body", ""))
        except ValueError:
            continue  # reported as a failure when its turn comes
        if isinstance(message, DueMessage):
            keys.append(message.key)
    return keys


def _process(message: DueMessage | SendRetry, lookup: BatchLookup | None) -> str:
    if isinstance(message, SendRetry):
        return f"transactional:{transactional.retry(message)}"  # counted apart from the occurrences
    return occurrence.process(message, lookup)


def _expected(exc: Exception) -> bool:
    """Provider throttling/outage or another worker sending the same key: retried, nothing to see."""
    return isinstance(exc, (TransientSendError, SendInProgress))


def handle(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Process an SQS event of send-queue messages; ``{"batchItemFailures": [...]}``."""
    # why: Powertools' batch utility is needed by the queue's consumer only, not at the API's cold start
    from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

    records = event.get("Records") or []
    if not records:
        return {"batchItemFailures": []}
    keys = _prefetch_keys(records)
    lookup = BatchLookup(keys) if keys else None
    seen: set[tuple[str, ...]] = set()
    outcomes: Counter[str] = Counter()

    def process_record(record: SQSRecord) -> str:
        try:
            message = parse(record.body)
        except ValueError:
            outcomes["malformed"] += 1
            raise
        if message.identity in seen:
            outcomes[occurrence.DUPLICATE] += 1
            return occurrence.DUPLICATE
        seen.add(message.identity)
        try:
            outcome = _process(message, lookup)
        except Exception as exc:
            # Retried by the queue: throttling, a concurrent send of the same occurrence, or a bug.
            outcomes[f"retry:{type(exc).__name__}"] += 1
            if not _expected(exc):
                # A bug: the frames tell where (the formatter withholds the message, which may quote data).
                logger.exception("due occurrence failed", extra={"error": type(exc).__name__})
            raise
        outcomes[outcome] += 1
        return outcome

    processor = BatchProcessor(event_type=EventType.SQS)
    try:
        answer: dict[str, Any] = dict(process_partial_response(event=event, record_handler=process_record,
                                                               processor=processor, context=context))
        return answer
    finally:
        logger.info("due occurrences processed", extra={"records": len(records), "outcomes": dict(outcomes)})
        metrics.count(metrics.SEND_RECORDS_RETRIED, sum(n for key, n in outcomes.items() if key.startswith("retry:")))
