"""What ``GET /customers?q=`` matches: names, e-mail and mobile, the way opticians type them.

A customer's haystack holds each name as written, without accents ("Müller" → "muller") and
in the German transliteration ("mueller"), the e-mail, and the mobile as E.164 digits and in
national form ("0791234567"). A query that looks like a phone number ("079 123 45 67",
"+41 79 123 45 67") is reduced to its digits; any other query is folded like the names.
"""
from __future__ import annotations

import re
import unicodedata

_PHONE_LIKE = re.compile(r"\+?[\d\s\-/().]*\d[\d\s\-/().]*")
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case without accents: "Françoise Müller" → "francoise muller"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _name_forms(text: str) -> list[str]:
    lower = text.lower()
    return list(dict.fromkeys((lower, fold(text), fold(lower.translate(_TRANSLITERATION)))))


def _national_digits(e164: str) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return "".join(ch for ch in national if ch.isdigit()) or None


def haystack(first_name: str | None, last_name: str | None, email: str | None, mobile: str | None) -> str:
    """The text a customer is found by (stored with the customer, recomputed on every change)."""
    parts: list[str] = []
    for name in (first_name, last_name):
        if name:
            parts += _name_forms(name)
    if email:
        parts.append(email.lower())
    if mobile:
        parts += [mobile, "".join(ch for ch in mobile if ch.isdigit())]
        national = _national_digits(mobile)
        if national:
            parts.append(national)
    return " ".join(dict.fromkeys(parts))


def needle(query: str) -> str:
    """What to look for in the haystacks for the optician's query."""
    query = query.strip()
    if _PHONE_LIKE.fullmatch(query):
        return "".join(ch for ch in query if ch.isdigit())
    return fold(query)
