"""Rate limits (SPEC §9): how many requests of one kind a subject may make per time window.

Fixed windows: a rule "N per S seconds" counts the requests of a subject (an optician, a
customer and message kind, a token prefix, an admin, a source address) in the window
``[floor(now / S) * S, +S)``; the N+1st in the window is refused until the window ends
(``Retry-After``). Pure: the clock is passed in. The counters live in DynamoDB with a TTL
(adapters/dynamo/counters.py); the numbers come from the environment (chalicelib/config.py)
and are documented in docs/operations.md.
"""
from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """At most ``limit`` requests per ``window_seconds`` for one subject."""

    limit: int
    window_seconds: int

    def window_start(self, now: float) -> int:
        """The start (epoch seconds) of the window ``now`` falls in."""
        return int(now // self.window_seconds) * self.window_seconds

    def window_end(self, now: float) -> int:
        return self.window_start(now) + self.window_seconds

    def retry_after(self, now: float) -> int:
        """Whole seconds until the window of ``now`` ends (at least 1): the ``Retry-After`` value."""
        return max(1, math.ceil(self.window_end(now) - now))


def parse_rule(raw: str, name: str) -> Rule:
    """``"N/SECONDS"`` (e.g. ``"120/60"``) as a Rule; ValueError naming the variable otherwise."""
    count, _, seconds = raw.strip().partition("/")
    try:
        rule = Rule(int(count), int(seconds))
    except ValueError:
        raise ValueError(f"{name}: {raw!r} is not N/SECONDS") from None
    if rule.limit < 1 or not 1 <= rule.window_seconds <= 86400:
        raise ValueError(f"{name}: {raw!r} needs N >= 1 and 1..86400 seconds")
    return rule
