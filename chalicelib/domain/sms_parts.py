"""How many SMS parts a text needs, and what they cost (SPEC §4).

A text that uses only the GSM 03.38 default alphabet (plus its extension table) is sent
as GSM-7: 160 septets in a single SMS, 153 per part once it has to be split (the user
data header takes the rest). Any other character forces UCS-2 for the whole message:
70 UTF-16 code units in a single SMS, 67 per part when split.

Extension-table characters (``€ [ ] { } \\ ^ ~ |`` and form feed) are sent as an escape
septet plus the character, so they count twice, and handsets never split that pair
across two parts. Likewise a UCS-2 surrogate pair (most emoji) is never split.

An empty text counts as one part: the provider still sends (and bills) one SMS.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

GSM7 = "GSM-7"
UCS2 = "UCS-2"

SINGLE_GSM7_UNITS = 160
SEGMENT_GSM7_UNITS = 153
SINGLE_UCS2_UNITS = 70
SEGMENT_UCS2_UNITS = 67

SMS_PRICE_CHF = Decimal("0.12")
_CENT = Decimal("0.01")

# GSM 03.38 default alphabet, in table order (0x00–0x7F) minus the escape code 0x1B.
GSM7_BASIC_CHARS = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)

# GSM 03.38 extension table: each is sent as ESC + character (two septets).
GSM7_EXTENSION_CHARS = frozenset("\f^{}\\[~]|€")


@dataclass(frozen=True)
class SmsParts:
    """Size of one SMS text: its encoding, length in units and number of parts.

    ``units`` are septets for GSM-7 and UTF-16 code units for UCS-2.
    """

    encoding: str  # "GSM-7" | "UCS-2"
    units: int
    parts: int


def _gsm7_widths(text: str) -> list[int] | None:
    """Septets per character, or None if any character is outside GSM-7."""
    widths = []
    for char in text:
        if char in GSM7_BASIC_CHARS:
            widths.append(1)
        elif char in GSM7_EXTENSION_CHARS:
            widths.append(2)
        else:
            return None
    return widths


def _ucs2_widths(text: str) -> list[int]:
    # Characters beyond the BMP (emoji, ...) take a surrogate pair: two code units.
    return [2 if ord(char) > 0xFFFF else 1 for char in text]


def _count_segments(widths: list[int], segment_units: int) -> int:
    """Fill segments greedily; a multi-unit character never straddles two segments."""
    segments = 1
    used = 0
    for width in widths:
        if used + width > segment_units:
            segments += 1
            used = 0
        used += width
    return segments


def count_parts(text: str) -> SmsParts:
    """Return encoding, units and number of SMS parts needed to send ``text``.

    GSM-7 when every character is in the GSM 03.38 alphabet (extension characters count
    two septets), otherwise UCS-2. One part up to 160 septets / 70 code units; beyond
    that, parts of 153 septets / 67 code units. An empty text is one part.
    """
    widths = _gsm7_widths(text)
    if widths is not None:
        encoding, single, segment = GSM7, SINGLE_GSM7_UNITS, SEGMENT_GSM7_UNITS
    else:
        widths = _ucs2_widths(text)
        encoding, single, segment = UCS2, SINGLE_UCS2_UNITS, SEGMENT_UCS2_UNITS
    units = sum(widths)
    parts = 1 if units <= single else _count_segments(widths, segment)
    return SmsParts(encoding=encoding, units=units, parts=parts)


def sms_cost(parts: int) -> Decimal:
    """Price in CHF of an SMS of ``parts`` parts (CHF 0.12 per part), to the cent."""
    if parts < 0:
        raise ValueError("parts must not be negative")
    return (SMS_PRICE_CHF * parts).quantize(_CENT)


def format_chf(amount: Decimal) -> str:
    """Format a CHF amount as the API shows money: two decimals, e.g. ``"0.24"``."""
    return str(Decimal(amount).quantize(_CENT, rounding=ROUND_HALF_UP))
