"""JSON from outside (request bodies, paging cursors) parsed without letting its shape hurt us.

``json.loads`` recurses once per nesting level: 100,000 levels raise RecursionError (a 500
if nobody catches it), and a few hundred levels pass the parser but may trip any recursive
code that walks the value later (logging, ``json.dumps`` of a fingerprint). No request of
this API nests deeper than a handful of levels, so anything past ``MAX_DEPTH`` is refused
like any other malformed JSON.
"""
from __future__ import annotations

import json

MAX_DEPTH = 32  # deepest legitimate body: an order line inside ``lines`` inside the body (3)


class UnsafeJson(ValueError):
    """Not JSON, or JSON nested deeper than ``MAX_DEPTH`` levels."""


def loads(raw: str | bytes, max_depth: int = MAX_DEPTH):
    """The parsed value; UnsafeJson (a ValueError) for malformed or too deeply nested input."""
    try:
        value = json.loads(raw)
    except RecursionError:
        raise UnsafeJson(f"nested deeper than {max_depth} levels") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise UnsafeJson(str(exc)) from None
    if depth_exceeds(value, max_depth):
        raise UnsafeJson(f"nested deeper than {max_depth} levels")
    return value


def depth_exceeds(value, max_depth: int) -> bool:
    """Whether lists/objects nest deeper than ``max_depth``; iterative, so any depth is safe to check."""
    stack = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict):
            children = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        if depth > max_depth:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
