"""Personal data never reaches the logs, even when it slips into a message."""
import io
import json
import logging

from chalicelib.observability import MaskingFormatter, mask


def test_mask_hides_email_addresses_and_phone_numbers_in_nested_values():
    masked = mask({"message": "sent to anna.aebi@example.ch", "extra": ["+41 79 123 45 67", 12],
                   "route": "/customers/{customer_id}"})
    assert masked == {"message": "sent to ***@***", "extra": ["***", 12], "route": "/customers/{customer_id}"}


def test_the_json_formatter_masks_what_it_writes():
    from aws_lambda_powertools import Logger

    stream = io.StringIO()
    logger = Logger(service="mask-test", level="INFO", logger_formatter=MaskingFormatter(), logger_handler=logging.StreamHandler(stream))
    logger.info("could not reach 0791234567", extra={"to": "anna@example.ch"})
    line = json.loads(stream.getvalue())
    assert "0791234567" not in stream.getvalue() and "anna@example.ch" not in stream.getvalue()
    assert line["message"] == "could not reach ***" and line["to"] == "***@***"
