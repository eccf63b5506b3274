"""The message models name the same kinds, topics and reasons as the domain (one list each to keep true)."""
from __future__ import annotations

from typing import get_args

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
