"""The customers service on an in-memory store (services/wiring.py): what a new customer is stored
as, which changes a PATCH and a preferences PUT make, the search query, erasure, the e-mail block.
No moto: the stores are tests/fakes/customers.py; the DynamoDB adapter keeps the same contract
(tests/integration/test_customer_store.py). The routes stay covered by tests/api/test_customers.py."""
from __future__ import annotations

import pytest

from chalicelib.api.bodies import decode
from chalicelib.domain.agenda import decode_facts
from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import NotFound, ValidationError
from chalicelib.domain.message_kinds import TOPICS
from chalicelib.schemas.customers import CustomerInput, CustomerPatch, CustomerQuery, PreferencesInput
from chalicelib.services import wiring
from chalicelib.services.customers import customers
from tests.fakes.customers import InMemoryAgendaFacts, InMemoryCustomers

ANNA = {"first_name": "Anna", "last_name": "Aebi", "salutation": "Frau", "language": "fr",
        "mobile": "079 123 45 67", "email": "anna.aebi@example.ch", "preferred_channel": "email"}


@pytest.fixture
def store():
    fake = InMemoryCustomers()
    with wiring.override(customers=fake, agenda_facts=InMemoryAgendaFacts(fake)):
        yield fake


@pytest.fixture
def agenda():
    return wiring.stores().agenda_facts


def create(**change) -> Customer:
    return customers.create_customer("opt_a", decode({**ANNA, **change}, CustomerInput, null_is_missing=False))


def patch(customer_id: str, **change) -> Customer:
    return customers.update_customer("opt_a", customer_id, decode(change, CustomerPatch, null_is_missing=False))


def test_a_new_customer_is_stored_with_the_mobile_in_e164_and_every_topic_on(store):
    created = create()

    assert store.get("opt_a", created.id) == created and created.id.startswith("cus_")
    assert (created.first_name, created.last_name, created.salutation, created.language) == ("Anna", "Aebi", "Frau", "fr")
    assert (created.mobile, created.email, created.preferred_channel) == ("+41791234567", "anna.aebi@example.ch", "email")
    assert created.topics == {topic: True for topic in TOPICS}
    assert (created.email_blocked, created.email_blocked_reason) == (False, None)


def test_a_new_customer_s_texts_are_trimmed_the_address_normalised_and_defaults_filled(store):
    created = create(first_name="  Anna ", salutation="   ", email=" Anna.Aebi@EXAMPLE.ch ", language=None,
                     preferred_channel=None, topics={"marketing": False})

    assert (created.first_name, created.salutation, created.email) == ("Anna", None, "Anna.Aebi@example.ch")
    assert (created.language, created.preferred_channel) == ("de", "sms")
    assert created.topics == {**{topic: True for topic in TOPICS}, "marketing": False}


@pytest.mark.parametrize("change, field", [
    ({"mobile": "12345"}, "mobile"),
    ({"mobile": "044 123 45 67"}, "mobile"),          # a landline cannot receive SMS
    ({"email": "anna@@example"}, "email"),
    ({"first_name": ""}, "first_name"),
    ({"first_name": "   "}, "first_name"),
    ({"last_name": "x" * 81}, "last_name"),
    ({"salutation": "x" * 41}, "salutation"),
    ({"mobile": None, "email": None}, "mobile"),      # no way to reach her
])
def test_a_bad_value_or_no_way_of_contact_is_refused_naming_the_field_and_nothing_is_stored(store, change, field):
    with pytest.raises(ValidationError) as refused:
        create(**change)

    assert refused.value.field == field
    assert store.list_page("opt_a", words=[], limit=100, cursor=None) == ([], None)


def test_the_longest_texts_allowed_are_stored(store):
    created = create(first_name="x" * 80, last_name="y" * 80, salutation="z" * 40)

    assert (len(created.first_name), len(created.last_name), len(created.salutation)) == (80, 80, 40)


def test_a_customer_of_another_optician_is_not_found(store):
    created = create()

    with pytest.raises(NotFound) as refused:
        customers.get_customer("opt_b", created.id)
    assert refused.value.field == "customer_id"
    assert customers.get_customer("opt_a", created.id) == created


def test_a_patch_changes_only_the_given_fields(store):
    anna = create()

    changed = patch(anna.id, last_name=" Aebi-Meier ", mobile="+41 76 555 44 33")

    assert (changed.last_name, changed.mobile) == ("Aebi-Meier", "+41765554433")
    assert changed.profile() == {**anna.profile(), "last_name": "Aebi-Meier", "mobile": "+41765554433"}
    assert store.get("opt_a", anna.id) == changed


def test_null_removes_salutation_and_one_contact_but_keeps_language_and_channel(store):
    anna = create()

    changed = patch(anna.id, salutation=None, mobile=None, language=None, preferred_channel=None)

    assert (changed.salutation, changed.mobile, changed.email) == (None, None, anna.email)
    assert (changed.language, changed.preferred_channel) == ("fr", "email")


@pytest.mark.parametrize("change, field", [
    ({"first_name": None}, "first_name"),
    ({"last_name": None}, "last_name"),
    ({"mobile": None, "email": None}, "mobile"),
    ({"email": None, "mobile": "044 123 45 67"}, "mobile"),
    ({"email": "not-an-address"}, "email"),
])
def test_a_patch_that_would_remove_a_name_or_every_contact_is_refused_and_changes_nothing(store, change, field):
    anna = create()

    with pytest.raises(ValidationError) as refused:
        patch(anna.id, **change)

    assert refused.value.field == field and store.get("opt_a", anna.id) == anna


