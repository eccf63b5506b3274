import hashlib
import hmac

import pytest

from chalicelib.domain.errors import Unauthorized
from chalicelib.domain.signature import sign, verify

SECRET = "whsec_test"
BODY = b'{"event_id":"e1"}'


def test_a_fresh_correct_signature_is_accepted():
    verify(SECRET, sign(SECRET, BODY, 1_000_000), BODY, now=1_000_100)


@pytest.mark.parametrize("header, now", [
    (sign("other", BODY, 1_000_000), 1_000_000),          # wrong secret
    (sign(SECRET, BODY + b" ", 1_000_000), 1_000_000),     # body changed
    (sign(SECRET, BODY, 1_000_000), 1_000_301),            # older than 300 s
    (sign(SECRET, BODY, 1_000_400), 1_000_000),            # from the future
    ("t=abc,v1=00", 1_000_000),
    ("v1=" + "0" * 64, 1_000_000),
    ("", 1_000_000),
    ("t=1000000,v1=\u00e9" + "0" * 63, 1_000_000),       # not ASCII: refused, not an error
    ("t=\u00b2,v1=" + "0" * 64, 1_000_000),                 # "²" is a digit to str.isdigit, not to int()
    ("t=" + "9" * 5000 + ",v1=" + "0" * 64, 1_000_000),     # past int()'s digit limit
])
def test_bad_stale_or_malformed_signatures_are_refused_alike(header, now):
    with pytest.raises(Unauthorized) as refused:
        verify(SECRET, header, BODY, now=now)
    assert refused.value.message == "The request signature is missing, invalid or expired."


def test_an_unknown_optician_has_no_secret_and_is_refused():
    with pytest.raises(Unauthorized):
        verify(None, sign(SECRET, BODY, 1_000_000), BODY, now=1_000_000)


def test_an_upper_case_hex_signature_is_accepted():
    header = sign(SECRET, BODY, 1_000_000)
    timestamp, mac = header.split(",")
    verify(SECRET, f"{timestamp},{mac[:3]}{mac[3:].upper()}", BODY, now=1_000_000)


def test_one_valid_candidate_among_several_is_enough():
    header = sign(SECRET, BODY, 1_000_000) + ",v1=" + "0" * 64
    verify(SECRET, header, BODY, now=1_000_000)


def test_the_signature_is_the_hmac_sha256_of_timestamp_dot_body_as_documented():
    # What a webshop implements from SPEC §5 without our code: hex HMAC-SHA256 of "<t>.<raw body>".
    mac = hmac.new(b"whsec_test", b'1000000.{"event_id":"e1"}', hashlib.sha256).hexdigest()

    assert sign(SECRET, BODY, 1_000_000) == f"t=1000000,v1={mac}"
    verify(SECRET, f"t=1000000,v1={mac}", BODY, now=1_000_000)


def test_a_signature_exactly_at_the_tolerance_is_still_accepted():
    verify(SECRET, sign(SECRET, BODY, 1_000_000), BODY, now=1_000_300)
    verify(SECRET, sign(SECRET, BODY, 1_000_300), BODY, now=1_000_000)
    verify(SECRET, sign(SECRET, BODY, 1_000_000), BODY, now=1_000_060, tolerance=60)
    with pytest.raises(Unauthorized):
        verify(SECRET, sign(SECRET, BODY, 1_000_000), BODY, now=1_000_061, tolerance=60)


def test_a_valid_mac_with_anything_glued_on_by_an_equals_sign_is_refused():
    mac = sign(SECRET, BODY, 1_000_000).split("v1=")[1]
    for header in (f"t=1000000,v1={mac}=x", f"t=1000000,v1=x={mac}"):
        with pytest.raises(Unauthorized):
            verify(SECRET, header, BODY, now=1_000_000)


def test_a_value_with_an_equals_sign_elsewhere_does_not_break_the_check():
    header = sign(SECRET, BODY, 1_000_000) + ",v0=a=b"
    verify(SECRET, header, BODY, now=1_000_000)


def test_a_candidate_that_cannot_be_encoded_is_refused_not_an_error():
    # JSON escapes can put a lone surrogate into a header value; it must be the same 401.
    with pytest.raises(Unauthorized):
        verify(SECRET, "t=1000000,v1=\ud800" + "0" * 63, BODY, now=1_000_000)
