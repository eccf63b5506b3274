"""The stored reminder record's schedule fields (domain/reminder.py): a field the kind always has is
read as such, a stored item that lacks it fails loudly, naming the field, and its dates are shown
as the API's ISO days."""
from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.reminder import KINDS, Reminder, required


def test_the_three_kinds_share_one_record():
    assert KINDS == ("repurchase", "control", "lens_exchange")
    control = Reminder("rem_1", "cus_1", "control", True, next_on=date(2027, 3, 10), cycle_months=12,
                       anchor_on=date(2026, 3, 10))
    assert (control.version, control.occurrence, control.details) == (1, None, {})


def test_a_field_the_kind_always_has_is_returned_as_stored():
    assert required(28, "interval_days") == 28
    assert required(0, "interval_days") == 0     # a zero is a value, only a missing field is a bug
    assert required(date(2027, 3, 10), "next_on") == date(2027, 3, 10)


def test_a_stored_reminder_without_the_field_fails_naming_it():
    with pytest.raises(ValueError, match="^a stored reminder without its anchor_on$"):
        required(None, "anchor_on")
