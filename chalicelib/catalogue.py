"""The shared lens catalogue that ships with the service (``chalicelib/data/catalogue.json``).

The JSON file lives inside ``chalicelib/`` so Chalice packages it into the deployment zip;
it is found relative to this module, never relative to the working directory.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from chalicelib.domain.products import REPLACEMENTS, LensProduct

CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "catalogue.json"

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CatalogueError(ValueError):
    """The shipped catalogue file is broken: a packaging bug, never a user's fault."""


def load_catalogue() -> dict[str, LensProduct]:
    """All shared catalogue products by id, in file order.

    The file is read and validated once per process; each call returns a fresh dict (the
    products themselves are frozen), so a caller adding an optician's own products to it
    cannot leak them into another request.
    """
    return dict(_cached_catalogue())


@functools.cache
def _cached_catalogue() -> Mapping[str, LensProduct]:
    return MappingProxyType(read_catalogue(CATALOGUE_PATH))


def read_catalogue(path: Path) -> dict[str, LensProduct]:
    """Read and validate a catalogue file; raises CatalogueError naming the bad entry."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogueError(f"cannot read catalogue {path}: {exc}") from exc
    if not isinstance(document, dict) or not isinstance(document.get("products"), list):
        raise CatalogueError("catalogue must be an object with a 'products' list")
    return parse_catalogue(document["products"])


def parse_catalogue(entries: list[Any]) -> dict[str, LensProduct]:
    """Validate raw catalogue entries and build the products by id."""
    products: dict[str, LensProduct] = {}
    for index, entry in enumerate(entries):
        product = _parse_entry(entry, f"products[{index}]")
        if product.id in products:
            raise CatalogueError(f"products[{index}].id: duplicate id {product.id!r}")
        products[product.id] = product
    return products


def _parse_entry(entry: Any, where: str) -> LensProduct:
    if not isinstance(entry, dict):
        raise CatalogueError(f"{where}: must be an object")
    for key in ("id", "brand", "name", "replacement"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise CatalogueError(f"{where}.{key}: must be a non-empty string")
    if not _SLUG.match(entry["id"]):
        raise CatalogueError(f"{where}.id: {entry['id']!r} is not a lower-case slug")
    replacement = entry["replacement"]
    if replacement not in REPLACEMENTS:
        raise CatalogueError(f"{where}.replacement: unknown {replacement!r}")
    days = entry.get("days_per_lens")
    if not _is_positive_int(days) or days != REPLACEMENTS[replacement]:
        raise CatalogueError(
            f"{where}.days_per_lens: {replacement} lenses last {REPLACEMENTS[replacement]} days, got {days!r}"
        )
    sizes = entry.get("pack_sizes")
    if not isinstance(sizes, list) or not sizes:
        raise CatalogueError(f"{where}.pack_sizes: must be a non-empty list")
    for size in sizes:
        if not _is_positive_int(size):
            raise CatalogueError(f"{where}.pack_sizes: {size!r} is not a positive whole number")
    if len(set(sizes)) != len(sizes):
        raise CatalogueError(f"{where}.pack_sizes: duplicate pack size")
    return LensProduct(
        id=entry["id"],
        brand=entry["brand"].strip(),
        name=entry["name"].strip(),
        replacement=replacement,
        days_per_lens=days,
        pack_sizes=tuple(sorted(sizes)),
        shared=True,
    )


def _is_positive_int(value: Any) -> bool:
    # bool is a subclass of int, but `true` is not a pack size
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
