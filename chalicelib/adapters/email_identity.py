"""SES (v2) e-mail identities: the optician's sending domain with Easy DKIM (SPEC §8).

``CreateEmailIdentity`` for a domain without DKIM signing attributes sets up Easy DKIM: SES
answers three DKIM tokens and verifies the domain once their CNAMEs resolve.
``GetEmailIdentity`` tells the status. The client retries throttling (standard mode): these
calls change nothing that a repeat could double.
"""
from __future__ import annotations

import functools

from chalicelib.config import get_config


class IdentityUnavailable(Exception):
    """SES could not be asked right now (throttled, down, no connection): try again later."""


@functools.cache
def get_sesv2_client():
    """The SES v2 client of this process (created on first use)."""
    import boto3
    from botocore.config import Config

    config = Config(retries={"mode": "standard", "max_attempts": 3}, connect_timeout=3, read_timeout=10)
    return boto3.client("sesv2", region_name=get_config().region, config=config)


def create_domain_identity(domain: str) -> dict:
    """Create the identity of ``domain`` with Easy DKIM (an existing one is kept); its current state."""
    from botocore.exceptions import BotoCoreError, ClientError

    client = get_sesv2_client()
    try:
        client.create_email_identity(EmailIdentity=domain)
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") != "AlreadyExistsException":
            raise IdentityUnavailable(exc.response.get("Error", {}).get("Code") or "ClientError") from None
    except BotoCoreError as exc:
        raise IdentityUnavailable(type(exc).__name__) from None
    return get_identity(domain) or {}


def get_identity(identity: str) -> dict | None:
    """``GetEmailIdentity`` of a domain or address; None if SES has no such identity."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        return get_sesv2_client().get_email_identity(EmailIdentity=identity)
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code")
        if code == "NotFoundException":
            return None
        raise IdentityUnavailable(code or "ClientError") from None
    except BotoCoreError as exc:
        raise IdentityUnavailable(type(exc).__name__) from None


def dkim_tokens(identity: dict) -> list[str]:
    return list((identity.get("DkimAttributes") or {}).get("Tokens") or [])
