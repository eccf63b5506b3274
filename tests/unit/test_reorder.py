"""The reorder basket the webshop shows after a customer follows a reminder link."""
from __future__ import annotations

import pytest

from chalicelib.domain.products import LensProduct
from chalicelib.domain.reorder import reorder_basket

DAILY = LensProduct("acuvue-oasys-1-day", "J&J", "Acuvue Oasys 1-Day", "daily", 1, (30, 90))
MONTHLY = LensProduct("biofinity", "CooperVision", "Biofinity", "monthly", 30, (3, 6))
TORIC = LensProduct("biofinity-toric", "CooperVision", "Biofinity toric", "monthly", 30, (3, 6))
CATALOGUE = {p.id: p for p in (DAILY, MONTHLY, TORIC)}


def order_line(product_id, eye, pack_size, quantity=1):
    return {"product_id": product_id, "eye": eye, "pack_size": pack_size, "quantity": quantity}


def test_no_previous_order_gives_largest_pack_per_eye():
    basket = reorder_basket({"right": "biofinity", "left": "biofinity"}, None, CATALOGUE)
    assert basket == [order_line("biofinity", "right", 6), order_line("biofinity", "left", 6)]


def test_empty_previous_order_is_like_none():
    passport = {"right": "acuvue-oasys-1-day", "left": "acuvue-oasys-1-day"}
    assert reorder_basket(passport, [], CATALOGUE) == [
        order_line("acuvue-oasys-1-day", "right", 90),
        order_line("acuvue-oasys-1-day", "left", 90),
    ]


def test_same_products_repeat_the_last_order():
    # GIVEN the customer last bought 2 x 3 monthly lenses per eye
    passport = {"right": "biofinity", "left": "biofinity"}
    last = [order_line("biofinity", "right", 3, 2), order_line("biofinity", "left", 3, 2)]
    # THEN the basket is the same again
    assert reorder_basket(passport, last, CATALOGUE) == last


def test_both_line_is_kept_when_both_eyes_still_wear_that_product():
    passport = {"right": "acuvue-oasys-1-day", "left": "acuvue-oasys-1-day"}
    last = [order_line("acuvue-oasys-1-day", "both", 90, 2)]
    assert reorder_basket(passport, last, CATALOGUE) == last


def test_both_line_is_dropped_when_one_eye_changed_product():
    # GIVEN a new prescription: the left eye now wears a toric lens
    passport = {"right": "biofinity", "left": "biofinity-toric"}
    last = [order_line("biofinity", "both", 6, 1)]
    # THEN both eyes get a fresh default line for their current product
    assert reorder_basket(passport, last, CATALOGUE) == [
        order_line("biofinity", "right", 6),
        order_line("biofinity-toric", "left", 6),
    ]


def test_changed_product_on_one_eye_keeps_the_other_eye_from_the_last_order():
    passport = {"right": "biofinity", "left": "biofinity-toric"}
    last = [order_line("biofinity", "right", 3, 2), order_line("biofinity", "left", 3, 2)]
    assert reorder_basket(passport, last, CATALOGUE) == [
        order_line("biofinity", "right", 3, 2),
        order_line("biofinity-toric", "left", 6, 1),
    ]


def test_one_eyed_passport_gets_only_that_eye():
    basket = reorder_basket({"right": "biofinity"}, None, CATALOGUE)
    assert basket == [order_line("biofinity", "right", 6)]
    basket = reorder_basket({"right": None, "left": "biofinity"}, None, CATALOGUE)
    assert basket == [order_line("biofinity", "left", 6)]


def test_last_order_lines_for_an_eye_no_longer_in_the_passport_are_dropped():
    last = [order_line("biofinity", "right", 6), order_line("biofinity", "left", 6)]
    assert reorder_basket({"right": "biofinity"}, last, CATALOGUE) == [order_line("biofinity", "right", 6)]


def test_unknown_product_gets_no_line():
    # an optician's own product that has since been removed cannot be sold
    passport = {"right": "gone", "left": "biofinity"}
    last = [order_line("gone", "right", 6)]
    assert reorder_basket(passport, last, CATALOGUE) == [order_line("biofinity", "left", 6)]


def test_pack_size_no_longer_sold_falls_back_to_the_default():
    passport = {"right": "biofinity", "left": "biofinity"}
    last = [order_line("biofinity", "right", 12, 1), order_line("biofinity", "left", 3, 1)]
    assert reorder_basket(passport, last, CATALOGUE) == [
        order_line("biofinity", "right", 6, 1),
        order_line("biofinity", "left", 3, 1),
    ]


@pytest.mark.parametrize(
    "bad",
    [
        None,
        "line",
        {"product_id": "biofinity", "eye": "middle", "pack_size": 6, "quantity": 1},
        {"product_id": "biofinity", "eye": "right", "pack_size": 6, "quantity": 0},
        {"product_id": "biofinity", "eye": "right", "pack_size": 6, "quantity": True},
        {"product_id": "biofinity", "eye": "right", "pack_size": "6", "quantity": 1},
        {"product_id": None, "eye": "right", "pack_size": 6, "quantity": 1},
        {"eye": "right", "pack_size": 6, "quantity": 1},
    ],
)
def test_malformed_stored_lines_are_replaced_by_the_default(bad):
    basket = reorder_basket({"right": "biofinity"}, [bad], CATALOGUE)
    assert basket == [order_line("biofinity", "right", 6)]


def test_lookup_may_be_a_function():
    own = LensProduct("own-daily", "Optik Muster", "Hausmarke", "daily", 1, (30,), shared=False)

    def lookup(product_id):
        return own if product_id == "own-daily" else CATALOGUE.get(product_id)

    basket = reorder_basket({"right": "own-daily", "left": "biofinity"}, None, lookup)
    assert basket == [order_line("own-daily", "right", 30), order_line("biofinity", "left", 6)]


def test_right_comes_before_left_and_extra_keys_are_not_copied():
    passport = {"right": "biofinity", "left": "biofinity"}
    last = [
        {**order_line("biofinity", "left", 6), "price": "49.90"},
        {**order_line("biofinity", "right", 6), "line_id": "x"},
    ]
    basket = reorder_basket(passport, last, CATALOGUE)
    assert basket == [order_line("biofinity", "right", 6), order_line("biofinity", "left", 6)]


def test_does_not_modify_its_input():
    passport = {"right": "biofinity", "left": "biofinity"}
    last = [order_line("biofinity", "right", 3, 2)]
    reorder_basket(passport, last, CATALOGUE)[0]["quantity"] = 99
    assert last == [order_line("biofinity", "right", 3, 2)]
    assert passport == {"right": "biofinity", "left": "biofinity"}


def test_basket_works_with_the_shipped_catalogue():
    from chalicelib.catalogue import load_catalogue

    basket = reorder_basket({"right": "dailies-total1", "left": "dailies-total1"}, None, load_catalogue())
    assert basket == [order_line("dailies-total1", "right", 90), order_line("dailies-total1", "left", 90)]
