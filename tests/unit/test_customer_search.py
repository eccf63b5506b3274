"""Finding a customer the way an optician types: national phone format, names without accents, beginnings."""
import pytest

from chalicelib.domain.customer_search import fold, is_hit, lead_word, query_words, search_keys

ANNA = search_keys("Anna", "Müller", "anna.mueller@example.ch", "+41791234567")


def found(query: str, keys: list[str] = ANNA) -> bool:
    """As the index answers: some key begins with the lead word and is the customer's one hit for it."""
    words = query_words(query)
    return bool(words) and any(is_hit(key, keys, words) for key in keys if key.startswith(lead_word(words)))


@pytest.mark.parametrize("query", ["079 123 45 67", "0791234567", "+41 79 123 45 67", "+41791234567",
                                   "079/123 45 67", "791234567", "079 12"])
def test_the_mobile_is_found_in_the_usual_formats(query):
    assert found(query)


@pytest.mark.parametrize("query", ["Müller", "muller", "mueller", "MÜLLER", "mul", "Mül", "anna", "Ann",
                                   "anna.mueller@", "anna.mueller@example.ch", "example.ch", "anna mul", "mül ann"])
def test_names_and_addresses_are_found_by_their_beginning_with_or_without_accents(query):
    assert found(query)


def test_other_customers_are_not_found():
    assert not found("078 123 45 67")
    assert not found("Meier")
    assert not found("anna meier")  # every word must begin one of her keys
    assert not found("ller")        # the middle of a name is not a beginning


def test_a_customer_is_a_hit_for_one_key_only_so_a_list_shows_her_once():
    # "mu" begins "mueller" (name and e-mail piece) and "muller": only the first in index order counts
    words = query_words("mu")
    hits = [key for key in ANNA if key.startswith("mu") and is_hit(key, ANNA, words)]
    assert hits == ["mueller"]


def test_accents_of_other_languages_fold_too():
    keys = search_keys("Françoise", "Dubé", None, None)
    assert found("francoise", keys) and found("Françoise", keys) and found("dube", keys)
    assert fold("Straße") == "strasse"


def test_double_names_are_found_by_each_part():
    keys = search_keys("Anna", "Meier-Müller", None, None)
    assert found("meier-mu", keys) and found("muller", keys) and found("meier", keys)


def test_a_foreign_mobile_is_found_in_its_national_form():
    keys = search_keys("Hans", "Huber", None, "+4915123456789")
    assert found("0151 23456789", keys) and found("+49 151 23456789", keys)


def test_keys_are_bounded_and_never_contain_spaces():
    keys = search_keys("A B C D E F G H I J K L M N O P Q R S T U V W X Y Z " * 3, "Ä Ö Ü " * 20, None, None)
    assert len(keys) <= 40 and all(" " not in key for key in keys)
    assert query_words("   ") == [] and query_words("Anna  ANNA") == ["anna"]
