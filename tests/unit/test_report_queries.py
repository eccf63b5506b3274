"""The report and agenda query parameters: their ranges on both sides and the field a refusal names."""
from __future__ import annotations

import pytest

from chalicelib.api.bodies import decode_query
from chalicelib.domain.errors import ValidationError
from chalicelib.schemas.reports import AgendaQuery, ConversionQuery


def test_the_agenda_defaults_and_its_accepted_extremes():
    assert (AgendaQuery().days, AgendaQuery().limit, AgendaQuery().cursor) == (14, 100, None)
    assert decode_query({"days": "1", "limit": "1"}, AgendaQuery) == AgendaQuery(days=1, limit=1)
    assert decode_query({"days": "60", "limit": "200", "cursor": "c"}, AgendaQuery) == AgendaQuery(
        days=60, limit=200, cursor="c")
    assert decode_query({"days": "", "limit": ""}, AgendaQuery) == AgendaQuery(days=14, limit=100)


@pytest.mark.parametrize("params, field", [
    ({"days": "0"}, "days"), ({"days": "61"}, "days"), ({"days": "-1"}, "days"), ({"days": "1.5"}, "days"),
    ({"days": "x"}, "days"), ({"limit": "0"}, "limit"), ({"limit": "201"}, "limit"),
])
def test_agenda_values_out_of_range_are_refused_naming_them(params, field):
    with pytest.raises(ValidationError) as refused:
        decode_query(params, AgendaQuery)
    assert refused.value.field == field


def test_months_of_the_report_are_yyyy_mm():
    query = decode_query({"from": "2000-01", "to": "2999-12"}, ConversionQuery)
    assert (query.first_month, query.last_month) == ("2000-01", "2999-12")
    assert decode_query({}, ConversionQuery) == ConversionQuery(first_month=None, last_month=None)


@pytest.mark.parametrize("params, field", [
    ({"from": "2026-13"}, "from"), ({"to": "26-03"}, "to"), ({"from": "march"}, "from"), ({"to": "2026-1"}, "to"),
    ({"from": "1999-12"}, "from"), ({"to": "2026-03-01"}, "to"), ({"from": "3000-01"}, "from"),
])
def test_a_malformed_month_is_refused_naming_it(params, field):
    with pytest.raises(ValidationError) as refused:
        decode_query(params, ConversionQuery)
    assert refused.value.field == field
