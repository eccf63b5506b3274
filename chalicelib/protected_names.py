"""The protected SMS sender names: the shipped list (chalicelib/data/protected_sender_names.json)
plus the operator's additions (env ``PROTECTED_SENDER_NAMES``, comma-separated)."""
from __future__ import annotations

import functools
import json
from pathlib import Path

from chalicelib.config import get_config
from chalicelib.domain.sender_names import protected_set

NAMES_PATH = Path(__file__).resolve().parent / "data" / "protected_sender_names.json"


@functools.cache
def _shipped() -> tuple[str, ...]:
    document = json.loads(NAMES_PATH.read_text(encoding="utf-8"))
    return tuple(name for key, names in document.items() if isinstance(names, list) for name in names)


def protected_sender_names() -> frozenset[str]:
    """Every protected name in comparison form (domain/sender_names.normalise)."""
    return _combined(get_config().protected_sender_names)


@functools.cache
def _combined(extra: tuple[str, ...]) -> frozenset[str]:
    return protected_set(_shipped() + extra)
