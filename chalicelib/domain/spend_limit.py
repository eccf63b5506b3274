"""The optician's monthly SMS spend limit (SPEC §9): ``sms_monthly_limit_chf``, default CHF 300.00.

The limit bounds what SMS pumping (or a runaway bug) can cost an optician in a month. The
send path adds each SMS's price to the month's usage in the transaction that claims it, on
the condition that the total stays within the limit (adapters/dynamo/messages.py): beyond
it a manual send is refused (429), an automatic one is recorded ``failed`` /
``limit_reached`` and a scheduled reminder waits for the next month. The web app warns
from ``WARN_AT_PERCENT`` of the limit on.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from chalicelib.domain.errors import ValidationError

DEFAULT_MONTHLY_LIMIT_CHF = "300.00"
MAX_MONTHLY_LIMIT_CHF = Decimal("100000.00")
WARN_AT_PERCENT = 80
LIMIT_REACHED = "limit_reached"
_CENT = Decimal("0.01")


def check_monthly_limit(value: object, field: str = "sms_monthly_limit_chf") -> str:
    """A settings value: CHF as a decimal string like ``"300.00"`` (a number is accepted too),
    0 to 100,000, at most two decimals; default ``"300.00"``. Stored as a string with two decimals."""
    if value is None:
        return DEFAULT_MONTHLY_LIMIT_CHF
    message = f"'{field}' must be an amount in CHF like \"300.00\" (0 to {MAX_MONTHLY_LIMIT_CHF})."
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValidationError(message, field=field)
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError(message, field=field) from None
    if not amount.is_finite() or not 0 <= amount <= MAX_MONTHLY_LIMIT_CHF or amount != amount.quantize(_CENT):
        raise ValidationError(message, field=field)
    return str(amount.quantize(_CENT))


def monthly_limit(limit_chf: str) -> Decimal:
    """The optician's limit in CHF, from the setting (``"300.00"``)."""
    return Decimal(limit_chf)


def used_percent(used: Decimal, limit: Decimal) -> int:
    """How much of the limit is used, in whole percent (rounded down; 100 with a limit of 0)."""
    if limit <= 0:
        return 100
    return int(used * 100 // limit)


def limit_message(limit: Decimal) -> str:
    """What a refused manual send says: the limit by name and amount, and what to do."""
    return (f"The monthly SMS limit of CHF {limit.quantize(_CENT)} (sms_monthly_limit_chf) is reached: "
            "no more SMS are sent this month. Raise the limit in the settings, or send by e-mail.")
