"""Opaque paging cursors over DynamoDB's LastEvaluatedKey, bound to one partition."""
from __future__ import annotations

import base64
import json

from chalicelib.domain.errors import ValidationError
from chalicelib.untrusted_json import loads


def encode_cursor(last_evaluated_key: dict | None) -> str | None:
    if not last_evaluated_key:
        return None
    raw = json.dumps(last_evaluated_key, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, partition: str, sort_prefix: str = "") -> dict | None:
    """The start key for the next page; a cursor of another partition (tenant) or list is refused.

    Only a key of exactly this partition and a sort key inside the list's range is passed on:
    DynamoDB answers anything else with an error, which must be a 422, not a 500.
    """
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(key, dict) or set(key) != {"pk", "sk"}:
            raise ValueError("not a key of this table")
        if key["pk"] != {"S": partition}:
            raise ValueError("cursor of another partition")
        sort_key = key["sk"]
        if set(sort_key) != {"S"} or not isinstance(sort_key["S"], str) or not sort_key["S"].startswith(sort_prefix):
            raise ValueError("cursor of another list")
    except (ValueError, KeyError, TypeError, AttributeError):
        raise ValidationError("'cursor' is not valid for this list.", field="cursor") from None
    return key
