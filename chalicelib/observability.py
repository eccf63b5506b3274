"""Structured JSON logging (Powertools) with personal data masked out.

Log calls in kontakt never pass names, numbers or addresses on purpose; the formatter
masks e-mail addresses and phone numbers anyway, in case one slips into a message or
an exception text.
"""
from __future__ import annotations

import re

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d \-/]{7,}\d")


def mask(value):
    """Mask e-mail addresses and phone numbers in strings, recursively."""
    if isinstance(value, str):
        return _PHONE.sub("***", _EMAIL.sub("***@***", value))
    if isinstance(value, dict):
        return {k: mask(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask(v) for v in value]
    return value


class MaskingFormatter(LambdaPowertoolsFormatter):
    def serialize(self, log: dict) -> str:
        return super().serialize(mask(log))


SERVICE = "kontakt"

# The root logger of the service; other modules use Logger(service=SERVICE, child=True).
logger = Logger(service=SERVICE, logger_formatter=MaskingFormatter())
