"""Models and operations: the optician's audit trail of back-office changes (SPEC §9)."""
from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from chalicelib.schemas.base import Model, Operation, Query


class AuditEntry(Model):
    """One back-office change. Never a value: only the names of the fields the request set."""

    at: Annotated[str, Meta(description="When (UTC, ISO 8601 with milliseconds)")]
    actor: Annotated[str, Meta(description="Who: the subject (`sub`) of the token that made the change")]
    action: Literal["create", "update", "delete", "send", "revoke", "rotate", "approve"]
    entity: Annotated[str, Meta(examples=["customer"])]
    entity_id: Annotated[str | None, Meta(
        description="The id of what changed; `(erased)` for the erasure of a customer (the trail keeps no id of "
                    "an erased person)")]
    fields: Annotated[list[str], Meta(description="The fields the request set (top level), sorted")]


class AuditPage(Model):
    items: list[AuditEntry]
    next_cursor: str | None


class AuditQuery(Query):
    limit: Annotated[int, Meta(ge=1, le=100)] = 50
    cursor: str | None = None


OPERATIONS = [
    Operation("GET", "/audit", "The audit trail of the optician's back-office changes, newest first (SPEC §9)",
              ("audit",), query=AuditQuery, response=AuditPage, response_text="A page of entries",
              description="Entries are kept 365 days (AUDIT_RETENTION_DAYS); the entries about a customer go with "
                          "the customer's erasure.",
              errors=(401, 403), error_texts={404: "The token's optician does not exist",
                                              422: "A `limit` or `cursor` that is not valid (field names it)"}),
]
