"""The audit trail of back-office changes (SPEC §9): recorded after each successful change,
read by the optician with ``GET /audit?cursor=`` (newest first, their own entries only).

Entries expire after ``AUDIT_RETENTION_DAYS`` (default 365; docs/operations.md). The entry is
written after the change answered successfully (api/middleware.audit_middleware): a change is
never refused or undone because its entry could not be written — that is logged and counted.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from chalicelib.domain.audit import AuditEntry
from chalicelib.services.wiring import stores
from chalicelib.config import get_config

if TYPE_CHECKING:
    from chalicelib.schemas.audit import AuditQuery


def record(entry: AuditEntry, now: datetime | None = None) -> bool:
    """Append the entry; False if it is about a customer erased meanwhile (nothing written)."""
    now = now or datetime.now(timezone.utc)
    return stores().audit.record(entry, at=now, expires_at=now + timedelta(days=get_config().audit_retention_days))


def list_audit(optician_id: str, query: AuditQuery) -> dict[str, Any]:
    """``GET /audit?limit=&cursor=`` → ``{"items", "next_cursor"}``, newest first."""
    items, cursor = stores().audit.list_page(optician_id, limit=query.limit, cursor=query.cursor)
    return {"items": items, "next_cursor": cursor}
