"""``POST /webshop/{optician_id}/sessions``: the webshop exchanges a personal link's token.

The customer opened ``{webshop_url}/l/{token}``; the webshop (server to server, signed
like the webhook) posts ``{"token"}`` and gets who the customer is, their lens passports
and a ready reorder basket, and logs the customer in. An unknown, expired or revoked
token, or one of an erased customer, is 401 — the same answer for each, revealing nothing.

The exchange does not consume the token: it stays valid until it expires (30 days) or is
revoked, so the customer is logged in from the same reminder again (see services/links/links.py).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from chalicelib.domain.errors import NotFound, Unauthorized
from chalicelib.services.limits import rate_limits
from chalicelib.services.links import links
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.lenses.passports import list_passports
from chalicelib.services.reminders.reorder_basket import basket_for

if TYPE_CHECKING:
    from chalicelib.schemas.webshop import WebshopSessionInput

TOKEN_PREFIX = 6  # characters of a token that its rate limit groups by

CUSTOMER_FIELDS = ("id", "salutation", "first_name", "last_name", "language", "email", "mobile")


def open_session(optician_id: str, given: WebshopSessionInput, now: datetime | None = None) -> dict[str, Any]:
    """``{"customer", "purpose", "link_expires_at", "lens_passports", "reorder_basket"}``."""
    now = now or datetime.now(timezone.utc)
    token = given.token
    # Guessing one token means many tries with its first characters: counted per optician and prefix.
    rate_limits.hit("session_token_prefix", f"{optician_id}#{rate_limits.digest(token[:TOKEN_PREFIX])}",
                    now.timestamp())
    found = links.resolve(optician_id, token, now)
    try:
        customer = get_customer(optician_id, found["customer_id"])
    except NotFound:
        raise Unauthorized("This link is unknown, expired or revoked.") from None
    return {
        "customer": {name: getattr(customer, name) for name in CUSTOMER_FIELDS},
        "purpose": found["purpose"],
        "link_expires_at": found["expires_at"].isoformat(timespec="seconds"),
        "lens_passports": list_passports(optician_id, customer.id)["items"],
        "reorder_basket": _reorder_basket(optician_id, customer.id),
    }


def _reorder_basket(optician_id: str, customer_id: str) -> list[dict[str, Any]]:
    """The orders area's basket: the newest passport's lenses, as last ordered where they still fit."""
    return basket_for(optician_id, customer_id)
