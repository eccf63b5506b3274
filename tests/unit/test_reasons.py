"""The reason codes of the message history in the optician's language (SPEC §4, §8)."""
from __future__ import annotations

import pytest

from chalicelib.domain.reasons import REASON_CODES, reason_table, reason_text


@pytest.mark.parametrize("language, text", [
    ("de", "Fehler: Die Handynummer ist ungültig. Bitte korrigieren."),
    ("fr", "Erreur : le numéro de mobile n'est pas valable. Veuillez le corriger."),
    ("it", "Errore: il numero di cellulare non è valido. Si prega di correggerlo."),
    ("en", "Error: the mobile number is invalid. Please correct it."),
])
def test_a_reason_reads_in_the_opticians_language(language, text):
    assert reason_text("invalid_number", language) == text


def test_without_a_language_the_text_is_german():
    assert reason_text("limit_reached") == "Nicht gesendet: Das monatliche SMS-Limit ist erreicht."


@pytest.mark.parametrize("language", [None, "es", ""])
def test_an_unknown_language_falls_back_to_german(language):
    assert reason_text("opted_out", language) == "Fehler: Der Kunde hat SMS mit STOP abbestellt."


def test_a_code_added_later_gets_a_generic_text_instead_of_failing_the_history():
    assert reason_text("some_new_code", "fr") == "Voir le code."
    assert reason_text("some_new_code", "en") == "See the code."


@pytest.mark.parametrize("code", [None, ""])
def test_a_message_without_a_reason_has_no_text(code):
    assert reason_text(code, "de") is None


def test_every_code_has_its_own_text_in_all_four_languages_in_swiss_spelling():
    for language in ("de", "fr", "it", "en"):
        texts = [reason_text(code, language) for code in REASON_CODES]
        assert len(set(texts)) == len(REASON_CODES), language
    assert not any("ß" in reason_text(code, "de") for code in REASON_CODES)


def test_the_table_lists_every_code_with_its_english_text_by_default():
    table = reason_table()

    assert [code for code, _ in table] == list(REASON_CODES)
    assert dict(table)["bounced"] == ("Error: the e-mail bounced (address does not exist or mailbox full). "
                                      "Please check the address.")


def test_the_table_in_another_language():
    assert dict(reason_table("it"))["topic_off"] == "Non inviato: il cliente ha disattivato questo tema."
