"""Protected SMS sender names (SPEC §9): an optician's SMS must not look like a bank's or the post's.

Pure: the names come in as a set (chalicelib/protected_names.py reads the shipped list and
the operator's additions). Compared case- and space-insensitively, so "Post Finance",
"postfinance" and "POSTFINANCE" are one name.
"""
from __future__ import annotations

from typing import Iterable

from chalicelib.domain.errors import ValidationError


def normalise(name: str) -> str:
    """The comparison form of a sender name: no whitespace, case-folded."""
    return "".join(name.split()).casefold()


def protected_set(names: Iterable[str]) -> frozenset[str]:
    return frozenset(filter(None, (normalise(name) for name in names)))


def check_not_protected(name: str, protected: frozenset[str], field: str = "sender_name") -> str:
    """``name`` unchanged, or 422 naming ``field`` if it is a protected name."""
    if normalise(name) in protected:
        raise ValidationError(
            f"'{name}' is a protected sender name (banks, payment, post, authorities, telecoms, health "
            "insurers): customers would take the SMS for theirs. Choose your shop's name.", field=field)
    return name
