"""An in-memory token store (the port chalicelib/services/ports/links.py) and the transaction
that makes its writes, for unit tests of the links and unsubscribe services."""
from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, Callable, Sequence


class InMemoryTokens:
    """Tokens kept only as their SHA-256, as the DynamoDB adapter keeps them."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str, str], dict[str, Any]] = {}  # (optician, kind, hash) -> token

    @staticmethod
    def _key(optician_id: str, kind: str, token: str) -> tuple[str, str, str]:
        return optician_id, kind, hashlib.sha256(token.encode()).hexdigest()

    def token_writes(self, optician_id: str, customer_id: str, kind: str, token: str, purpose: str, *,
                     created_at: datetime, expires_at: datetime) -> list[Any]:
        def write() -> None:
            self.items[self._key(optician_id, kind, token)] = {
                "customer_id": customer_id, "purpose": purpose,
                "created_at": created_at.isoformat(timespec="seconds"), "expires_at": expires_at}
        return [write]

    def find(self, optician_id: str, kind: str, token: str) -> dict[str, Any] | None:
        found = self.items.get(self._key(optician_id, kind, token))
        return dict(found) if found else None

    def revoke(self, optician_id: str, customer_id: str, kind: str, token: str) -> None:
        self.items.pop(self._key(optician_id, kind, token), None)

    def revoke_all(self, optician_id: str, customer_id: str, kind: str) -> int:
        mine = [key for key, item in self.items.items()
                if key[:2] == (optician_id, kind) and item["customer_id"] == customer_id]
        for key in mine:
            del self.items[key]
        return len(mine)


class Transactions:
    """Makes the writes the fakes hand out (each a callable), all of them."""

    def execute(self, writes: Sequence[Callable[[], None]]) -> None:
        for write in writes:
            write()
