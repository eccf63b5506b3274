"""What ``GET /customers?q=`` matches: names, e-mail and mobile, the way opticians type them.

A customer is found by the *beginning* of any of their search keys (prefix match, so one
``begins_with`` Query of a search index answers it, never a scan of all customers):
- each word of each name, lower case without accents ("Müller" → "muller") and in the German
  transliteration ("mueller"); double names also by each part ("meier-muller", "meier", "muller");
- the e-mail address, its local part, the local part's pieces ("anna", "mueller") and the domain;
- the mobile as E.164 digits ("41791234567"), in national form ("0791234567") and without
  the trunk zero ("791234567").
A query that looks like a phone number ("079 123 45 67", "+41 79 123 45 67") is reduced to its
digits; any other query is folded like the names and split into words, each of which must begin
one of the customer's keys ("eva mul" finds Eva Müller).
"""
from __future__ import annotations

import re
import unicodedata

_PHONE_LIKE = re.compile(r"\+?[\d\s\-/().]*\d[\d\s\-/().]*")
_TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_NAME_PARTS = re.compile(r"[-'’.]+")
_EMAIL_PARTS = re.compile(r"[._+\-]+")
MAX_KEYS = 40  # bounds the index items of one customer (one transaction writes them all)


def fold(text: str) -> str:
    """Lower case without accents: "Françoise Müller" → "francoise muller"."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _name_keys(name: str) -> list[str]:
    keys: list[str] = []
    for form in (fold(name), fold(name.lower().translate(_TRANSLITERATION))):
        for word in form.split():
            keys.append(word)
            keys += [part for part in _NAME_PARTS.split(word) if part]
    return keys


def _email_keys(email: str) -> list[str]:
    address = fold(email.strip())
    local, _, domain = address.partition("@")
    return [address, local, *(part for part in _EMAIL_PARTS.split(local) if part), domain]


def _national_digits(e164: str) -> str | None:
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return "".join(ch for ch in national if ch.isdigit()) or None


def _mobile_keys(mobile: str) -> list[str]:
    keys = ["".join(ch for ch in mobile if ch.isdigit())]
    national = _national_digits(mobile)
    if national:
        keys += [national, national.lstrip("0")]
    return keys


def search_keys(first_name: str | None, last_name: str | None, email: str | None, mobile: str | None) -> list[str]:
    """The keys a customer is found by, sorted, without duplicates (recomputed on every change)."""
    keys: list[str] = []
    for name in (last_name, first_name):
        if name:
            keys += _name_keys(name)
    if email:
        keys += _email_keys(email)
    if mobile:
        keys += _mobile_keys(mobile)
    return sorted({key for key in keys if key and not any(ch.isspace() for ch in key)})[:MAX_KEYS]


def query_words(query: str) -> list[str]:
    """The words of the optician's query that must each begin one of a customer's keys."""
    query = query.strip()
    if _PHONE_LIKE.fullmatch(query):
        digits = "".join(ch for ch in query if ch.isdigit())
        return [digits] if digits else []
    return list(dict.fromkeys(fold(query).split()))


def lead_word(words: list[str]) -> str:
    """The word whose index range is read: the longest (likely the fewest customers share it)."""
    return max(words, key=len)


def is_hit(key: str, keys: list[str], words: list[str]) -> bool:
    """Whether the index entry ``key`` of a customer with ``keys`` answers the query ``words``.

    A customer has several entries starting with the lead word ("mueller", "muller" for "mu"):
    only the first of them in index order counts, so each customer is listed once, on one page.
    """
    lead = lead_word(words)
    first = next((candidate for candidate in keys if candidate.startswith(lead)), None)
    if key != first:
        return False
    return all(any(candidate.startswith(word) for candidate in keys) for word in words)
