"""Races between a scheduled send and the back office (docs/operations.md, "Failure cases").

The consumer reads the item, the customer and the optician, then prepares the message;
a competing call is injected right there (after the read, before the claim transaction),
as a concurrent Lambda could make it on real DynamoDB. The claim's transaction checks
that the customer still exists and that the item still has the occurrence that was read:
nothing is sent and nothing is written for a stale copy.
"""
from __future__ import annotations

import pytest

from tests.api.test_customer_erasure import _mentioning
from tests.api.test_schedules import (  # noqa: F401 - fixtures
    customer, fire, history, local, make_reminder, next_weekday, reminder_now, sms_outbox,
)


@pytest.fixture
def before_message(monkeypatch):
    """``before_message(hook)``: the repurchase handler runs ``hook()`` once before preparing its message."""
    from chalicelib.services.reminders import repurchase_occurrences

    real = repurchase_occurrences.message_for

    def install(hook):
        calls = []

        def message_for(*args, **kwargs):
            if not calls:
                calls.append(1)
                hook()
            return real(*args, **kwargs)

        monkeypatch.setattr(repurchase_occurrences, "message_for", message_for)

    return install


def test_a_customer_erased_after_the_read_gets_no_sms_and_nothing_is_left(client, api, customer, before_message):
    d = next_weekday(2)
    make_reminder(api, customer, d)
    answers = []
    before_message(lambda: answers.append(api.delete(f"/customers/{customer['id']}").status_code))

    fire(client, local(d, "09:00"))

    assert answers == [204]
    assert sms_outbox() == []
    assert _mentioning(customer["id"]) == []
    assert fire(client, local(d, "09:05")) == 0  # nothing is queued again


def test_a_reminder_deactivated_after_the_read_is_not_sent(client, api, customer, before_message):
    d = next_weekday(3)
    reminder = make_reminder(api, customer, d)
    path = f"/customers/{customer['id']}/repurchase-reminders/{reminder['id']}"
    answers = []
    before_message(lambda: answers.append(api.patch(path, {"active": False}).status_code))

    fire(client, local(d, "09:00"))

    assert answers == [200]
    assert sms_outbox() == [] and history(api, customer) == []
    assert reminder_now(api, customer, reminder)["active"] is False


def test_a_reminder_moved_after_the_read_is_sent_on_its_new_day_only(client, api, customer, before_message):
    from datetime import timedelta

    d = next_weekday(1)
    reminder = make_reminder(api, customer, d)
    path = f"/customers/{customer['id']}/repurchase-reminders/{reminder['id']}"
    later = d + timedelta(days=7)
    before_message(lambda: api.patch(path, {"next_reminder_on": later.isoformat()}))

    fire(client, local(d, "09:00"))
    assert sms_outbox() == [] and history(api, customer) == []

    fire(client, local(later, "09:00"))
    assert len(sms_outbox()) == 1
    assert [m["status"] for m in history(api, customer)] == ["sent"]


def test_a_send_during_the_erasure_sweep_is_refused_and_nothing_is_left(client, api, customer, monkeypatch):
    from chalicelib.adapters.dynamo.base import OwnedRef

    d = next_weekday(4)
    make_reminder(api, customer, d)
    real_query = OwnedRef.query
    runs = []

    def query(*args, **kwargs):
        found = list(real_query(*args, **kwargs))  # the sweep has read the partition ...
        if not runs:
            runs.append(fire(client, local(d, "09:00")))  # ... when a scheduled run sends to the customer
        return iter(found)

    monkeypatch.setattr(OwnedRef, "query", query)
    assert api.delete(f"/customers/{customer['id']}").status_code == 204

    assert runs == [1]
    assert sms_outbox() == []
    assert _mentioning(customer["id"]) == []
