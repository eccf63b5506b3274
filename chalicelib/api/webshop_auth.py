"""Authentication of webshop (server-to-server) calls by their signature."""
from __future__ import annotations

import time

from chalicelib.config import get_config
from chalicelib.domain.signature import HEADER, verify


def verify_webshop_request(request, optician_id: str) -> None:
    """401 unless the body is signed with this optician's current webhook secret.

    An unknown optician and a bad signature answer alike, so the route reveals nothing.
    """
    from chalicelib.adapters.dynamo import opticians

    secret = opticians.get_webhook_secret(optician_id)
    header = (request.headers or {}).get(HEADER.lower())
    verify(secret, header, request.raw_body or b"", int(time.time()), get_config().webhook_tolerance_seconds)