def test_removing_the_only_contact_left_is_refused(store):
    email_only = create(mobile=None)

    with pytest.raises(ValidationError) as refused:
        patch(email_only.id, email=None)
    assert refused.value.field == "mobile"
    assert patch(email_only.id, email=None, mobile="079 123 45 67").mobile == "+41791234567"


def test_a_patch_of_an_unknown_customer_is_not_found_and_creates_nobody(store):
    with pytest.raises(NotFound):
        patch("cus_gone", first_name="Anna")
    assert store.get("opt_a", "cus_gone") is None


def test_a_patch_and_a_preferences_change_refresh_the_agenda_facts_of_the_customer_s_items(store, agenda):
    anna = create()
    pk, sk = agenda.schedule("opt_a", anna.id, "REMINDER#repurchase#rem_1")

    patch(anna.id, first_name="Annina")
    assert decode_facts(agenda.items[(pk, sk)]["facts"])["name"] == "Annina Aebi"
    customers.set_preferences("opt_a", anna.id, {"repurchase": False}, "sms")
    facts = decode_facts(agenda.items[(pk, sk)]["facts"])
    assert facts["topics"]["repurchase"] is False and facts["preferred_channel"] == "sms"


def test_a_new_address_lifts_the_e_mail_block_and_other_changes_keep_it(store):
    anna = create()
    store.set_email_blocked("opt_a", anna.id, "bounce: Permanent/General", address=anna.email)

    renamed = patch(anna.id, first_name="Annina")
    assert (renamed.email_blocked, renamed.email_blocked_reason) == (True, "bounce: Permanent/General")
    switched = customers.set_preferences("opt_a", anna.id, {"marketing": False})
    assert switched["topics"]["marketing"] is False and store.get("opt_a", anna.id).email_blocked
    same_address = patch(anna.id, email=anna.email)
    assert same_address.email_blocked is True  # the same address stays blocked
    moved = patch(anna.id, email="anna@example.org")
    assert (moved.email_blocked, moved.email_blocked_reason) == (False, None)


def test_preferences_set_the_switches_given_and_keep_the_rest_and_the_channel(store):
    anna = create(topics={"marketing": False})

    shown = customers.replace_preferences("opt_a", anna.id, decode({"topics": {"control": False}}, PreferencesInput))

    assert shown == {"topics": {**{topic: True for topic in TOPICS}, "marketing": False, "control": False},
                     "preferred_channel": "email"}
    assert customers.get_preferences("opt_a", anna.id) == shown
    by_sms = customers.replace_preferences("opt_a", anna.id, decode({"preferred_channel": "sms"}, PreferencesInput))
    assert by_sms["preferred_channel"] == "sms" and by_sms["topics"] == shown["topics"]


def test_preferences_of_an_unknown_customer_are_not_found(store):
    with pytest.raises(NotFound):
        customers.replace_preferences("opt_a", "cus_gone", decode({"topics": {"control": False}}, PreferencesInput))
    with pytest.raises(NotFound):
        customers.get_preferences("opt_a", "cus_gone")


def test_the_list_is_searched_by_the_words_of_q_and_pages_on(store):
    mueller = create(first_name="Jürg", last_name="Müller", mobile="079 555 44 33", email=None)
    create(first_name="Beat", last_name="Brunner", mobile="+41 78 999 88 77", email=None)

    for q in ("muller", "Mueller", "  MÜL  ", "jurg mul", "079 555 44 33", "+41 79 555"):
        found, _ = customers.list_customers("opt_a", CustomerQuery(q=q))
        assert [c.id for c in found] == [mueller.id], q
    first, cursor = customers.list_customers("opt_a", CustomerQuery(limit=1))
    rest, end = customers.list_customers("opt_a", CustomerQuery(limit=1, cursor=cursor))
    assert len(first) == len(rest) == 1 and first != rest and end is None
    page = customers.present_page((first, cursor))
    assert page == {"items": [first[0].shown()], "next_cursor": cursor}


def test_a_query_longer_than_any_name_is_refused_naming_q(store):
    assert customers.list_customers("opt_a", CustomerQuery(q="x" * 200)) == ([], None)
    with pytest.raises(ValidationError) as refused:
        customers.list_customers("opt_a", CustomerQuery(q="x" * 201))
    assert refused.value.field == "q"


def test_deleting_erases_the_customer_and_an_unknown_one_is_swept_all_the_same_then_not_found(store):
    anna = create()

    customers.delete_customer("opt_a", anna.id)
    assert store.get("opt_a", anna.id) is None
    with pytest.raises(NotFound):
        customers.delete_customer("opt_a", anna.id)  # an erasure that died midway is finished
    assert store.erased == [("opt_a", anna.id), ("opt_a", anna.id)]


def test_the_api_shape_is_the_record_s_fields_in_order():
    anna = Customer("cus_1", "Anna", "Aebi", mobile="+41791234567", topics={"marketing": False},
                    created_at="2026-01-01T00:00:00+00:00", updated_at="2026-01-02T00:00:00+00:00")

    shown = customers.present(anna)

    assert list(shown) == ["id", "first_name", "last_name", "salutation", "language", "mobile", "email",
                           "preferred_channel", "topics", "email_blocked", "email_blocked_reason", "created_at",
                           "updated_at"]
    assert shown["topics"] == {"marketing": False} and shown["topics"] is not anna.topics
    assert (shown["language"], shown["preferred_channel"], shown["email_blocked"]) == ("de", "sms", False)
    assert anna.addressed() == {"first_name": "Anna", "last_name": "Aebi", "salutation": None}
    assert (anna.contact("sms"), anna.contact("email")) == ("+41791234567", None)
