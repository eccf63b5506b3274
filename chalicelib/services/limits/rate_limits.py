"""Rate limits on the routes an attacker would hammer (SPEC §9; OWASP API4 2023).

``hit(name, subject)`` counts one request of ``subject`` under the rule ``name`` and raises
TooManyRequests (429 with ``Retry-After``) once the rule's window is full. One conditional
UpdateItem per request (adapters/dynamo/stores().counters.py): O(1), atomic when requests race, the
item deleted by TTL an hour after its window. ``failure(name, subject)`` counts a failed
attempt (a bad token, a bad signature) and tells whether the subject is over the limit —
successful requests then cost nothing.

Subjects are optician ids or hashes (an admin account, a source address, a customer with the
message kind and contact, a token prefix): no personal data and no customer id in keys, so an
erased customer is found nowhere (the counters expire by TTL anyway). The rules (config.RATE_LIMIT_DEFAULTS):

- ``webshop_sessions``: token exchanges per optician;
- ``session_token_prefix``: exchanges per optician and token prefix (guessing one token);
- ``webhooks``: signed webhook calls per optician;
- ``manual_sends``: manual sends per customer, kind and contact (a double click, a second
  identical send within minutes);
- ``admin``: admin requests per admin account;
- ``auth_failures``: failed authentications per source address.
"""
from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING

from chalicelib import metrics
from chalicelib.config import get_config
from chalicelib.domain.errors import TooManyRequests
from chalicelib.observability import logger
from chalicelib.services.wiring import stores

if TYPE_CHECKING:
    from chalicelib.domain.rate_limits import Rule

_KEEP_AFTER_WINDOW = 3600


def _clock() -> float:
    """Now, in seconds since the epoch (its own function so a test can hold one window still)."""
    return time.time()


def _rule(name: str) -> Rule:
    return get_config().rate_limits[name]


def _keys(name: str, subject: str, start: int) -> tuple[str, str]:
    return f"RATE#{name}#{subject}", f"W#{start}"


def hit(name: str, subject: str, now: float | None = None) -> None:
    """Count one request; TooManyRequests (``retry_after`` seconds) when the window is full."""

    now = _clock() if now is None else now
    rule = _rule(name)
    start = rule.window_start(now)
    pk, sk = _keys(name, subject, start)
    if not stores().counters.take(pk, sk, rule.limit, start + rule.window_seconds + _KEEP_AFTER_WINDOW):
        raise _refused(name, rule, now)


def give_back(name: str, subject: str, now: float) -> None:
    """Uncount a request counted by ``hit`` at ``now`` that did nothing after all (nothing was sent)."""

    start = _rule(name).window_start(now)
    stores().counters.give_back_write(*_keys(name, subject, start)).make()


def failure(name: str, subject: str, now: float | None = None) -> TooManyRequests | None:
    """Count one failed attempt; the 429 to answer instead when the subject is over the limit."""

    now = _clock() if now is None else now
    rule = _rule(name)
    start = rule.window_start(now)
    pk, sk = _keys(name, subject, start)
    if stores().counters.take(pk, sk, rule.limit, start + rule.window_seconds + _KEEP_AFTER_WINDOW):
        return None
    return _refused(name, rule, now)


def digest(*parts: object) -> str:
    """A short, stable, non-reversible subject for values that must not be stored (an address, a number)."""
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:20]


def _refused(name: str, rule: Rule, now: float) -> TooManyRequests:
    logger.warning("rate limited", extra={"rate_limit": name})
    metrics.count(metrics.RATE_LIMITED)
    retry = rule.retry_after(now)
    return TooManyRequests(f"Too many requests ({rule.limit} per {rule.window_seconds} s); "
                           f"try again in {retry} s.", code="rate_limited", retry_after=retry)
