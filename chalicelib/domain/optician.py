"""The optician (tenant) and the rules for its settings (SPEC §1)."""
from __future__ import annotations

import re

from chalicelib.domain.errors import ValidationError

DEFAULT_TIMEZONE = "Europe/Zurich"
DEFAULT_LANGUAGE = "de"
DEFAULT_REPURCHASE_LEAD_DAYS = 14

# Alphanumeric SMS sender IDs: 1–11 of A–Z a–z 0–9 and space, at least one letter
# (an all-digit sender would be taken for a phone number by carriers).
_SENDER_NAME = re.compile(r"[A-Za-z0-9 ]{1,11}")
_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def check_sender_name(value: str, field: str = "sender_name") -> str:
    if not _SENDER_NAME.fullmatch(value) or not re.search(r"[A-Za-z]", value):
        raise ValidationError(
            "'sender_name' must be 1–11 characters of A–Z, a–z, 0–9 and space, with at least one letter.",
            field=field,
        )
    return value


def check_colour(value: str, field: str) -> str:
    if not _HEX_COLOUR.fullmatch(value):
        raise ValidationError(f"'{field}' must be a colour like #1A73E8.", field=field)
    return value.upper()
