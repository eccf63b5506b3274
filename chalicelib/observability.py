"""Structured JSON logging (Powertools) with personal data masked out.

Log calls in kontakt never pass names, numbers or addresses on purpose; the formatter
masks e-mail addresses and phone numbers anyway, in case one slips into a message, and
withholds exception messages, which may quote any input (a name, a prescription).
"""
from __future__ import annotations

import re

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# A phone number as people write it: "+41 79 123 45 67", "079 123 45 67", "(079) 123.45.67",
# "+41 (0)79 …", or an E.164 number without its "+". Dates, times and ids do not start like that.
_PHONE = re.compile(r"(?:\+|\b00|\(?\b0)[\d \t./()\-]{6,}\d|(?<![\w.:-])\d{11,15}(?!\w)")
# The message line of a traceback ("ValueError: Invalid number … for Anna Aebi"): its text may
# quote any input, so only the exception's type is kept.
_EXCEPTION_MESSAGE = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Warning|Failure|Refused|Taken|Conflict)\w*): .*$",
                                re.MULTILINE)
WITHHELD = "[message withheld]"
# Keys Powertools writes itself: timestamps and ids, never personal data (masking would garble them).
_OWN_KEYS = frozenset({"timestamp", "level", "location", "service", "correlation_id", "xray_trace_id",
                       "sampling_rate", "cold_start", "function_name", "function_memory_size",
                       "function_arn", "function_request_id"})


def _mask_phone(match: re.Match) -> str:
    return "***" if sum(ch.isdigit() for ch in match.group(0)) >= 8 else match.group(0)


def mask(value):
    """Mask e-mail addresses and phone numbers in strings, recursively (other objects as text)."""
    if isinstance(value, str):
        return _PHONE.sub(_mask_phone, _EMAIL.sub("***@***", value))
    if isinstance(value, dict):
        return {k: mask(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask(v) for v in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    # An exception object (Powertools' stack_trace.value) or anything else the serializer would
    # turn into text later: turn it into text now, so that it is masked.
    return mask(str(value))


def _without_exception_messages(log: dict) -> dict:
    if isinstance(log.get("exception"), str):
        log["exception"] = _EXCEPTION_MESSAGE.sub(rf"\1: {WITHHELD}", log["exception"])
    trace = log.get("stack_trace")
    if isinstance(trace, dict) and "value" in trace:
        log["stack_trace"] = {**trace, "value": WITHHELD}
    return log


class MaskingFormatter(LambdaPowertoolsFormatter):
    """Powertools' JSON with personal data out: e-mails and phone numbers masked in every value
    we write, and exception messages (which may quote a name or a prescription) withheld —
    the exception's type and frames stay."""

    def serialize(self, log: dict) -> str:
        log = _without_exception_messages(dict(log))
        return super().serialize({k: (v if k in _OWN_KEYS else mask(v)) for k, v in log.items()})


SERVICE = "kontakt"

# The root logger of the service; other modules use Logger(service=SERVICE, child=True).
logger = Logger(service=SERVICE, logger_formatter=MaskingFormatter())
