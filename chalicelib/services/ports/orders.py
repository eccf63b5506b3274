"""What the order service needs of its store: orders and the pointers that keep external ids unique.

Production: ``chalicelib/adapters/dynamo/orders.py``; tests: ``tests/fakes/orders.py``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Protocol

from chalicelib.domain.orders import Order

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write


class OrderStore(Protocol):
    @property
    def CustomerGone(self) -> type[Exception]:
        """Create: the customer does not exist (any more)."""

    @property
    def ReferenceTaken(self) -> type[Exception]:
        """Create: another order carries this external id."""

    @property
    def SubscriptionChanged(self) -> type[Exception]:
        """Create: the subscription is no longer as its order day read it."""

    def ref_sort_key(self, source: str, external_id: str) -> str:
        """The pointer's key of an external id of ``source``."""

    def create(self, optician_id: str, order: Order, *, subscription: Mapping[str, Any] | None = None,
               counted: Write | None = None) -> Order:
        """Store a new order (with its pointer); the errors above if it cannot be."""

    def find_by_ref(self, optician_id: str, ref_sk: str) -> tuple[str, str] | None:
        """``(customer_id, order id)`` of the order carrying an external id, or None."""

    def get(self, optician_id: str, customer_id: str, order_key: str) -> Order | None:
        """The order, or None."""

    def list_all(self, optician_id: str, customer_id: str) -> list[Order]:
        """Every order of the customer, in no particular order."""

    def update_status(self, optician_id: str, customer_id: str, order_key: str, *, status: str,
                      history: tuple[dict[str, Any], ...], tracking_url: str | None,
                      expected_version: int) -> Order:
        """Set the status and its history; Conflict (409) if the order changed since ``expected_version``."""
