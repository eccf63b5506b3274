"""What every benchmark script shares: bulk writes to the emulated table, its section of
docs/performance.md, progress lines."""
from __future__ import annotations

import sys
import time
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "performance.md"


def batch_write(items: list[dict]) -> None:
    """Put low-level items 25 per BatchWriteItem (retrying what DynamoDB leaves unprocessed)."""
    from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client
    from chalicelib.config import get_config

    client, table = get_dynamodb_client(), get_config().table_name
    for start in range(0, len(items), 25):
        request = {table: [{"PutRequest": {"Item": item}} for item in items[start:start + 25]]}
        while request:
            request = client.batch_write_item(RequestItems=request).get("UnprocessedItems") or {}


def write_section(text: str, start: str, end: str) -> None:
    """Replace the text between the ``start`` and ``end`` markers of docs/performance.md (or append it)."""
    doc = DOC.read_text() if DOC.exists() else "# Performance\n"
    if start in doc and end in doc:
        doc = doc[: doc.index(start)] + text + doc[doc.index(end) + len(end):]
    else:
        doc = doc.rstrip("\n") + "\n\n" + text + "\n"
    DOC.write_text(doc)


def log(message: str, began: float) -> None:
    print(f"[{time.perf_counter() - began:6.1f} s] {message}", file=sys.stderr, flush=True)
