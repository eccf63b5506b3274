"""What the links and unsubscribe services need of their store: hashed, expiring tokens (a personal
webshop link ``LINK``, an unsubscribe link ``UNSUB``) bound to a customer and a purpose.

Production: ``chalicelib/adapters/dynamo/links.py``; tests: ``tests/fakes/links.py``.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol


class TokenStore(Protocol):
    @property
    def LINK(self) -> str: ...  # noqa: N802 - the adapter's constant: a personal webshop link
    @property
    def UNSUBSCRIBE(self) -> str: ...  # noqa: N802 - the adapter's constant: an unsubscribe link

    def token_writes(self, optician_id: str, customer_id: str, kind: str, token: str, purpose: str, *,
                     created_at: datetime, expires_at: datetime) -> list[Any]:
        """The writes that store a new token (made by the caller, in the transaction of its message)."""

    def find(self, optician_id: str, kind: str, token: str) -> dict[str, Any] | None:
        """``{"customer_id", "purpose", "created_at", "expires_at"}`` of a stored token (expired or not), or None."""

    def revoke_writes(self, optician_id: str, customer_id: str, kind: str, token: str) -> list[Any]:
        """The writes that delete one token (for the transaction that gives up its message)."""

    def revoke(self, optician_id: str, customer_id: str, kind: str, token: str) -> None:
        """Delete one token of the customer (nothing if there is none)."""

    def revoke_all(self, optician_id: str, customer_id: str, kind: str) -> int:
        """Delete every token of ``kind`` of the customer; how many there were."""
