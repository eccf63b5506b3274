"""Business metrics (CloudWatch embedded metric format) from the functions a user touches.

Operations watch sent, failed and skipped messages, SMS parts, queued occurrences and
retried sends without reading logs; the lines must never carry personal data.
"""
from __future__ import annotations

import json

import pytest

from tests.api.fixtures_messaging import create_customer
from tests.api.test_schedules import customer, fire, local, make_reminder, next_weekday, throttle_sns  # noqa: F401
from tests.conftest import body


@pytest.fixture
def emitted(capsys):
    """``emitted()``: the metric blobs written to stdout since the test began, summed by name."""
    from chalicelib import metrics

    metrics.flush()  # counts left over by earlier direct service calls
    capsys.readouterr()
    lines: list[str] = []

    def read() -> dict:
        lines.extend(line for line in capsys.readouterr().out.splitlines() if line.startswith('{"_aws"'))
        totals: dict[str, float] = {}
        for line in lines:
            blob = json.loads(line)
            [directive] = blob["_aws"]["CloudWatchMetrics"]
            assert directive["Namespace"] == "kontakt" and directive["Dimensions"] == [["service"]]
            assert blob["service"] == "kontakt"
            for metric in directive["Metrics"]:
                value = blob[metric["Name"]]
                totals[metric["Name"]] = totals.get(metric["Name"], 0) + sum(value if isinstance(value, list)
                                                                             else [value])
        return totals

    read.lines = lines
    return read


def test_a_manual_sms_counts_one_message_sent_and_its_parts_without_personal_data(api, emitted):
    anna = create_customer(api)

    record = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))

    assert record["status"] == "sent"
    assert emitted() == {"MessagesSent": 1, "SmsPartsSent": 1}
    written = "\n".join(emitted.lines)
    for personal in ("Anna", "Aebi", "+41791234567", "791234567", anna["id"], record["id"]):
        assert personal not in written


def test_a_request_that_sends_nothing_writes_no_metrics(api, emitted):
    create_customer(api)

    assert api.get("/customers").status_code == 200
    assert emitted() == {}


def test_a_scheduled_reminder_counts_the_queued_occurrence_and_the_sent_message(client, api, customer, emitted):
    d = next_weekday(2)
    make_reminder(api, customer, d)

    fire(client, local(d, "10:00"))

    assert emitted() == {"DueOccurrencesQueued": 1, "MessagesSent": 1, "SmsPartsSent": 1}


def test_a_throttled_send_counts_a_retry_and_then_one_message_sent(client, api, customer, throttle_sns,
                                                                  emitted):
    d = next_weekday(3)
    make_reminder(api, customer, d)
    throttle_sns("Throttling", times=1)

    fire(client, local(d, "10:00"))

    assert emitted() == {"DueOccurrencesQueued": 1, "SendRecordsRetried": 1, "MessagesSent": 1, "SmsPartsSent": 1}


def test_an_invalid_number_counts_a_failed_message(client, api, customer, throttle_sns, emitted):
    d = next_weekday(4)
    make_reminder(api, customer, d)
    throttle_sns("InvalidParameter", times=1)

    fire(client, local(d, "10:00"))

    totals = emitted()
    assert totals["MessagesFailed"] == 1 and "MessagesSent" not in totals
