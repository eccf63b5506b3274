"""What the delivery receipts need of the provider pointers: the record a provider's message id belongs to.

Production: ``chalicelib/adapters/dynamo/receipt_pointers.py``.
"""
from __future__ import annotations

from typing import Any, Protocol


class ReceiptPointers(Protocol):
    def find(self, provider_message_id: str, channel: str) -> dict[str, Any] | None:
        """``{"optician_id", "customer_id", "message_sk", "kind", "channel"}`` of the record, or None."""
