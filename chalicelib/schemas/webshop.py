"""Models and operations: what the customer's side calls — the webshop's session exchange (signed)
and the one-click unsubscribe pages (public, HTML)."""
from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from chalicelib.schemas.base import Instant, Model, Operation
from chalicelib.schemas.orders import BasketLine
from chalicelib.schemas.passports import LensPassport


class WebshopSessionInput(Model):
    token: Annotated[str, Meta(description="The token of the personal link `{webshop_url}/l/{token}`")]


class WebshopCustomer(Model):
    """Who the link logs in: what the webshop needs to greet and deliver."""

    id: str
    salutation: str | None
    first_name: str | None
    last_name: str | None
    language: str | None
    email: str | None
    mobile: str | None


class WebshopSession(Model):
    customer: WebshopCustomer
    purpose: Literal["reorder", "login", "lens_passport", "subscription"]
    link_expires_at: Instant
    lens_passports: list[LensPassport]
    reorder_basket: list[BasketLine]


_PAGE = {"text/html": {"schema": {"type": "string"}}}
_NOT_FOUND = {"description": "Unknown or expired link", "content": _PAGE}

OPERATIONS = [
    Operation("POST", "/webshop/{optician_id}/sessions",
              "Exchange a personal link's token for the customer (webshop, signed)", ("webshop",),
              body=WebshopSessionInput, response=WebshopSession, errors=(401, 429),
              security=[{"webshopSignature": []}],
              description="The customer opened `{webshop_url}/l/{token}`; the webshop posts the token. Not single "
                          "use: valid until it expires (30 days) or is revoked. 401 for an unknown, expired or "
                          "revoked token or a bad signature."),
    Operation("GET", "/unsubscribe/{optician_id}/{token}", "Unsubscribe page (changes nothing)", ("unsubscribe",),
              response={"type": "string"}, content_type="text/html", response_text="The page", security=[],
              description="Shows what the link does and a button that POSTs; link scanners change nothing.",
              errors=(), written={404: _NOT_FOUND}),
    Operation("POST", "/unsubscribe/{optician_id}/{token}", "One-click unsubscribe (RFC 8058) from the e-mail's topic",
              ("unsubscribe",), response={"type": "string"}, content_type="text/html",
              response_text="Unsubscribed (also when already)", security=[], errors=(415,),
              written={404: _NOT_FOUND},
              request={"required": False, "content": {"application/x-www-form-urlencoded": {"schema": {
                  "type": "object", "properties": {"List-Unsubscribe": {"type": "string", "enum": ["One-Click"]}}}}}}),
]
