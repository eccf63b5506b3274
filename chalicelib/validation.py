"""Parsing of request fields into clean values, each failure naming its field (422).

Phone numbers and e-mail addresses are checked with well-kept libraries, imported
lazily because they are costly at cold start.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, Iterable, Literal, overload

from chalicelib.domain.errors import BadRequest, ValidationError
from chalicelib.domain.sms_destinations import check_mobile_type

CHANNELS = ("sms", "email")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DIGITS = re.compile(r"[0-9]{1,6}")


def require_object(body: Any, field: str | None = None) -> dict:
    if not isinstance(body, dict):
        if field:
            raise ValidationError("Must be an object.", field=field)
        raise BadRequest("The request body must be a JSON object.")
    return body


def reject_unknown(body: dict, allowed: Iterable[str], prefix: str = "") -> None:
    """Unknown fields are an error rather than silently ignored: typos surface at once."""
    for key in body:
        if key not in allowed:
            raise ValidationError(f"Unknown field '{key}'.", field=f"{prefix}{key}")


@overload
def string(body: dict[str, Any], field: str, *, required: Literal[True], max_length: int = 200,
           allow_empty: bool = False, multiline: bool = False, path: str | None = None) -> str: ...
@overload
def string(body: dict[str, Any], field: str, *, required: bool = False, max_length: int = 200,
           allow_empty: bool = False, multiline: bool = False, path: str | None = None) -> str | None: ...
def string(body: dict, field: str, *, required: bool = False, max_length: int = 200,
           allow_empty: bool = False, multiline: bool = False, path: str | None = None) -> str | None:
    """``text`` of the member ``field`` of ``body`` (absent and null alike)."""
    return text(body.get(field), path or field, required=required, max_length=max_length,
                allow_empty=allow_empty, multiline=multiline)


# required=True never answers None (it raises 422 instead): the overloads let callers rely on that.
@overload
def text(value: object, path: str, *, required: Literal[True], max_length: int = 200,
         allow_empty: bool = False, multiline: bool = False) -> str: ...
@overload
def text(value: object, path: str, *, required: bool = False, max_length: int = 200,
         allow_empty: bool = False, multiline: bool = False) -> str | None: ...
def text(value: object, path: str, *, required: bool = False, max_length: int = 200,
         allow_empty: bool = False, multiline: bool = False) -> str | None:
    """A trimmed string; control characters refused, line breaks only where ``multiline``
    (a name with a line break would break the optician's e-mail headers and SMS layout).
    None for None (and for an empty string unless ``allow_empty``); 422 naming ``path``."""
    if value is None:
        if required:
            raise ValidationError(f"'{path}' is required.", field=path)
        return None
    if not isinstance(value, str):
        raise ValidationError(f"'{path}' must be a string.", field=path)
    if _CONTROL.search(value):
        # A NUL or escape character is never meant; it would end up in SMS texts and e-mails.
        raise ValidationError(f"'{path}' contains a control character.", field=path)
    value = value.strip()
    if not multiline and ("\n" in value or "\r" in value):
        raise ValidationError(f"'{path}' must be a single line.", field=path)
    if not value and not allow_empty:
        if required:
            raise ValidationError(f"'{path}' must not be empty.", field=path)
        return None
    if len(value) > max_length:
        raise ValidationError(f"'{path}' is longer than {max_length} characters.", field=path)
    return value


def choice(body: dict, field: str, options: Iterable[str], *, required: bool = False,
           default: str | None = None, path: str | None = None) -> str | None:
    path = path or field
    value = string(body, field, required=required, path=path)
    if value is None:
        return default
    options = tuple(options)
    if value not in options:
        raise ValidationError(f"'{path}' must be one of: {', '.join(options)}.", field=path)
    return value


def decimal_number(value: object, path: str, *, minimum: Decimal | None = None, maximum: Decimal | None = None,
                   step: Decimal | None = None) -> Decimal | None:
    """A number given as JSON number or numeric string, kept exact; None for None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise ValidationError(f"'{path}' must be a number.", field=path)
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValidationError(f"'{path}' must be a number.", field=path) from None
    if not number.is_finite():
        raise ValidationError(f"'{path}' must be a number.", field=path)
    if minimum is not None and number < minimum:
        raise ValidationError(f"'{path}' must be at least {minimum}.", field=path)
    if maximum is not None and number > maximum:
        raise ValidationError(f"'{path}' must be at most {maximum}.", field=path)
    if step is not None and number % step != 0:
        raise ValidationError(f"'{path}' must be in steps of {step}.", field=path)
    return number


def parse_iso_date(value: str, field: str) -> date:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value or ""):
        raise ValidationError(f"'{field}' must be a date YYYY-MM-DD.", field=field)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"'{field}' is not a valid calendar date.", field=field) from None


def _phone_number(value: object, region: str, path: str):
    """The parsed, valid phone number (phonenumbers object), or None if ``value`` is None/empty."""
    value = text(value, path, max_length=40)
    if value is None:
        return None
    import phonenumbers

    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(f"'{path}' is not a phone number.", field=path) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(f"'{path}' is not a valid phone number.", field=path)
    return number


def mobile_number(value: object, path: str = "mobile", *, region: str = "CH") -> str | None:
    """A mobile number parsed with region CH by default, returned in E.164; premium-rate, shared-cost
    and other chargeable or non-mobile numbers are refused (domain/sms_destinations.py). None for
    None/empty; 422 naming ``path``."""
    import phonenumbers

    number = _phone_number(value, region, path)
    if number is None:
        return None
    check_mobile_type(number, path)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_number(value: object, path: str, *, region: str = "CH") -> str | None:
    """Any valid phone number (landline allowed), in international format for display."""
    import phonenumbers

    number = _phone_number(value, region, path)
    if number is None:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def email_address(value: object, path: str) -> str | None:
    """An e-mail address checked for syntax (no DNS lookup: no network in Lambda's hot path)."""
    value = text(value, path, max_length=254)
    if value is None:
        return None
    from email_validator import EmailNotValidError, validate_email

    try:
        # ASCII addresses only: a UTF-8 local part needs SMTPUTF8, which SES and many mailboxes lack.
        return validate_email(value, check_deliverability=False, allow_smtputf8=False).normalized
    except EmailNotValidError as exc:
        raise ValidationError(f"'{path}' is not a valid e-mail address: {exc}", field=path) from None


def web_url(value: object, path: str) -> str | None:
    """An http(s) URL without a trailing slash, None for None/empty; 422 naming ``path``."""
    value = text(value, path, max_length=500)
    if value is None:
        return None
    # No quotes, angle brackets or other characters a URL never carries unencoded: they end up in
    # e-mail HTML, and a link the template would have to drop is better refused here.
    if not re.fullmatch(r"https?://[^\s/$.?#\"'<>\\^`{|}][^\s\"'<>\\^`{|}]*", value):
        raise ValidationError(f"'{path}' must be an http(s) URL.", field=path)
    return value.rstrip("/")


def page_limit(params: dict, *, default: int, maximum: int) -> int:
    """The ``?limit=`` of a list: 1..``maximum`` (ASCII digits only), ``default`` when absent."""
    raw = params.get("limit")
    if raw in (None, ""):
        return default
    if not _DIGITS.fullmatch(str(raw)) or not 1 <= int(raw) <= maximum:
        raise ValidationError(f"'limit' must be a number from 1 to {maximum}.", field="limit")
    return int(raw)
