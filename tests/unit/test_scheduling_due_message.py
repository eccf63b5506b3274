"""The queue message of one due occurrence: what the scanner writes and the consumer reads."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.domain.instants import parse_instant
from chalicelib.services.scheduling.due_message import DueMessage

RUN = datetime(2026, 3, 30, 7, 5, tzinfo=timezone.utc)


def test_a_message_survives_the_queue_unchanged():
    sent = DueMessage("OPT#o#CUST#c", "REMINDER#repurchase#r", "2026-03-30T07:00:00Z#OPT#o#CUST#c#REMINDER#repurchase#r",
                      RUN, enqueued_at=datetime(2026, 11, 23, 10, 0, 0, 123000, tzinfo=timezone.utc))
    assert DueMessage.from_body(sent.to_body()) == sent


@pytest.mark.parametrize("body", [
    "not json", "[]", '{"pk": "a", "sk": "b"}', '{"pk": "a", "sk": "b", "due_at": "c"}',
    '{"pk": "a", "sk": "b", "due_at": "c", "now": "yesterday"}',
    '{"pk": "a", "sk": "b", "due_at": "c", "now": "2026-03-30T07:05:00"}',  # no offset
    '{"pk": 1, "sk": "b", "due_at": "c", "now": "2026-03-30T07:05:00Z"}',
])
def test_a_malformed_message_is_refused(body):
    with pytest.raises(ValueError):
        DueMessage.from_body(body)


def test_now_is_the_run_time_plus_the_time_spent_in_the_queue():
    queued = datetime(2026, 11, 23, 10, 0, tzinfo=timezone.utc)
    message = DueMessage("p", "s", "d", RUN, enqueued_at=queued)
    assert message.effective_now(queued + timedelta(minutes=7)) == RUN + timedelta(minutes=7)
    # a consumer clock slightly behind the scanner's never moves time backwards
    assert message.effective_now(queued - timedelta(seconds=2)) == RUN
    assert DueMessage("p", "s", "d", RUN).effective_now(queued) == RUN


def test_instants_with_an_offset_are_normalised_to_utc():
    assert parse_instant("2026-03-30T09:05:00+02:00") == RUN
    assert parse_instant("2026-03-30T07:05:00Z") == RUN
