"""Protected SMS sender names: compared case- and space-insensitively; the list an operator extends."""
import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.sender_names import check_not_protected, normalise, protected_set

PROTECTED = protected_set(["UBS", "PostFinance", "TWINT", "SwissPost", "Groupe Mutuel"])


@pytest.mark.parametrize("name", ["UBS", "ubs", "U B S", "Post Finance", "POSTFINANCE", "twint", "Swiss Post",
                                  "GroupeMutuel", " groupe  mutuel "])
def test_a_protected_name_is_refused_however_it_is_written(name):
    with pytest.raises(ValidationError) as refused:
        check_not_protected(name, PROTECTED)
    assert refused.value.field == "sender_name" and refused.value.status == 422


@pytest.mark.parametrize("name", ["OptikMuster", "UBS Optik", "Postillon", "Twinkle"])
def test_a_name_that_only_resembles_one_is_kept_as_written(name):
    assert check_not_protected(name, PROTECTED) == name


def test_normalise_drops_all_whitespace_and_case():
    assert normalise(" Post\tFinance ") == "postfinance"
    assert protected_set(["", "  "]) == frozenset()


def test_the_shipped_list_covers_each_kind_and_the_env_var_extends_it(monkeypatch):
    from chalicelib.config import reset_config
    from chalicelib.protected_names import protected_sender_names

    shipped = protected_sender_names()
    for name in ("UBS", "PostFinance", "TWINT", "SwissPost", "Swisscom", "Helsana", "Polizei", "admin"):
        assert normalise(name) in shipped, name
    assert "optikfake" not in shipped

    monkeypatch.setenv("PROTECTED_SENDER_NAMES", "Optik Fake, Brillen Bank ,")
    reset_config()
    try:
        extended = protected_sender_names()
        assert {"optikfake", "brillenbank"} <= extended and shipped <= extended
    finally:
        monkeypatch.delenv("PROTECTED_SENDER_NAMES")
        reset_config()


def test_the_refusal_tells_the_optician_why_and_what_to_choose_instead():
    with pytest.raises(ValidationError) as refused:
        check_not_protected("Post Finance", PROTECTED, field="sms.sender_name")

    assert refused.value.field == "sms.sender_name"
    assert refused.value.message == (
        "'Post Finance' is a protected sender name (banks, payment, post, authorities, telecoms, health "
        "insurers): customers would take the SMS for theirs. Choose your shop's name.")
