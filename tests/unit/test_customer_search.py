"""Finding a customer the way an optician types: national phone format, names without accents."""
import pytest

from chalicelib.domain.customer_search import fold, haystack, needle

ANNA = haystack("Anna", "Müller", "anna.mueller@example.ch", "+41791234567")


def found(query: str, text: str = ANNA) -> bool:
    return needle(query) in text


@pytest.mark.parametrize("query", ["079 123 45 67", "0791234567", "+41 79 123 45 67", "+41791234567",
                                   "079/123 45 67", "791234567", "45 67 "])
def test_the_mobile_is_found_in_the_usual_formats(query):
    assert found(query)


@pytest.mark.parametrize("query", ["Müller", "muller", "mueller", "MÜLLER", "anna", "anna.mueller@", "Ann"])
def test_names_are_found_with_or_without_accents(query):
    assert found(query)


def test_other_customers_are_not_found():
    assert not found("078 123 45 67")
    assert not found("Meier")


def test_accents_of_other_languages_fold_too():
    text = haystack("Françoise", "Dubé", None, None)
    assert found("francoise", text) and found("Françoise", text) and found("dube", text)
    assert fold("Straße") == "strasse"


def test_a_foreign_mobile_is_found_in_its_national_form():
    text = haystack("Hans", "Huber", None, "+4915123456789")
    assert found("0151 23456789", text) and found("+49 151 23456789", text)
