"""Channel choice per package, preference and available contacts (SPEC §4)."""
import pytest

from chalicelib.domain.channel import (
    NO_CONTACT,
    allowed_channels,
    choose_channel,
    not_sent_reason,
    validate_channel,
)
from chalicelib.domain.errors import ValidationError

MOBILE = "+41791234567"
EMAIL = "kunde@example.ch"

# package, preferred, has mobile, e-mail state ("none" | "ok" | "blocked") -> channel
TABLE = [
    ("silver", "sms", True, "none", "sms"),
    ("silver", "sms", True, "ok", "sms"),
    ("silver", "sms", True, "blocked", "sms"),
    ("silver", "sms", False, "none", None),
    ("silver", "sms", False, "ok", None),
    ("silver", "sms", False, "blocked", None),
    ("silver", "email", True, "none", "sms"),
    ("silver", "email", True, "ok", "sms"),
    ("silver", "email", True, "blocked", "sms"),
    ("silver", "email", False, "none", None),
    ("silver", "email", False, "ok", None),
    ("silver", "email", False, "blocked", None),
    ("gold", "sms", True, "none", "sms"),
    ("gold", "sms", True, "ok", "sms"),
    ("gold", "sms", True, "blocked", "sms"),
    ("gold", "sms", False, "none", None),
    ("gold", "sms", False, "ok", "email"),
    ("gold", "sms", False, "blocked", None),
    ("gold", "email", True, "none", "sms"),
    ("gold", "email", True, "ok", "email"),
    ("gold", "email", True, "blocked", "sms"),
    ("gold", "email", False, "none", None),
    ("gold", "email", False, "ok", "email"),
    ("gold", "email", False, "blocked", None),
]


@pytest.mark.parametrize("package, preferred, has_mobile, email_state, expected", TABLE)
def test_channel_table(package, preferred, has_mobile, email_state, expected):
    chosen = choose_channel(
        package,
        preferred,
        MOBILE if has_mobile else None,
        None if email_state == "none" else EMAIL,
        email_blocked=email_state == "blocked",
    )
    assert chosen == expected


def test_table_is_exhaustive():
    combos = {(p, c, m, e) for p, c, m, e, _ in TABLE}
    assert len(combos) == len(TABLE) == 2 * 2 * 2 * 3


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_contacts_count_as_missing(blank):
    assert choose_channel("gold", "email", blank, blank) is None
    assert choose_channel("gold", "email", MOBILE, blank) == "sms"


def test_no_preference_tries_sms_first():
    assert choose_channel("gold", None, MOBILE, EMAIL) == "sms"
    assert choose_channel("gold", None, None, EMAIL) == "email"


def test_allowed_channels_per_package():
    assert allowed_channels("silver") == ("sms",)
    assert allowed_channels("gold") == ("sms", "email")


def test_unknown_package_and_channel_are_rejected():
    with pytest.raises(ValidationError) as err:
        allowed_channels("platinum")
    assert err.value.field == "package"
    with pytest.raises(ValidationError) as err:
        choose_channel("gold", "fax", MOBILE, EMAIL)
    assert err.value.field == "preferred_channel"


def test_validate_channel():
    assert validate_channel("email") == "email"
    with pytest.raises(ValidationError) as err:
        validate_channel("SMS", field="channel")
    assert err.value.field == "channel"


def test_no_contact_reason_name():
    assert NO_CONTACT == "no_contact"


def test_the_refusals_list_the_choices():
    with pytest.raises(ValidationError) as package:
        allowed_channels("platinum")
    with pytest.raises(ValidationError) as channel:
        validate_channel(None)

    assert package.value.message == "package must be one of: silver, gold"
    assert (channel.value.field, channel.value.message) == ("preferred_channel", "must be one of: sms, email")


def test_why_nothing_was_sent_while_the_email_sender_is_not_verified():
    # e-mail would have gone out with a verified sender: the optician must finish the sender setup
    assert not_sent_reason("gold", "email", None, EMAIL) == "sender_not_verified"
    # a blocked address or a silver package: there was never a usable contact
    assert not_sent_reason("gold", "email", None, EMAIL, email_blocked=True) == "no_contact"
    assert not_sent_reason("silver", None, None, EMAIL) == "no_contact"
    # the customer's preference and mobile count as they would with a verified sender
    assert not_sent_reason("gold", "email", MOBILE, EMAIL) == "sender_not_verified"
