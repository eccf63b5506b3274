"""Personal webshop links (SPEC §4): ``{webshop_url}/l/{token}`` logs the customer in.

- The token is ``secrets.token_urlsafe(16)``: 128 random bits, 22 URL-safe characters
  (short enough for an SMS), stored only as its SHA-256.
- It is bound to the customer and a purpose (reorder, login, lens_passport,
  subscription), expires after ``LINK_TTL_DAYS`` (30), and can be revoked (all of a
  customer's links at once: ``DELETE /customers/{id}/links``).
- It is exchanged only by the webshop's signed ``POST /webshop/{optician_id}/sessions``;
  no GET of ours ever consumes or reveals it, so link scanners and previews cannot use
  it up. It is multi-use until it expires: a customer may open the same reminder on
  the phone and later on the computer and is logged in each time (the seed: "Ihr Kunde
  ist direkt im Webshop angemeldet"). Each message gets a new token.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

from chalicelib.domain.errors import Unauthorized
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services.wiring import stores
from chalicelib.config import get_config
from chalicelib.services.customers.customers import get_customer

TOKEN_BYTES = 16
TOKEN_LENGTH = len(secrets.token_urlsafe(TOKEN_BYTES))  # 22
# Shown in previews instead of a real token: same length, so parts and cost are exact.
PLACEHOLDER_TOKEN = "X" * TOKEN_LENGTH
_REFUSED = "This link is unknown, expired or revoked."


def link_url(webshop_url: str, token: str) -> str:
    return f"{webshop_url.rstrip('/')}/l/{token}"


def mint_link(optician: OpticianSettings, customer_id: str, purpose: str,
              now: datetime | None = None) -> tuple[str, str, list[Any]]:
    """A new login token for the customer, not stored yet: (url, token, the writes that store it).

    The send path makes those writes in the transaction that claims the message, so a
    link exists exactly when its message does. The optician needs a ``webshop_url``.
    """
    now = now or datetime.now(timezone.utc)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires_at = now + timedelta(days=get_config().link_ttl_days)
    writes = stores().links.token_writes(optician.id, customer_id, "LINK", token, purpose,
                                   created_at=now, expires_at=expires_at)
    if not optician.webshop_url:
        raise ValueError("a personal link needs the optician's webshop_url")
    return link_url(optician.webshop_url, token), token, writes


def issue_link(optician: OpticianSettings, customer_id: str, purpose: str, now: datetime | None = None) -> tuple[str, str]:
    """Mint and store a login token for the customer; (url, token). The optician needs a ``webshop_url``."""
    url, token, writes = mint_link(optician, customer_id, purpose, now)
    stores().transactions.execute(writes)
    return url, token


def placeholder_link(optician: OpticianSettings) -> str | None:
    """The link as a preview shows it (no token is created); None without a webshop."""
    if not optician.webshop_url:
        return None
    return link_url(optician.webshop_url, PLACEHOLDER_TOKEN)


def resolve(optician_id: str, token: object, now: datetime | None = None) -> dict[str, Any]:
    """The customer id and purpose a valid token stands for; 401 for unknown, expired, revoked.

    Expiry is checked here by time: DynamoDB's TTL deletes expired items only eventually.
    """
    now = now or datetime.now(timezone.utc)
    if not isinstance(token, str) or not 16 <= len(token) <= 128:
        raise Unauthorized(_REFUSED)
    found = stores().links.find(optician_id, "LINK", token)
    if found is None or found["expires_at"] <= now:
        raise Unauthorized(_REFUSED)
    return found


def revoke(optician_id: str, customer_id: str, token: str) -> None:
    """Revoke one token (a link minted for a message that was not sent after all)."""
    stores().links.revoke(optician_id, customer_id, "LINK", token)


def revoke_links(optician_id: str, customer_id: str) -> dict[str, int]:
    """Revoke every personal link of the customer (e.g. a phone was lost); ``{"revoked": n}``."""
    get_customer(optician_id, customer_id)
    return {"revoked": stores().links.revoke_all(optician_id, customer_id, "LINK")}
