"""An in-memory coordination store (the port chalicelib/services/ports/coordination.py) for unit tests."""
from __future__ import annotations

from tests.fakes.counters import FakeWrite


class InMemoryCoordination:
    """Slots by (optician, customer, key): taken by the first owner, taken again only by that owner."""

    def __init__(self) -> None:
        self.slots: dict[tuple[str, str, str], tuple[str, int]] = {}

    def claim_write(self, optician_id: str, customer_id: str, key: str, owner: str, expires_at: int) -> FakeWrite:
        def free() -> bool:
            held = self.slots.get((optician_id, customer_id, key))
            return held is None or held[0] == owner

        def apply() -> None:
            self.slots[(optician_id, customer_id, key)] = (owner, expires_at)

        return FakeWrite(apply, check=free)

    def claim(self, optician_id: str, customer_id: str, key: str, owner: str, expires_at: int) -> bool:
        return self.claim_write(optician_id, customer_id, key, owner, expires_at).make()

    def owner_of(self, optician_id: str, customer_id: str, key: str) -> str | None:
        held = self.slots.get((optician_id, customer_id, key))
        return held[0] if held else None
