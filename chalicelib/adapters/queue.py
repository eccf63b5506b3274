"""The send queue (SQS): where the scheduler puts each due occurrence for the consumer, and
where a transactional message waits to be sent again after a transient provider error.

The client is created on first use (boto3 is slow to import; most HTTP requests never
need it). The scheduler's messages go out with ``SendMessageBatch``, ten per call, which is
SQS's maximum; a retry goes out alone with a delay (``send_delayed``).
"""
from __future__ import annotations

import functools
import time

from chalicelib.config import get_config

BATCH_LIMIT = 10  # SendMessageBatch takes at most ten entries
_RETRIES = 3


class EnqueueError(Exception):
    """SQS refused some messages even after retries; the run must not report success."""


@functools.cache
def get_sqs_client():
    """The SQS client of this process (standard retry mode: throttling and 5xx are retried)."""
    import boto3
    from botocore.config import Config

    config = Config(retries={"mode": "standard", "max_attempts": 5}, connect_timeout=3, read_timeout=10)
    return boto3.client("sqs", region_name=get_config().region, config=config)


@functools.cache
def _url_for_name(name: str) -> str:
    return get_sqs_client().get_queue_url(QueueName=name)["QueueUrl"]


def send_queue_url() -> str:
    """``SEND_QUEUE_URL`` when deployed; otherwise looked up by ``SEND_QUEUE_NAME`` (local mode, tests)."""
    config = get_config()
    return config.send_queue_url or _url_for_name(config.send_queue_name)


def send_batch(bodies: list[str], queue_url: str | None = None) -> int:
    """Put ``bodies`` (at most ten) on the queue in one call; the number accepted.

    Entries SQS reports as failed through no fault of ours are sent again (briefly backed
    off); a sender fault or a failure after the retries raises EnqueueError.
    """
    if len(bodies) > BATCH_LIMIT:
        raise ValueError(f"at most {BATCH_LIMIT} messages per batch")
    url = queue_url or send_queue_url()
    pending = {str(i): body for i, body in enumerate(bodies)}
    for attempt in range(_RETRIES):
        if not pending:
            break
        entries = [{"Id": key, "MessageBody": body} for key, body in pending.items()]
        response = get_sqs_client().send_message_batch(QueueUrl=url, Entries=entries)
        for ok in response.get("Successful", []):
            pending.pop(ok["Id"], None)
        failed = response.get("Failed", [])
        if any(f.get("SenderFault") for f in failed):
            codes = sorted({f.get("Code", "?") for f in failed})
            raise EnqueueError(f"SQS rejected messages: {', '.join(codes)}")
        if pending:
            time.sleep(0.05 * 2 ** attempt)
    if pending:
        raise EnqueueError(f"{len(pending)} messages not accepted by SQS after {_RETRIES} attempts")
    return len(bodies)


def send_delayed(body: str, delay_seconds: int, queue_url: str | None = None) -> None:
    """Put one message on the queue, invisible to consumers for ``delay_seconds`` (0..900).

    Raises EnqueueError when SQS does not take it (after the client's own retries).
    """
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        get_sqs_client().send_message(QueueUrl=queue_url or send_queue_url(), MessageBody=body,
                                      DelaySeconds=delay_seconds)
    except (BotoCoreError, ClientError) as exc:
        raise EnqueueError(f"SQS did not take the message: {type(exc).__name__}") from None
