"""The message models name the same kinds, topics and reasons as the domain (one list each to keep true)."""
from __future__ import annotations

from typing import get_args

import pytest

from chalicelib.api.bodies import decode, decode_query
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.message_kinds import KINDS, TOPICS
from chalicelib.domain.reasons import REASON_CODES
from chalicelib.schemas.messages import REASONS, Kind, Message, Topic


def test_the_documented_kinds_and_topics_are_the_domains():
    assert sorted(get_args(Kind)) == sorted(KINDS)
    assert sorted(get_args(Topic)) == sorted(TOPICS)


def test_every_reason_code_is_documented_with_its_english_text():
    for code in REASON_CODES:
        assert f"- `{code}`: " in REASONS
    assert "- `bounced`: Error: the e-mail bounced" in REASONS


def test_the_history_record_declares_every_field_present_shows():
    from chalicelib.services.messaging.history import PUBLIC_FIELDS

    assert Message.__struct_fields__ == PUBLIC_FIELDS


def test_only_the_manual_kinds_can_be_sent_by_hand():
    from chalicelib.domain.message_kinds import MANUAL_KINDS
    from chalicelib.schemas.messages import ManualKind

    assert sorted(get_args(ManualKind)) == sorted(MANUAL_KINDS)


@pytest.mark.parametrize("body", [{"kind": "repurchase_reminder"}, {"kind": "nope"}, {"kind": 3}, {}])
def test_a_manual_send_of_another_kind_is_refused_naming_kind(body):
    from chalicelib.schemas.messages import ManualSendInput

    with pytest.raises(ValidationError) as refused:
        decode(body, ManualSendInput)
    assert refused.value.field == "kind"


def test_a_preview_keeps_nulls_inside_its_template_data():
    from chalicelib.schemas.messages import PreviewInput

    given = decode({"kind": "order_confirmation", "customer_id": "c1", "channel": None,
                    "data": {"order": {"tracking_url": None}}}, PreviewInput, null_is_missing=False)
    assert (given.channel, given.data) == (None, {"order": {"tracking_url": None}})
    with pytest.raises(ValidationError) as refused:
        decode({"kind": "spam", "customer_id": "c1"}, PreviewInput)
    assert refused.value.field == "kind"


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "2026-03-01", "1999-12", "march"])
def test_a_usage_month_must_be_yyyy_mm(month):
    from chalicelib.schemas.messages import UsageQuery

    with pytest.raises(ValidationError) as refused:
        decode_query({"month": month}, UsageQuery)
    assert refused.value.field == "month"
    assert decode_query({"month": "2026-03"}, UsageQuery).month == "2026-03"
    assert decode_query({"month": ""}, UsageQuery).month is None
