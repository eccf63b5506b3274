"""Formatting for customer messages: dates, money, phone, address, SMS text, branding.

Customers are Swiss, so every language uses its Swiss locale (``de_CH``, ``fr_CH``,
``it_CH``, ``en_CH``). babel and phonenumbers are imported inside the functions: this
module is imported by the renderer, which the Chalice app imports on cold start.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from chalicelib.domain.sms_parts import GSM7_BASIC_CHARS, GSM7_EXTENSION_CHARS

LANGUAGES: tuple[str, ...] = ("de", "fr", "it", "en")
DEFAULT_LANGUAGE = "de"
DEFAULT_TIMEZONE = "Europe/Zurich"

NEUTRAL_COLOR = "#374151"
_HEX_COLOR = re.compile(r"#(?:[0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})")

_LOCALES = {"de": "de_CH", "fr": "fr_CH", "it": "it_CH", "en": "en_CH"}
# Long dates: the first of the month as French and Italian write it.
_FIRST_OF_MONTH = {"fr": "1er", "it": "1°"}
# Italian days whose name starts with a vowel (otto, undici) and the elided article forms.
_ITALIAN_VOWEL_DAYS = frozenset({8, 11})
_ITALIAN_ELIDED = {"il": "l'", "al": "all'", "dal": "dall'", "del": "dell'", "nel": "nell'", "sul": "sull'"}

# Typography that babel or optician-entered text may contain and that has a plain
# GSM-7 equivalent. Without this, one curly apostrophe turns an SMS into UCS-2 (70
# characters per part instead of 160), i.e. two or three times the price.
_GSM7_SUBSTITUTES = {
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space (French thousands separator)
    "\u2009": " ",  # thin space
    "\u2018": "'",
    "\u2019": "'",  # also the Swiss thousands separator in babel's de_CH/it_CH/en_CH
    "\u201a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2039": "'",
    "\u203a": "'",
    "\u2013": "-",
    "\u2014": "-",
    "\u2011": "-",
    "\u2026": "...",
    "\u00d7": "x",
    "\u00ae": "",
    "\u2122": "",
    "\u00a9": "(c)",
    "\u0153": "oe",
    "\u0152": "OE",
}


def locale_for(language: str) -> str:
    """The babel locale for a message language; unknown languages get German (de_CH)."""
    return _LOCALES.get(language, _LOCALES[DEFAULT_LANGUAGE])


def _as_date(value: date | datetime | str, timezone: str | None) -> date:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(ZoneInfo(timezone or DEFAULT_TIMEZONE))
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        # Stored items and JSON carry dates as "YYYY-MM-DD" (or a full ISO timestamp).
        return _as_date(datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value), timezone)
    raise TypeError(f"not a date: {type(value).__name__}")


def format_date_for(
    value: date | datetime | str,
    language: str,
    style: str = "long",
    timezone: str | None = None,
) -> str:
    """Format a date for a customer in ``language``.

    ``style="long"`` spells the month ("27. März 2026", "27 mars 2026", "27 marzo 2026",
    "27 March 2026"; the first of the month "1er août 2026", "1° agosto 2026");
    ``style="short"`` is numeric "27.03.2026" in every language.
    A timezone-aware datetime is first converted to ``timezone`` (default
    Europe/Zurich), so an order placed at 23:30 local time shows that local day.
    """
    day = _as_date(value, timezone)
    if style == "short":
        # Numeric in all four languages (Swiss usage). SMS use it: it is short and never
        # needs a character outside GSM-7 (French "août" would make the SMS UCS-2).
        return day.strftime("%d.%m.%Y")
    if style != "long":
        raise ValueError(f"unknown date style: {style!r}")
    from babel.dates import format_date

    text = format_date(day, format="long", locale=locale_for(language))
    # The first of the month is an ordinal in French and Italian: "1er août", "1° agosto".
    if day.day == 1 and language in _FIRST_OF_MONTH and text.startswith("1 "):
        text = _FIRST_OF_MONTH[language] + text[1:]
    return text


def date_with_article(
    value: date | datetime | str,
    language: str,
    article: str,
    style: str = "long",
    timezone: str | None = None,
) -> str:
    """The date after ``article`` (an article or preposition: "il", "al", "dal", "le", "du" ...).

    Italian elides the article before a day spoken with a vowel ("otto", "undici"): "l'8
    maggio", "dall'11.05.2026", "fino all'8 agosto"; other days keep it ("il 1° maggio",
    "dal 27.03.2026"). French needs no elision before a number ("le 8 août", "le 11 août").
    """
    day = _as_date(value, timezone)
    text = format_date_for(day, language, style)
    if language == "it" and day.day in _ITALIAN_VOWEL_DAYS and article in _ITALIAN_ELIDED:
        return _ITALIAN_ELIDED[article] + text
    return f"{article} {text}"


# Swiss shops write prices the same way in every language region, French included:
# "CHF 119.80", "CHF 1’234.50" (CLDR's fr_CH would give "119,80 CHF").
_MONEY_LOCALE = "de_CH"


def format_money_for(amount: Decimal | int | str, language: str, currency: str = "CHF") -> str:
    """Format an amount of money (default CHF) as Swiss retail writes it.

    "CHF 1’234.50" in all four languages (``language`` is accepted for symmetry with the
    other formatters; Swiss-French shops write "CHF 119.80" too, not "119,80 CHF"), with a
    no-break space so the amount never wraps away from its currency.
    """
    from babel.numbers import format_currency

    return format_currency(Decimal(str(amount)), currency, locale=_MONEY_LOCALE)


def format_phone_for(phone: str | None) -> str | None:
    """Show a phone number as Swiss customers write it: "044 123 45 67".

    Swiss numbers get the national format, foreign ones the international format
    ("+49 1511 2345678"); text that is not a phone number is shown as entered.
    """
    if not phone or not str(phone).strip():
        return None
    raw = str(phone).strip()
    import phonenumbers

    try:
        number = phonenumbers.parse(raw, "CH")
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_valid_number(number):
        return raw
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 41
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def phone_uri(phone: str | None) -> str | None:
    """A ``tel:`` URI (E.164 when the number parses) for a clickable phone number."""
    if not phone or not str(phone).strip():
        return None
    import phonenumbers

    try:
        number = phonenumbers.parse(str(phone).strip(), "CH")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def address_lines(address: str | dict | None) -> list[str]:
    """The optician's address as display lines.

    Accepts free text (lines separated by newlines, or by commas on a single line) or
    an object with ``street``, ``postal_code``/``zip``, ``city`` (and optional
    ``line2``, ``country``).
    """
    if not address:
        return []
    if isinstance(address, dict):
        postal = address.get("postal_code") or address.get("zip") or ""
        place = " ".join(part for part in (str(postal).strip(), str(address.get("city") or "").strip()) if part)
        candidates = [address.get("street"), address.get("line2"), place, address.get("country")]
        return [str(line).strip() for line in candidates if line and str(line).strip()]
    text = str(address)
    separator = "\n" if "\n" in text else ","
    return [line.strip() for line in text.split(separator) if line.strip()]


def gsm7_friendly(text: str) -> str:
    """Replace characters outside the GSM-7 alphabet by close GSM-7 equivalents.

    Typography (curly quotes, dashes, special spaces) gets its ASCII form, and letters
    with a diacritic GSM-7 lacks lose it ("François" → "Francois", "Zoë" → "Zoe";
    é è à ù ä ö ü are GSM-7 and stay). Characters without an equivalent (emoji,
    non-Latin scripts) are kept: the SMS is then sent as UCS-2, as it must be.
    """
    out: list[str] = []
    for char in text:
        if char in GSM7_BASIC_CHARS or char in GSM7_EXTENSION_CHARS:
            out.append(char)
        elif char in _GSM7_SUBSTITUTES:
            out.append(_GSM7_SUBSTITUTES[char])
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
            )
            if base and all(c in GSM7_BASIC_CHARS for c in base):
                out.append(base)
            else:
                out.append(char)
    return "".join(out)


def safe_url(value: object) -> str | None:
    """Only http(s) URLs end up in a message (no javascript:, data:, ...)."""
    if isinstance(value, str) and re.match(r"https?://[^\s<>\"']+$", value.strip(), re.IGNORECASE):
        return value.strip()
    return None


def email_branding(branding: dict | None) -> dict:
    """The optician's branding, made safe to put into an e-mail.

    ``color``: the primary colour if it is a valid hex colour, else neutral grey; used
    for the top bar and button backgrounds. ``text_color``: white or near-black,
    whichever reads better on ``color``. ``accent``: ``color`` where it is readable as
    text on white (contrast at least 3:1), else the neutral grey; used for links and
    the name. ``logo_url``: only an http(s) URL.
    """
    branding = branding or {}
    color = branding.get("primary_color")
    if not (isinstance(color, str) and _HEX_COLOR.fullmatch(color.strip())):
        color = NEUTRAL_COLOR
    color = color.strip().upper()
    if len(color) == 4:
        color = "#" + "".join(c * 2 for c in color[1:])
    luminance = _luminance(color)
    return {
        "color": color,
        "text_color": "#FFFFFF" if _contrast(luminance, 1.0) >= _contrast(luminance, _DARK_TEXT_LUMINANCE) else "#111827",
        "accent": color if _contrast(luminance, 1.0) >= 3 else NEUTRAL_COLOR,
        "logo_url": safe_url(branding.get("logo_url")),
    }


_DARK_TEXT_LUMINANCE = 0.0116  # #111827


def _luminance(hex_color: str) -> float:
    """WCAG relative luminance of ``#RRGGBB``."""

    def channel(value: str) -> float:
        c = int(value, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(hex_color[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: float, b: float) -> float:
    """WCAG contrast ratio of two luminances."""
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)
