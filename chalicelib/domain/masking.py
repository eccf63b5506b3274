"""Live credentials out of the history (SPEC §9): the token part of a link is masked.

A personal login link (``…/l/<token>``) or an unsubscribe link (``…/unsubscribe/<oid>/<token>``)
in a stored message would let anyone who reads the history (every staff account, a table
backup, an export) log into the customer's webshop account. The history keeps the text
exact except for the token, which becomes ``•••``; the message actually sent carries
the real link, and the token itself exists only as its hash (adapters/dynamo/links.py).
"""
from __future__ import annotations

from typing import Iterable

MASK = "•••"


def mask_tokens(text: str | None, tokens: Iterable[str]) -> str | None:
    """``text`` with every occurrence of each token replaced by ``MASK`` (None stays None).

    The tokens are 128 random URL-safe bits, so they occur nowhere but in their links and
    no HTML escaping changes them.
    """
    if text is None:
        return None
    for token in tokens:
        if token:
            text = text.replace(token, MASK)
    return text
