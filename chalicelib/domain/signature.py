"""Signatures of webshop calls (SPEC §5): ``X-Kontakt-Signature: t=<unix>,v1=<hex>``.

v1 is the hex HMAC-SHA256 of ``"<t>.<raw body>"`` with the optician's webhook secret.
Timestamps older (or further in the future) than the tolerance are refused, which
bounds how long a captured request could be replayed; ``event_id`` dedup does the rest.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from chalicelib.domain.errors import Unauthorized

HEADER = "X-Kontakt-Signature"
_REFUSED = "The request signature is missing, invalid or expired."


def sign(secret: str, raw_body: bytes, timestamp: int) -> str:
    """The header value a webshop sends (also used by tests and docs)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + raw_body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str | None, header: str | None, raw_body: bytes, now: int, tolerance: int = 300) -> None:
    """Accept only a fresh, valid signature; every refusal is the same 401 (no hint which part failed)."""
    if not secret or not header:
        raise Unauthorized(_REFUSED)
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    timestamp, candidates = fields.get("t", ""), [p.split("=", 1)[1] for p in header.split(",") if p.startswith("v1=")]
    # ASCII digits only, and few: "²".isdigit() is true and 5000 digits overflow int() — both a plain 401.
    if not re.fullmatch(r"[0-9]{1,12}", timestamp) or abs(now - int(timestamp)) > tolerance or not candidates:
        raise Unauthorized(_REFUSED)
    expected = sign(secret, raw_body, int(timestamp)).split("v1=", 1)[1].encode()
    # Hex is case-insensitive (some shop stacks write upper case). Bytes, not str: compare_digest
    # refuses non-ASCII str, and a forged header must get the same 401, not an error.
    # compare_digest on every candidate: constant time, no early exit revealing which matched.
    given = [candidate.strip().lower().encode("utf-8", "replace") for candidate in candidates]
    if not any([hmac.compare_digest(expected, candidate) for candidate in given]):
        raise Unauthorized(_REFUSED)
