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
