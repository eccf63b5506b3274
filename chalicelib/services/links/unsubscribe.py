"""One-click unsubscribe (RFC 8058) from one topic, for the links in every e-mail.

Each e-mail carries ``List-Unsubscribe: <{public_api_url}/unsubscribe/{optician_id}/{token}>``
and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``; the footer links to the same URL.

- ``POST`` to the URL switches the topic off (what mail clients send on "unsubscribe");
- ``GET`` only shows a page with a button that POSTs: a link scanner or a preview that
  follows the URL changes nothing.

The token is random (128 bits), stored only as a hash with the customer and the topic,
and kept for ``UNSUBSCRIBE_TTL_DAYS``; it can do nothing but switch that one topic off.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import NotFound
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services.wiring import stores
from chalicelib.config import get_config
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.opticians.opticians import get_settings
from chalicelib.services.customers.customers import set_preferences
from chalicelib.rendering.render import render_page

UNSUBSCRIBE_TTL_DAYS = 400  # an e-mail may be read (and unsubscribed from) long after it came
_UNKNOWN = "This unsubscribe link is unknown or has expired."


def mint_url(optician_id: str, customer_id: str, topic: str, now: datetime | None = None) -> tuple[str, str, list[Any]]:
    """A new unsubscribe token for the customer and topic, not stored yet: (url, token, the writes that store it)."""
    now = now or datetime.now(timezone.utc)
    token = secrets.token_urlsafe(16)
    writes = stores().links.token_writes(optician_id, customer_id, "UNSUB", token, topic, created_at=now,
                                   expires_at=now + timedelta(days=UNSUBSCRIBE_TTL_DAYS))
    return f"{get_config().public_api_url}/unsubscribe/{optician_id}/{token}", token, writes


def issue_url(optician_id: str, customer_id: str, topic: str, now: datetime | None = None) -> tuple[str, str]:
    """Mint and store an unsubscribe token for the customer and topic; (url, token)."""
    url, token, writes = mint_url(optician_id, customer_id, topic, now)
    stores().transactions.execute(writes)
    return url, token


def revoke(optician_id: str, customer_id: str, token: str) -> None:
    stores().links.revoke(optician_id, customer_id, "UNSUB", token)


def _resolve(optician_id: str, token: str) -> tuple[dict[str, Any], OpticianSettings, Customer]:
    """(token, optician, customer); 404 for an unknown or expired token or an erased customer."""
    found = None
    if isinstance(token, str) and 16 <= len(token) <= 128:
        found = stores().links.find(optician_id, "UNSUB", token)
    if found is None or found["expires_at"] <= datetime.now(timezone.utc):
        raise NotFound(_UNKNOWN)
    try:
        return found, get_settings(optician_id), get_customer(optician_id, found["customer_id"])
    except NotFound:
        raise NotFound(_UNKNOWN) from None


def confirmation_page(optician_id: str, token: str) -> str:
    """GET: the page with the button; changes nothing."""
    found, optician, customer = _resolve(optician_id, token)
    return _page("confirm", customer.language, optician, found["purpose"])


def unsubscribe(optician_id: str, token: str) -> str:
    """POST (one-click): switch the token's topic off for its customer; the confirmation page.

    Idempotent: a second POST finds the topic off already and answers the same.
    """
    found, optician, customer = _resolve(optician_id, token)
    topic = found["purpose"]
    if customer.topics.get(topic, True):
        set_preferences(optician_id, customer.id, {topic: False})
    return _page("done", customer.language, optician, topic)


def not_found_page() -> str:
    return _page("unknown", None, None, None)


def _page(step: str, language: str | None, optician: OpticianSettings | None, topic: str | None) -> str:
    """The page (templates/pages/unsubscribe.html.j2) in the customer's language."""
    return render_page("unsubscribe", step=step, language=language or "de",
                       topic=topic, optician=optician.name if optician else "")
