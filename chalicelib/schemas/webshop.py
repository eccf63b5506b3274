"""Models and operations: what the customer's side calls — the webshop's session exchange (signed)
and the one-click unsubscribe pages (public, HTML)."""
from __future__ import annotations

from chalicelib.schemas.base import Operation

_PAGE = {"text/html": {"schema": {"type": "string"}}}
_NOT_FOUND = {"description": "Unknown or expired link", "content": _PAGE}

_TAGS = ("unsubscribe",)
OPERATIONS = [
    Operation("GET", "/unsubscribe/{optician_id}/{token}", "Unsubscribe page (changes nothing)", _TAGS,
              response={"type": "string"}, content_type="text/html", response_text="The page", security=[],
              description="Shows what the link does and a button that POSTs; link scanners change nothing.",
              errors=(), written={404: _NOT_FOUND}),
    Operation("POST", "/unsubscribe/{optician_id}/{token}", "One-click unsubscribe (RFC 8058) from the e-mail's topic",
              _TAGS, response={"type": "string"}, content_type="text/html",
              response_text="Unsubscribed (also when already)", security=[], errors=(415,),
              written={404: _NOT_FOUND},
              request={"required": False, "content": {"application/x-www-form-urlencoded": {"schema": {
                  "type": "object", "properties": {"List-Unsubscribe": {"type": "string", "enum": ["One-Click"]}}}}}}),
]
