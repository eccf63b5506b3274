"""The ready-made reorder basket the webshop shows a customer who follows a reminder link."""
from __future__ import annotations

from typing import Any, Callable, Mapping, Optional, Union

from chalicelib.domain.products import LensProduct

ProductLookup = Union[Mapping[str, LensProduct], Callable[[str], Optional[LensProduct]]]

_PASSPORT_EYES = ("right", "left")


def reorder_basket(
    passport_eyes: Mapping[str, Optional[str]],
    last_order_lines: Optional[list[dict[str, Any]]],
    lookup: ProductLookup,
) -> list[dict[str, Any]]:
    """The lines to put in the customer's basket: ``{"product_id", "eye", "pack_size", "quantity"}``.

    Rule, per eye of the lens passport (``passport_eyes`` maps ``right``/``left`` to a product id):
    - a line of the last order is kept as it was when its product is still the passport's
      product for its eye (for a ``both`` line: for both eyes) and that product is still
      sold in its pack size — the customer most likely wants the same again;
    - a passport eye no kept line covers gets one line: its product, the largest pack
      size, quantity 1 (a fresh prescription, or no previous order).
    Eyes whose product is unknown to ``lookup`` (a mapping or a function returning the
    product or None) get nothing: the shop cannot sell them. Right comes before left.
    """
    get = lookup.get if isinstance(lookup, Mapping) else lookup
    wanted: dict[str, str] = {
        eye: product_id
        for eye in _PASSPORT_EYES
        if isinstance(product_id := passport_eyes.get(eye), str) and product_id
    }

    basket: list[dict[str, Any]] = []
    covered: set[str] = set()
    for line in last_order_lines or []:
        kept = _still_valid(line, wanted, get)
        if kept is not None:
            basket.append(kept)
            covered.update(_eyes_of(kept["eye"]))

    for eye, product_id in wanted.items():
        if eye in covered:
            continue
        product = get(product_id)
        if product is None or not product.pack_sizes:
            continue
        basket.append(
            {"product_id": product_id, "eye": eye, "pack_size": max(product.pack_sizes), "quantity": 1}
        )
    return sorted(basket, key=lambda line: ("right", "both", "left").index(line["eye"]))


def _eyes_of(eye: str) -> tuple[str, ...]:
    return _PASSPORT_EYES if eye == "both" else (eye,)


def _still_valid(line: Any, wanted: Mapping[str, str], get: Callable[..., Any]) -> Optional[dict[str, Any]]:
    # stored order lines are trusted but old: tolerate anything malformed by dropping it
    if not isinstance(line, dict):
        return None
    eye, product_id = line.get("eye"), line.get("product_id")
    pack_size, quantity = line.get("pack_size"), line.get("quantity")
    if eye not in ("right", "left", "both") or not isinstance(product_id, str):
        return None
    if any(wanted.get(each) != product_id for each in _eyes_of(eye)):
        return None
    if not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in (pack_size, quantity)):
        return None
    product = get(product_id)
    if product is None or pack_size not in product.pack_sizes:
        return None
    return {"product_id": product_id, "eye": eye, "pack_size": pack_size, "quantity": quantity}
