"""Customer bodies decoded by their models: topic switches, null in a PATCH, the search query."""
from __future__ import annotations

import pytest

from chalicelib.api.bodies import decode, decode_query
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.message_kinds import TOPICS
from chalicelib.schemas.customers import CustomerInput, CustomerPatch, CustomerQuery, PreferencesInput


def refused(body: object, model: type) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        decode(body, model, null_is_missing=False)
    return error.value


def test_the_switches_are_exactly_the_topics_and_only_those_sent_are_given():
    given = decode({"topics": {"marketing": False, "orders": True}}, PreferencesInput, null_is_missing=False)
    assert given.topics is not None and given.topics.given() == {"marketing": False, "orders": True}
    assert set(given.topics.__struct_fields__) == set(TOPICS)


@pytest.mark.parametrize("topics, field", [
    ({"newsletter": True}, "topics.newsletter"),   # an unknown topic, named
    ({"orders": "false"}, "topics.orders"),        # a switch is a JSON boolean
    ({"orders": 0}, "topics.orders"),
    ({"orders": None}, "topics.orders"),           # null switches nothing: refused, as it always was
    (["orders"], "topics"),                        # not an object
    (False, "topics"),
])
def test_a_bad_topic_switch_is_a_422_naming_it(topics, field):
    for model in (PreferencesInput, CustomerInput):
        error = refused({"first_name": "A", "last_name": "B", "topics": topics} if model is CustomerInput
                        else {"topics": topics}, model)
        assert (error.status, error.field) == (422, field)


def test_a_patch_tells_null_from_left_out():
    given = decode({"mobile": None, "first_name": "Anna"}, CustomerPatch, null_is_missing=False)
    assert given.given() == {"mobile": None, "first_name": "Anna"}


def test_a_new_customer_needs_both_names_and_may_not_set_unknown_fields():
    assert refused({"last_name": "B"}, CustomerInput).field == "first_name"
    assert refused({"first_name": None, "last_name": "B"}, CustomerInput).field == "first_name"
    assert refused({"first_name": "A", "last_name": "B", "colour": "red"}, CustomerInput).field == "colour"
    assert refused({"first_name": "A", "last_name": "B", "language": "es"}, CustomerInput).field == "language"


def test_the_customer_search_reads_its_parameters_from_text():
    assert decode_query({}, CustomerQuery) == CustomerQuery(q=None, limit=25, cursor=None)
    assert decode_query({"q": "079 123", "limit": "100", "cursor": "abc"}, CustomerQuery) == CustomerQuery(
        q="079 123", limit=100, cursor="abc")
    with pytest.raises(ValidationError) as error:
        decode_query({"q": "x" * 201}, CustomerQuery)
    assert error.value.field == "q"
