"""What can go wrong when handing a message to SNS or SES, sorted by what the caller must do.

- ``TransientSendError``: the provider did not take the message (throttled, 5xx, no
  connection). Nothing was sent; the same message may be tried again later.
- ``PermanentSendError``: the provider refused this message for good (invalid number or
  address, opted out, rejected content). Retrying cannot help; the message is ``failed``.
  ``reason`` is a short stable code for the history, ``detail`` the provider's error code
  (never the provider's message text: it may quote the phone number or address).

An unknown outcome (the request may have reached the provider, e.g. a read timeout) is
permanent too: sending again could deliver the message twice, which SPEC §6 forbids.

The two error types live in ``chalicelib/domain/errors.py`` (services catch them without importing
an adapter); this module sorts botocore's errors into them.
"""
from __future__ import annotations

from chalicelib.domain.errors import PermanentSendError, TransientSendError

__all__ = ["TRANSIENT_CODES", "TransientSendError", "PermanentSendError", "classify"]

# Provider error codes meaning "not now" (nothing was accepted).
TRANSIENT_CODES = frozenset({
    "Throttling", "ThrottlingException", "Throttled", "ThrottledException", "TooManyRequestsException",
    "RequestLimitExceeded", "KMSThrottling", "KMSThrottlingException",
    "InternalError", "InternalFailure", "InternalServerError", "ServiceUnavailable",
    "ServiceUnavailableException",
    # SES sending paused by the operator or by AWS review: retry once it is resumed.
    "AccountSendingPausedException", "ConfigurationSetSendingPausedException",
})


def classify(exc: Exception, permanent_codes: dict[str, str], default_reason: str) -> Exception:
    """The error to raise for a botocore exception from a send call.

    ``permanent_codes`` maps provider error codes to history reasons; other 4xx codes
    become ``default_reason``; throttling, 5xx and connection failures are transient; a
    read timeout (request possibly delivered) is permanent ``outcome_unknown``.
    """
    from botocore.exceptions import (
        ClientError,
        ConnectionClosedError,
        ConnectTimeoutError,
        EndpointConnectionError,
        ReadTimeoutError,
    )

    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        code = str(error.get("Code") or "Unknown")
        status = int(exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0)
        if code in TRANSIENT_CODES or status >= 500 or status == 429:
            return TransientSendError(code)
        if code in permanent_codes:
            return PermanentSendError(permanent_codes[code], code)
        return PermanentSendError(default_reason, code)
    if isinstance(exc, ReadTimeoutError):
        return PermanentSendError("outcome_unknown", "ReadTimeout")
    if isinstance(exc, (ConnectTimeoutError, EndpointConnectionError)):
        return TransientSendError(type(exc).__name__)
    if isinstance(exc, ConnectionClosedError):
        # The connection dropped after the request was written: it may have been accepted.
        return PermanentSendError("outcome_unknown", "ConnectionClosed")
    return exc
