"""A hard bounce or complaint blocks the customer's e-mail address, only while it is the address
the receipt names (services/messaging/delivery_feedback.py), on the in-memory customer store. The
receipt's pointer and record are stand-ins here: their stores have their own tests; the receipt
routes stay covered by tests/api/test_delivery_receipts.py."""
from __future__ import annotations

from typing import Any

import pytest

from chalicelib.domain.agenda import decode_facts
from chalicelib.domain.customer import Customer
from chalicelib.domain.receipts import BOUNCED, COMPLAINT, FAILED, Receipt
from chalicelib.services import wiring
from chalicelib.services.messaging import delivery_feedback
from tests.fakes.customers import InMemoryAgendaFacts, InMemoryCustomers

ANNA = Customer("cus_1", "Anna", "Aebi", mobile="+41791234567", email="Anna.Aebi@example.ch", preferred_channel="email")


class Pointers:
    """Every provider id points at one e-mail of Anna's history."""

    def find(self, provider_message_id: str, channel: str) -> dict[str, Any] | None:
        return {"optician_id": "opt_a", "customer_id": ANNA.id, "message_sk": "MSG#1", "kind": "webshop_login",
                "channel": channel}


class Records:
    """The message record takes every outcome (the history's rules are tested with its store)."""

    def apply_outcome(self, *args: Any, **kwargs: Any) -> bool:
        return True


@pytest.fixture
def store():
    customers = InMemoryCustomers()
    customers.create("opt_a", ANNA)
    with wiring.override(customers=customers, agenda_facts=InMemoryAgendaFacts(customers),
                         receipt_pointers=Pointers(), messages=Records()):
        yield customers


def bounce(*recipients: str, reason: str = BOUNCED, block: bool = True) -> Receipt:
    return Receipt("ses-1", "email", FAILED, "2026-03-02T08:00:00+00:00", reason=reason, detail="Permanent/General",
                   block_address=block, recipients=recipients)


def test_a_hard_bounce_of_the_customers_address_blocks_it_with_the_reason(store):
    agenda = wiring.stores().agenda_facts
    pk, sk = agenda.schedule("opt_a", ANNA.id, "REMINDER#repurchase#rem_1")

    done = delivery_feedback.apply_receipt(bounce("anna.aebi@example.ch"))  # SES names it in lower case

    assert done["email_blocked"] is True
    stored = store.get("opt_a", ANNA.id)
    assert (stored.email_blocked, stored.email_blocked_reason) == (True, "bounced: Permanent/General")
    assert decode_facts(agenda.items[(pk, sk)]["facts"])["email_blocked"] is True  # the agenda follows


def test_a_complaint_without_named_recipients_blocks_the_current_address(store):
    done = delivery_feedback.apply_receipt(bounce(reason=COMPLAINT))

    assert done["email_blocked"] is True and store.get("opt_a", ANNA.id).email_blocked_reason.startswith("complaint")


def test_a_bounce_of_an_address_the_customer_no_longer_has_blocks_nothing(store):
    done = delivery_feedback.apply_receipt(bounce("old@example.ch"))

    assert done["email_blocked"] is False and store.get("opt_a", ANNA.id).email_blocked is False


def test_a_failure_that_is_no_hard_bounce_blocks_nothing(store):
    done = delivery_feedback.apply_receipt(bounce("anna.aebi@example.ch", block=False))

    assert done["email_blocked"] is False and store.get("opt_a", ANNA.id).email_blocked is False


def test_an_erased_customer_or_one_without_an_address_is_not_blocked(store):
    store.update("opt_a", ANNA.id, {"email": None})
    assert delivery_feedback.apply_receipt(bounce())["email_blocked"] is False
    store.erase("opt_a", ANNA.id)
    assert delivery_feedback.apply_receipt(bounce())["email_blocked"] is False
    assert store.get("opt_a", ANNA.id) is None  # a block never brings an erased customer back
