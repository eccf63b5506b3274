"""What the coordination of scheduled messages needs of its store: slots a message claims.

Production: ``chalicelib/adapters/dynamo/coordination.py``; tests: ``tests/fakes/coordination.py``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write


class CoordinationStore(Protocol):
    def claim_write(self, optician_id: str, customer_id: str, key: str, owner: str, expires_at: int) -> Write:
        """The conditional put taking slot ``key`` for ``owner`` (free, or ``owner``'s already)."""

    def claim(self, optician_id: str, customer_id: str, key: str, owner: str, expires_at: int) -> bool:
        """Take slot ``key`` for ``owner`` now; True if it is (now or already) ``owner``'s."""

    def owner_of(self, optician_id: str, customer_id: str, key: str) -> str | None:
        """Who holds slot ``key``, or None."""
