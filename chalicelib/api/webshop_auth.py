"""Authentication of webshop (server-to-server) calls by their signature."""
from __future__ import annotations

import time

from chalicelib.api.http import count_auth_failure
from chalicelib.config import get_config
from chalicelib.domain.errors import Unauthorized
from chalicelib.domain.signature import HEADER, verify


def verify_webshop_request(request, optician_id: str, rate_limit: str) -> None:
    """401 unless the body is signed with this optician's current webhook secret, then count the call
    under the optician's ``rate_limit`` (429 beyond it: a leaked secret cannot flood us).

    An unknown optician and a bad signature answer alike, so the route reveals nothing; failed
    signatures count as authentication failures of the source address (429 once too many).
    """
    from chalicelib.services.limits import rate_limits
    from chalicelib.services.opticians import opticians

    secret = opticians.webhook_secret(optician_id)
    header = (request.headers or {}).get(HEADER.lower())
    try:
        verify(secret, header, request.raw_body or b"", int(time.time()), get_config().webhook_tolerance_seconds)
    except Unauthorized:
        count_auth_failure(request)
        raise
    rate_limits.hit(rate_limit, optician_id)
