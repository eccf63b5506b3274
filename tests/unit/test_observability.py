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
    import uuid

    from aws_lambda_powertools import Logger

    stream = io.StringIO()
    # A service of its own: Powertools keeps one logger (and its handler) per service name, also
    # when the tests run twice in one process (mutmut).
    logger = Logger(service=f"mask-test-{uuid.uuid4().hex[:8]}", level="INFO", logger_formatter=MaskingFormatter(), logger_handler=logging.StreamHandler(stream))
    logger.info("could not reach 0791234567", extra={"to": "anna@example.ch"})
    line = json.loads(stream.getvalue())
    assert "0791234567" not in stream.getvalue() and "anna@example.ch" not in stream.getvalue()
    assert line["message"] == "could not reach ***" and line["to"] == "***@***"


def _logged(call) -> tuple[dict, str]:
    import uuid

    from aws_lambda_powertools import Logger

    stream = io.StringIO()
    # A service of its own: Powertools keeps one logger (and its handler) per service name.
    logger = Logger(service=f"mask-test-{uuid.uuid4().hex[:8]}", level="INFO", logger_formatter=MaskingFormatter(),
                    logger_handler=logging.StreamHandler(stream))
    logger.set_correlation_id("bf4101d4-481a-4c4f-8e0e-0791234567ab")
    call(logger)
    raw = stream.getvalue()
    return json.loads(raw), raw


def test_phone_numbers_in_the_ways_people_write_them_are_masked():
    for number in ("079.555.12.34", "(079) 555 12 34", "+41 (0)79 555 12 34", "0041 79 555 12 34",
                   "41791234567", "079/555 12 34"):
        masked = mask(f"call {number} today")
        assert masked == "call *** today", (number, masked)


def test_timestamps_dates_and_ids_are_left_alone():
    line, raw = _logged(lambda logger: logger.info("queued", extra={
        "now": "2026-11-30T09:00:00Z", "due_at": "2026-01-05 10:00", "count": 1205, "order": "ord_01HZX3Q9V8"}))
    assert "***" not in raw
    assert line["correlation_id"] == "bf4101d4-481a-4c4f-8e0e-0791234567ab"
    assert line["timestamp"][:4].isdigit()


def test_an_exception_message_is_withheld_in_every_form_the_logger_writes_it():
    customer = {"mobile": "+41 79 555 12 34", "name": "Zoë Xylander", "sphere": "-2.25"}

    def fail(logger):
        try:  # the frames show this code line, never the values
            raise ValueError(f"Invalid phone number {customer['mobile']} for {customer['name']}, {customer['sphere']}")
        except ValueError:
            logger.exception("unhandled error")

    line, raw = _logged(fail)
    for personal in ("Zoë", "Xylander", "79 555 12 34", "-2.25"):
        assert personal not in raw
    assert "ValueError: [message withheld]" in line["exception"]
    assert line["stack_trace"]["type"] == "ValueError" and line["stack_trace"]["value"] == "[message withheld]"
