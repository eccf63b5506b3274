"""The single kontakt table: base model and key layout (see docs/data-model.md).

Every key starts with the tenant (``OPT#<optician_id>``), so no query can cross opticians.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Sequence

from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import UpdateError
from pynamodb.expressions.update import Action
from pynamodb.models import Model

from chalicelib.config import get_config
from chalicelib.domain.errors import Conflict


class _TableMeta(type):
    """Resolves table name and region from the configuration when PynamoDB asks."""

    @property
    def table_name(cls) -> str:
        return get_config().table_name

    @property
    def region(cls) -> str:
        return get_config().region


class TableMeta(metaclass=_TableMeta):
    max_retry_attempts = 3
    connect_timeout_seconds = 2
    read_timeout_seconds = 5


class KontaktModel(Model):
    """Base of every item in the table: generic ``pk``/``sk`` keys."""

    Meta = TableMeta
    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)


def utc_timestamp() -> str:
    """The ``created_at``/``updated_at`` stamp of an item: UTC, to the second."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def is_condition_failure(exc: BaseException) -> bool:
    """Whether ``exc`` is DynamoDB refusing a conditional write (someone else changed the item).

    Understands PynamoDB's errors, botocore's ``ClientError`` and a cancelled transaction
    whose reason is a failed condition.
    """
    if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
        return True
    response = getattr(exc, "response", None) or getattr(getattr(exc, "cause", None), "response", None)
    if isinstance(response, dict):
        error_code = response.get("Error", {}).get("Code")
        if error_code == "ConditionalCheckFailedException":
            return True
        if error_code == "TransactionCanceledException":
            reasons = response.get("CancellationReasons") or []
            return any(r.get("Code") == "ConditionalCheckFailed" for r in reasons)
    return False


def optician_pk(optician_id: str) -> str:
    return f"OPT#{optician_id}"


def customer_pk(optician_id: str, customer_id: str) -> str:
    """The partition holding everything that belongs to one customer."""
    return f"OPT#{optician_id}#CUST#{customer_id}"


class OwnedRef(KontaktModel):
    """A pointer, inside a customer's partition, to an item of that customer stored elsewhere.

    Items keyed for another access pattern (a webshop order id, a link token hash) live
    outside the customer's partition; this back-reference lets erasure find them.
    """

    ref_pk = UnicodeAttribute()
    ref_sk = UnicodeAttribute()


def owned_ref(optician_id: str, customer_id: str, ref_pk: str, ref_sk: str) -> OwnedRef:
    """The back-reference to write (e.g. in the same transaction) with an outside item."""
    return OwnedRef(customer_pk(optician_id, customer_id), f"REF#{ref_pk}|{ref_sk}",
                    ref_pk=ref_pk, ref_sk=ref_sk)


def versioned_update(item: Model, actions: Sequence[Action], *, expected_version: int, what: str) -> None:
    """Apply ``actions`` to ``item`` and bump its ``version`` and ``updated_at``, only if it still has
    ``expected_version`` — the optimistic lock of the back office's edits (it writes what it read).
    Conflict (409) naming ``what`` if the item changed or vanished since it was read."""
    model = type(item)
    try:
        item.update(actions=[*actions, model.version.add(1), model.updated_at.set(utc_timestamp())],
                    condition=model.version == expected_version)
    except UpdateError as exc:
        if is_condition_failure(exc):
            raise Conflict(f"The {what} was changed at the same time; load it again and retry.") from None
        raise
