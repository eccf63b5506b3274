"""The send path (services/messaging/send.py) on the in-memory message store and providers: a key is
sent at most once, what is not sent is recorded and gives its spend back, a transient error leaves
the key free for the retry, an abandoned claim is closed as failed, never sent again. No moto: the
fakes' behaviour is the adapters' (tests/integration/test_message_store_contract.py); what only the
emulator shows (races, the messages' links) stays in tests/integration/test_send_path.py."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import PermanentSendError, TransientSendError
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services import wiring
from chalicelib.services.messaging import send
from tests.fakes import FakeEmail, FakeSms
from tests.fakes.coordination import InMemoryCoordination
from tests.fakes.counters import FakeWrite, InMemoryCounters
from tests.fakes.messages import InMemoryMessages
from tests.fakes.occurrence_items import FakeCheck

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
OPTICIAN = OpticianSettings(id="opt_1", name="Optik Muster", sender_name="OptikMuster",
                            webapp_url="https://app.optik.ch/")
ANNA = Customer("cus_1", "Anna", "Aebi", salutation="Frau", language="de", mobile="+41791234567",
                preferred_channel="sms", topics={"marketing": True})
KIND = "webapp_install"  # an automatic one: no link, no report counters, no daily cap


class World:
    def __init__(self) -> None:
        self.messages = InMemoryMessages()
        self.sms, self.email = FakeSms(), FakeEmail()
        self.coordination = InMemoryCoordination()

    def usage(self, month: str = "2026-03") -> Any:
        return self.messages.get_usage(OPTICIAN.id, month)

    def stored(self) -> list[Any]:
        return self.messages.list_all(OPTICIAN.id, ANNA.id)


@pytest.fixture
def world():
    made = World()
    with wiring.override(messages=made.messages, sms=made.sms, email=made.email, counters=InMemoryCounters(),
                         coordination=made.coordination):
        yield made


def send_once(key: str = "key-1", optician: OpticianSettings = OPTICIAN, customer: Customer = ANNA,
              **kwargs: Any) -> dict[str, Any]:
    return send.send_message(optician, customer, KIND, trigger="automatic", idempotency_key=key, now=NOW, **kwargs)


def test_an_sms_is_sent_under_the_sender_id_recorded_sent_and_counted_in_the_month(world):
    record = send_once()

    [sms] = world.sms.sent
    assert (sms["to"], sms["sender_id"], sms["sms_type"]) == ("+41791234567", "OptikMuster", "Transactional")
    assert (record["status"], record["channel"], record["to"], record["parts"], record["cost_chf"]) == (
        "sent", "sms", "+41791234567", 1, "0.12")
    assert record["provider_message_id"] == sms["id"] and record["text"] == sms["text"]
    assert record["sent_at"] >= NOW.isoformat() and record["reason"] is None and record["reason_text"] is None
    usage = world.usage()
    assert (usage.sms_messages, usage.sms_parts, usage.sms_cost_chf) == (1, 1, Decimal("0.12"))
    assert world.messages.pointers.find(sms["id"], "sms")["customer_id"] == "cus_1"


def test_the_same_key_sends_once_and_answers_the_first_record(world):
    first = send_once()
    again = send_once()

    assert again == first and len(world.sms.sent) == 1 and len(world.stored()) == 1
    assert world.usage().sms_messages == 1


def test_a_transient_provider_error_records_nothing_gives_the_spend_back_and_the_retry_sends_once(world):
    world.sms.fail_next(TransientSendError("Throttling"))

    with pytest.raises(TransientSendError):
        send_once()
    assert world.stored() == [] and world.usage().sms_cost_chf == 0 and world.sms.sent == []

    retried = send_once()
    assert retried["status"] == "sent" and len(world.sms.sent) == 1 and world.usage().sms_cost_chf == Decimal("0.12")


def test_a_permanent_provider_error_is_failed_with_its_reason_and_costs_nothing(world):
    world.sms.fail_next(PermanentSendError("invalid_number", "InvalidParameter"))

    record = send_once()

    assert (record["status"], record["reason"], record["reason_detail"], record["cost_chf"]) == (
        "failed", "invalid_number", "InvalidParameter", "0.00")
    assert record["reason_text"]  # in plain words for the optician
    assert world.usage().sms_cost_chf == 0 and world.usage().sms_messages == 0
    assert send_once()["status"] == "failed" and world.sms.sent == []  # never tried again under this key


def test_a_bug_after_the_claim_is_recorded_failed_and_the_key_never_sent(world):
    world.sms.fail_next(RuntimeError("a bug"))

    with pytest.raises(RuntimeError):
        send_once()

    record = send_once()
    assert (record["status"], record["reason"]) == ("failed", "internal_error") and world.sms.sent == []
    assert world.usage().sms_cost_chf == 0


def test_a_key_another_worker_holds_is_in_progress_and_after_its_lease_failed_never_resent(world, monkeypatch):
    real_deliver = send.deliver
    held: dict[str, Any] = {}

    def die_while_sending(*args: Any, **kwargs: Any) -> str:
        held["claim"] = world.messages.get_claim(OPTICIAN.id, ANNA.id, "key-1")
        raise SystemExit("the worker died")  # not an Exception: nothing of the send path runs after it

    monkeypatch.setattr(send, "deliver", die_while_sending)
    with pytest.raises(SystemExit):
        send_once()
    monkeypatch.setattr(send, "deliver", real_deliver)
    assert world.usage().sms_cost_chf == Decimal("0.12")  # reserved while it may be sending

    with pytest.raises(send.SendInProgress):
        send_once()
    monkeypatch.setattr(send.time, "time", lambda: held["claim"].lease_until + 1)
    closed = send_once()

    assert (closed["status"], closed["reason"], closed["cost_chf"]) == ("failed", "interrupted", "0.00")
    assert world.sms.sent == [] and world.usage().sms_cost_chf == 0
    assert send_once() == closed


def test_beyond_the_monthly_limit_an_automatic_message_is_recorded_failed_and_nothing_is_reserved(world):
    tight = replace(OPTICIAN, sms_monthly_limit_chf="0.20")
    send_once("key-1", tight)

    refused = send_once("key-2", tight)

    assert (refused["status"], refused["reason"], refused["reason_detail"]) == ("failed", "limit_reached", "0.20")
    assert len(world.sms.sent) == 1 and world.usage().sms_cost_chf == Decimal("0.12")


def test_beyond_the_limit_a_deferring_caller_is_told_and_nothing_is_written(world):
    tight = replace(OPTICIAN, sms_monthly_limit_chf="0.12")
    send_once("key-1", tight)

    with pytest.raises(send.SpendLimitReached) as refused:
        send.send_and_record(tight, ANNA, KIND, trigger="automatic", idempotency_key="key-2", now=NOW,
                             defer_on_limit=True)

    assert refused.value.limit == Decimal("0.12")
    assert len(world.stored()) == 1 and world.messages.get_claim(OPTICIAN.id, ANNA.id, "key-2") is None


def test_a_guard_held_by_another_message_sends_and_records_nothing(world):
    world.coordination.claim(OPTICIAN.id, ANNA.id, "DAILY#2026-03-02", "other message", 2_000_000_000)
    guard = world.coordination.claim_write(OPTICIAN.id, ANNA.id, "DAILY#2026-03-02", "this message", 2_000_000_000)

    with pytest.raises(send.Preempted):
        send.send_and_record(OPTICIAN, ANNA, KIND, trigger="automatic", idempotency_key="key-1", now=NOW,
                             guards=[guard])

    assert world.stored() == [] and world.sms.sent == [] and world.usage().sms_cost_chf == 0
    # a free slot (or one of our own) lets it through, and is taken with the claim
    mine = world.coordination.claim_write(OPTICIAN.id, ANNA.id, "DAILY#2026-03-03", "this message", 2_000_000_000)
    result = send.send_and_record(OPTICIAN, ANNA, KIND, trigger="automatic", idempotency_key="key-1", now=NOW,
                                  guards=[mine])
    assert result.record["status"] == "sent" and len(world.sms.sent) == 1
    assert world.coordination.owner_of(OPTICIAN.id, ANNA.id, "DAILY#2026-03-03") == "this message"


def test_a_precondition_that_no_longer_holds_is_stale_and_writes_nothing(world):
    erased = FakeCheck(lambda: False)  # e.g. the scheduled item moved on since it was read

    with pytest.raises(send.Stale) as stale:
        send.send_and_record(OPTICIAN, ANNA, KIND, trigger="automatic", idempotency_key="key-1", now=NOW,
                             preconditions=[FakeWrite(lambda: None), erased])

    assert stale.value.refused == (1,) and world.stored() == [] and world.sms.sent == []


def test_a_follow_up_is_made_with_a_final_record(world):
    follow_up = world.coordination.claim_write(OPTICIAN.id, ANNA.id, "NEXT", "reminder", 2_000_000_000)

    result = send.send_and_record(OPTICIAN, ANNA, KIND, trigger="automatic", idempotency_key="key-1", now=NOW,
                                  follow_up=follow_up)

    assert result.follow_up_made is True and result.record["status"] == "sent"
    assert world.coordination.owner_of(OPTICIAN.id, ANNA.id, "NEXT") == "reminder"


def test_a_topic_switched_off_is_recorded_skipped_and_nothing_is_sent(world):
    record = send_once(customer=replace(ANNA, topics={"marketing": False}))

    assert (record["status"], record["reason"], record["channel"]) == ("skipped", "topic_off", None)
    assert record["cost_chf"] == "0.00" and record["sent_at"] is None
    assert world.sms.sent == [] and world.email.sent == [] and [m.status for m in world.stored()] == ["skipped"]
    assert world.usage().sms_messages == 0


def test_a_customer_without_a_contact_is_failed_no_contact(world):
    record = send_once(customer=replace(ANNA, mobile=None, email="anna@example.ch", preferred_channel="email"))

    # silver (SMS only): an e-mail address is no contact
    assert (record["status"], record["reason"]) == ("failed", "no_contact")
    assert world.sms.sent == [] and world.email.sent == []


def test_only_skipped_or_failed_messages_are_recorded_without_sending(world):
    with pytest.raises(ValueError):
        send.record_not_sent(OPTICIAN, ANNA, KIND, trigger="automatic", idempotency_key="k", status="sent",
                             reason="x")
    recorded = send.record_not_sent(OPTICIAN, ANNA, KIND, trigger="automatic", idempotency_key="k",
                                    status="skipped", reason="paused", now=NOW)
    assert (recorded.record["status"], recorded.record["reason"]) == ("skipped", "paused") and world.sms.sent == []
