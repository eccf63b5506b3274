"""Where an SMS may go and what it costs there (SPEC §9, OWASP API4/API6: SMS pumping).

- A customer's ``mobile`` must be a mobile number: premium-rate, shared-cost and the other
  chargeable non-mobile types of the phonenumbers metadata (UAN, personal, VoIP, pager)
  are refused when the customer is saved, as are landlines and toll-free numbers (no SMS).
- An SMS goes only to a number of the optician's ``sms_countries`` (default CH, LI) that
  has a price in the operator's price table; any other is never handed to the provider.
- The price is per part and per destination country (CH and LI: CHF 0.12); the operator
  extends the table with ``SMS_PRICES_CHF`` (chalicelib/config.py, docs/operations.md).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Mapping

from chalicelib.domain.errors import ValidationError

DEFAULT_SMS_COUNTRIES: tuple[str, ...] = ("CH", "LI")
DEFAULT_PRICES_CHF: Mapping[str, Decimal] = {"CH": Decimal("0.12"), "LI": Decimal("0.12")}
COUNTRY_NOT_ALLOWED = "country_not_allowed"
MAX_COUNTRIES = 50
_CENT = Decimal("0.01")


def _types() -> tuple[tuple[int, int], dict[int, str]]:
    from phonenumbers import PhoneNumberType as T

    # Chargeable numbers that are not mobiles: an SMS to them earns their holder money.
    chargeable = {T.PREMIUM_RATE: "a premium-rate number", T.SHARED_COST: "a shared-cost number",
                  T.UAN: "a company number (UAN)", T.PERSONAL_NUMBER: "a personal (forwarding) number",
                  T.VOIP: "a VoIP number", T.PAGER: "a pager number"}
    return (T.MOBILE, T.FIXED_LINE_OR_MOBILE), chargeable


def check_mobile_type(number: Any, field: str = "mobile") -> None:
    """Refuse a parsed phone number (phonenumbers object) that cannot or must not get SMS: 422 naming ``field``."""
    import phonenumbers

    mobile_types, chargeable = _types()
    kind = phonenumbers.number_type(number)
    if kind in mobile_types:
        return
    if kind in chargeable:
        raise ValidationError(f"'{field}' is {chargeable[kind]}: no SMS are sent to chargeable numbers. "
                              "Enter the customer's mobile number.", field=field, code="chargeable_number")
    raise ValidationError(f"'{field}' must be a mobile number (SMS).", field=field)


def country_of(e164: str | None) -> str | None:
    """ISO 3166 code of the country a stored (E.164) number belongs to; None if unknown."""
    if not e164:
        return None
    import phonenumbers

    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return None


def destination_allowed(e164: str | None, countries: tuple[str, ...], prices: Mapping[str, Decimal]) -> bool:
    """Whether an SMS to ``e164`` may be handed to the provider: its country is allowed and priced."""
    country = country_of(e164)
    return country is not None and country in countries and country in prices


def price_per_part(e164: str | None, prices: Mapping[str, Decimal]) -> Decimal:
    """CHF per SMS part to the country of ``e164``; the Swiss price if it is not in the table
    (a preview of a number the send would refuse)."""
    return prices.get(country_of(e164) or "", prices.get("CH", DEFAULT_PRICES_CHF["CH"]))


def sms_cost(parts: int, e164: str | None, prices: Mapping[str, Decimal]) -> Decimal:
    """Price in CHF of ``parts`` parts to ``e164``, to the cent."""
    if parts < 0:
        raise ValueError("parts must not be negative")
    return (price_per_part(e164, prices) * parts).quantize(_CENT)


def check_sms_countries(value: object, prices: Mapping[str, Decimal], field: str = "sms_countries") -> list[str]:
    """A settings value: a list of ISO 3166 alpha-2 codes (any case) of countries the price table
    knows; default CH, LI. 422 naming ``field`` (or the bad entry) otherwise."""
    import phonenumbers

    if value is None:
        return list(DEFAULT_SMS_COUNTRIES)
    if not isinstance(value, list) or not 1 <= len(value) <= MAX_COUNTRIES:
        raise ValidationError(f"'{field}' must be a list of 1–{MAX_COUNTRIES} country codes like \"CH\".",
                              field=field)
    countries: list[str] = []
    for index, code in enumerate(value):
        path = f"{field}[{index}]"
        if not isinstance(code, str) or code.upper() not in phonenumbers.SUPPORTED_REGIONS:
            raise ValidationError(f"'{path}' must be an ISO 3166 country code like \"CH\".", field=path)
        code = code.upper()
        if code not in prices:
            known = ", ".join(sorted(prices))
            raise ValidationError(f"'{path}': SMS to {code} are not offered (countries with a price: {known}).",
                                  field=path)
        if code not in countries:
            countries.append(code)
    return countries


def parse_price_table(raw: str | None) -> dict[str, Decimal]:
    """``"DE=0.09,AT=0.10"`` (the operator's additions and overrides) over the defaults."""
    table = dict(DEFAULT_PRICES_CHF)
    for entry in (raw or "").split(","):
        if not entry.strip():
            continue
        code, _, amount = entry.partition("=")
        try:
            price = Decimal(amount.strip())
        except InvalidOperation:
            raise ValueError(f"SMS_PRICES_CHF: {entry.strip()!r} is not COUNTRY=PRICE") from None
        if len(code.strip()) != 2 or not price.is_finite() or price < 0:
            raise ValueError(f"SMS_PRICES_CHF: {entry.strip()!r} is not COUNTRY=PRICE")
        table[code.strip().upper()] = price
    return table
