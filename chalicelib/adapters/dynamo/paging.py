"""Opaque paging cursors over DynamoDB's LastEvaluatedKey, bound to one partition."""
from __future__ import annotations

import base64
import json

from chalicelib.domain.errors import ValidationError


def encode_cursor(last_evaluated_key: dict | None) -> str | None:
    if not last_evaluated_key:
        return None
    raw = json.dumps(last_evaluated_key, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, partition: str) -> dict | None:
    """The start key for the next page; a cursor of another partition (tenant) is refused."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if key["pk"]["S"] != partition:
            raise ValueError("cursor of another partition")
    except (ValueError, KeyError, TypeError):
        raise ValidationError("'cursor' is not valid for this list.", field="cursor") from None
    return key
