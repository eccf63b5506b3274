"""What the audit service needs of its store: an append-only, expiring trail per optician.

Production: ``chalicelib/adapters/dynamo/audit.py``; tests: ``tests/fakes/audit.py``.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from chalicelib.domain.audit import AuditEntry


class AuditStore(Protocol):
    def record(self, entry: AuditEntry, *, at: datetime, expires_at: datetime) -> bool:
        """Append the entry; False if it is about a customer erased meanwhile (nothing written)."""

    def list_page(self, optician_id: str, *, limit: int, cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """One page of the optician's entries, newest first, and the cursor of the next (None: last)."""
