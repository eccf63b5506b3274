"""The stored reminder record's schedule fields (domain/reminder.py): a field the kind always has is
read as such, and a stored item that lacks it fails loudly, naming the field."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.reminder import KINDS, Reminder, day, required


def test_the_three_kinds_share_one_record():
    assert KINDS == ("repurchase", "control", "lens_exchange")
    control = Reminder("rem_1", "cus_1", "control", True, next_on="2027-03-10", cycle_months=12,
                       anchor_on="2026-03-10")
    assert (control.version, control.occurrence, control.details) == (1, None, {})


def test_a_field_the_kind_always_has_is_returned_as_stored():
    assert required(28, "interval_days") == 28
    assert required(0, "interval_days") == 0     # a zero is a value, only a missing field is a bug
    assert day("2027-03-10", "next_on") == date(2027, 3, 10)


@pytest.mark.parametrize("call", [lambda: required(None, "anchor_on"), lambda: day(None, "anchor_on")])
def test_a_stored_reminder_without_the_field_fails_naming_it(call):
    with pytest.raises(ValueError, match="^a stored reminder without its anchor_on$"):
        call()
