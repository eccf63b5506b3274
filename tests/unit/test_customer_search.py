"""Finding a customer the way an optician types: national phone format, names without accents, beginnings."""
import pytest

from chalicelib.domain.customer_search import fold, is_hit, lead_word, query_words, search_keys



def anna() -> list[str]:
    # Computed in each test, not at import: a value made while the test module loads is made before
    # mutmut switches a mutant on, so the keys would never show a mutant's effect.
    return search_keys("Anna", "Müller", "anna.mueller@example.ch", "+41791234567")


def found(query: str, keys: list[str] | None = None) -> bool:
    """As the index answers: some key begins with the lead word and is the customer's one hit for it."""
    keys = anna() if keys is None else keys
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
    words, keys = query_words("mu"), anna()
    hits = [key for key in keys if key.startswith("mu") and is_hit(key, keys, words)]
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


def test_every_key_of_a_customer_in_index_order():
    assert anna() == ["0791234567", "41791234567", "791234567", "anna", "anna.mueller", "anna.mueller@example.ch",
                      "example.ch", "mueller", "muller"]


def test_a_name_is_found_in_its_transliteration_without_an_email_to_help():
    keys = search_keys("Jürg", "Müller", None, None)
    assert "mueller" in keys and "juerg" in keys and found("mueller", keys)


def test_an_address_with_a_space_gives_no_key_with_a_space():
    keys = search_keys(None, None, "anna mueller@example.ch", None)
    assert keys == ["example.ch"]


def test_the_lead_word_is_the_longest_however_they_sort():
    assert lead_word(["anna", "mu"]) == "anna"
    assert lead_word(["zo", "mueller"]) == "mueller"


def test_an_index_entry_the_customer_no_longer_has_is_no_hit():
    # A stale entry (the customer was renamed meanwhile): none of her keys begins with the word.
    assert not is_hit("mueller", ["anna", "meier"], ["mu"])
