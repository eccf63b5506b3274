"""A customer's message history (SPEC §4): newest first, paged, filterable by kind and status."""
from __future__ import annotations

from chalicelib import validation as v
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.message_kinds import KINDS
from chalicelib.domain.sms_parts import format_chf

STATUSES = ("pending", "sent", "failed", "skipped")
MAX_PAGE = 100
DEFAULT_PAGE = 25

# The API shape of a history record, in this order.
PUBLIC_FIELDS = ("id", "customer_id", "kind", "topic", "channel", "to", "subject", "text", "html", "status",
                 "reason", "reason_detail", "parts", "cost_chf", "trigger", "created_at", "updated_at",
                 "sent_at", "provider_message_id")


def _store():
    from chalicelib.adapters.dynamo import messages

    return messages


def present(record: dict) -> dict:
    """A stored record as the API shows it: money as a string like ``"0.12"``, no internals."""
    shown = {name: record.get(name) for name in PUBLIC_FIELDS}
    shown["cost_chf"] = format_chf(record.get("cost_chf") or 0)
    shown["parts"] = int(record.get("parts") or 0)
    return shown


def list_messages(optician_id: str, customer_id: str, params: dict) -> dict:
    """``GET /customers/{id}/messages?limit=&cursor=&kind=&status=`` → ``{"items", "next_cursor"}``."""
    from chalicelib.services.customers import get_customer

    get_customer(optician_id, customer_id)
    kind = params.get("kind") or None
    if kind is not None and kind not in KINDS:
        raise ValidationError(f"'kind' must be one of: {', '.join(KINDS)}.", field="kind")
    status = params.get("status") or None
    if status is not None and status not in STATUSES:
        raise ValidationError(f"'status' must be one of: {', '.join(STATUSES)}.", field="status")
    items, cursor = _store().list_page(optician_id, customer_id, kind=kind, status=status,
                                       limit=_limit(params), cursor=params.get("cursor") or None)
    return {"items": [present(item) for item in items], "next_cursor": cursor}


def _limit(params: dict) -> int:
    return v.page_limit(params, default=DEFAULT_PAGE, maximum=MAX_PAGE)
