"""Bodies decoded by their model: the value, or the SPEC §5 error naming the field msgspec points at."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

import msgspec
import pytest

from chalicelib.api.bodies import decode, decode_query, field_error, field_path
from chalicelib.schemas.base import Model, Query
from chalicelib.domain.errors import BadRequest, ValidationError


class Line(Model):
    product_id: str
    pack_size: Annotated[int, msgspec.Meta(ge=1, le=12)]


class Order(Model):
    ordered_on: date
    channel: Literal["sms", "email"] = "sms"
    note: str | None = None
    lines: list[Line] = []


def refused(body) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        decode(body, Order)
    return error.value


def test_a_valid_body_becomes_the_model_with_its_defaults():
    order = decode({"ordered_on": "2026-03-01", "lines": [{"product_id": "p1", "pack_size": 12}]}, Order)
    assert order == Order(ordered_on=date(2026, 3, 1), channel="sms", note=None,
                          lines=[Line(product_id="p1", pack_size=12)])


def test_null_counts_as_left_out_so_the_default_applies():
    assert decode({"ordered_on": "2026-03-01", "channel": None, "note": None}, Order).channel == "sms"


def test_null_for_a_required_field_is_reported_as_missing():
    error = refused({"ordered_on": None})
    assert (error.field, error.message, error.status) == ("ordered_on", "'ordered_on' is required.", 422)


def test_null_stays_an_error_where_the_caller_keeps_nulls():
    with pytest.raises(ValidationError) as error:
        decode({"ordered_on": "2026-03-01", "channel": None}, Order, null_is_missing=False)
    assert error.value.field == "channel"


def test_a_missing_field_inside_a_list_item_is_named_with_its_path():
    error = refused({"ordered_on": "2026-03-01", "lines": [{"pack_size": 1}]})
    assert (error.field, error.message) == ("lines[0].product_id", "'lines[0].product_id' is required.")


def test_an_unknown_field_is_refused_by_its_name():
    assert refused({"ordered_on": "2026-03-01", "colour": "red"}).field == "colour"
    nested = refused({"ordered_on": "2026-03-01", "lines": [{"product_id": "p", "pack_size": 1, "x": 1}]})
    assert (nested.field, nested.message) == ("lines[0].x", "Unknown field 'lines[0].x'.")


@pytest.mark.parametrize("body, field", [
    ({"ordered_on": "2026-02-30"}, "ordered_on"),            # not a calendar date
    ({"ordered_on": 20260301}, "ordered_on"),                # not a string
    ({"ordered_on": "2026-03-01", "channel": "fax"}, "channel"),
    ({"ordered_on": "2026-03-01", "lines": [{"product_id": "p", "pack_size": 13}]}, "lines[0].pack_size"),
    ({"ordered_on": "2026-03-01", "lines": [{"product_id": "p", "pack_size": 0}]}, "lines[0].pack_size"),
    ({"ordered_on": "2026-03-01", "lines": [{"product_id": "p", "pack_size": True}]}, "lines[0].pack_size"),
    ({"ordered_on": "2026-03-01", "lines": {"product_id": "p"}}, "lines"),
])
def test_a_wrong_value_names_its_field(body, field):
    error = refused(body)
    assert error.field == field and error.code == "invalid_field"
    assert error.message.startswith(f"'{field}': ")


def test_the_accepted_extremes_of_a_range_pass():
    lines = [{"product_id": "p", "pack_size": 1}, {"product_id": "p", "pack_size": 12}]
    assert [line.pack_size for line in decode({"ordered_on": "2026-03-01", "lines": lines}, Order).lines] == [1, 12]


def test_the_message_says_what_was_expected_in_words():
    assert refused({"ordered_on": "2026-03-01", "note": 5}).message == "'note': expected a string or null, got a whole number."


@pytest.mark.parametrize("body", [[], "text", 5])
def test_a_body_that_is_no_object_is_a_bad_request(body):
    with pytest.raises(BadRequest):
        decode(body, Order)


def test_msgspec_paths_become_our_field_names():
    assert field_path(".lines[0].pack_size") == "lines[0].pack_size"
    assert field_path("") == ""
    assert field_error("Expected `int` <= 12 - at `$.lines[2].pack_size`").field == "lines[2].pack_size"
    assert field_error("Object missing required field `name`").field == "name"
    assert field_error("Object contains unknown field `x` - at `$.branding`").field == "branding.x"


class Page(Query):
    limit: Annotated[int, msgspec.Meta(ge=1, le=100)] = 25
    cursor: str | None = None
    since: date | None = msgspec.field(default=None, name="from")
    status: Literal["sent", "failed"] | None = None


@pytest.mark.parametrize("params, expected", [
    ({}, Page(limit=25)),
    ({"limit": "1"}, Page(limit=1)),
    ({"limit": "100", "cursor": "abc"}, Page(limit=100, cursor="abc")),
    ({"limit": ""}, Page(limit=25)),                       # empty: left out, as before
    ({"limit": "7", "_": "1700000000"}, Page(limit=7)),    # an unknown parameter is ignored
])
def test_query_parameters_are_read_from_their_text(params, expected):
    assert decode_query(params, Page) == expected


@pytest.mark.parametrize("limit", ["0", "101", "abc", "²", "9" * 50, " 5"])
def test_a_bad_query_parameter_is_a_422_naming_it(limit):
    with pytest.raises(ValidationError) as error:
        decode_query({"limit": limit}, Page)
    assert (error.value.field, error.value.status) == ("limit", 422)


class Patch(Model):
    note: str | None | msgspec.UnsetType = msgspec.UNSET
    channel: Literal["sms", "email"] | None | msgspec.UnsetType = msgspec.UNSET


def test_given_tells_a_field_left_out_from_one_set_to_null():
    assert decode({"note": None}, Patch, null_is_missing=False).given() == {"note": None}
    assert decode({"channel": "sms"}, Patch, null_is_missing=False).given() == {"channel": "sms"}
    assert decode({}, Patch, null_is_missing=False).given() == {}


def test_query_parameters_become_typed_values_and_empty_or_unknown_ones_are_left_out():
    assert decode_query({"limit": "100", "from": "2026-03-01", "status": "", "_": "123"}, Page) == Page(
        limit=100, since=date(2026, 3, 1), status=None)
    assert decode_query(None, Page) == Page() and decode_query({"limit": "1"}, Page).limit == 1


@pytest.mark.parametrize("params, field", [
    ({"limit": "ten"}, "limit"), ({"from": "2026-13-01"}, "from"), ({"from": "yesterday"}, "from"),
    ({"status": "bogus"}, "status"),
])
def test_a_bad_date_or_choice_is_a_422_naming_it(params, field):
    with pytest.raises(ValidationError) as error:
        decode_query(params, Page)
    assert (error.value.status, error.value.field) == (422, field)
    assert error.value.message.startswith(f"'{field}': ")
