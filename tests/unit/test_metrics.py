"""The business-metric counters: what is written, and when nothing is."""
from __future__ import annotations

import json
import warnings

import pytest

from chalicelib import metrics


@pytest.fixture(autouse=True)
def clean(capsys):
    metrics.flush()
    capsys.readouterr()
    yield
    metrics.flush()


def blobs(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith('{"_aws"')]


def total(blob: dict, name: str) -> float:
    value = blob[name]
    return sum(value) if isinstance(value, list) else value


def test_sent_sms_count_the_message_and_its_parts_in_one_blob(capsys):
    metrics.message_finished("sent", "sms", 2)
    metrics.message_finished("sent", "email", 0)
    metrics.message_finished("skipped", None, None)
    metrics.flush()

    [blob] = blobs(capsys)
    assert total(blob, "MessagesSent") == 2 and total(blob, "SmsPartsSent") == 2 and total(blob, "MessagesSkipped") == 1
    assert blob["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "kontakt"


def test_a_pending_status_and_zero_counts_write_nothing_and_an_empty_flush_does_not_warn(capsys):
    metrics.message_finished("pending", "sms", 1)
    metrics.count(metrics.DUE_OCCURRENCES_QUEUED, 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        metrics.flush()
    assert blobs(capsys) == []


def test_disabled_metrics_are_dropped_not_kept_for_later(capsys, monkeypatch):
    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    metrics.count(metrics.MESSAGES_SENT)
    metrics.flush()
    monkeypatch.delenv("POWERTOOLS_METRICS_DISABLED")
    metrics.count(metrics.MESSAGES_FAILED)
    metrics.flush()

    [blob] = blobs(capsys)
    assert "MessagesSent" not in blob and total(blob, "MessagesFailed") == 1
