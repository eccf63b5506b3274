"""The shared lens catalogue shipped in chalicelib/data/catalogue.json."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from chalicelib import catalogue as catalogue_module
from chalicelib.catalogue import CATALOGUE_PATH, CatalogueError, load_catalogue, parse_catalogue, read_catalogue
from chalicelib.domain.products import REPLACEMENTS, LensProduct

VALID = {
    "id": "biofinity",
    "brand": "CooperVision",
    "name": "Biofinity",
    "replacement": "monthly",
    "days_per_lens": 30,
    "pack_sizes": [3, 6],
}


def entry(**changes):
    result = copy.deepcopy(VALID)
    result.update(changes)
    return result


# --- the shipped file --------------------------------------------------------------------

def test_catalogue_file_lives_inside_chalicelib_so_it_is_deployed():
    package_dir = Path(catalogue_module.__file__).resolve().parent
    assert CATALOGUE_PATH.is_file()
    assert package_dir in CATALOGUE_PATH.parents
    assert package_dir.name == "chalicelib"


def test_loads_independently_of_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert read_catalogue(CATALOGUE_PATH) == load_catalogue()


def test_ships_at_least_fourteen_products_of_every_common_replacement():
    products = load_catalogue()
    assert len(products) >= 14
    kinds = {p.replacement for p in products.values()}
    assert {"daily", "two_weekly", "monthly"} <= kinds


def test_every_product_is_consistent():
    for product_id, product in load_catalogue().items():
        assert isinstance(product, LensProduct)
        assert product.id == product_id
        assert product.shared is True
        assert product.days_per_lens == REPLACEMENTS[product.replacement]
        assert product.pack_sizes and all(isinstance(n, int) and n > 0 for n in product.pack_sizes)
        assert product.brand and product.name


def test_well_known_products_with_their_pack_sizes():
    products = load_catalogue()
    assert products["acuvue-oasys-1-day"].pack_sizes == (30, 90)
    assert products["acuvue-oasys-1-day"].replacement == "daily"
    assert products["dailies-total1"].brand == "Alcon"
    assert products["biofinity"].replacement == "monthly"
    assert products["biofinity"].pack_sizes == (3, 6)
    assert products["acuvue-oasys"].replacement == "two_weekly"
    assert products["acuvue-oasys"].days_per_lens == 14


def test_products_serialise_for_the_api():
    body = load_catalogue()["myday"].to_dict()
    assert body == {
        "id": "myday",
        "brand": "CooperVision",
        "name": "MyDay",
        "replacement": "daily",
        "days_per_lens": 1,
        "pack_sizes": [30, 90],
        "shared": True,
    }
    json.dumps(body)


def test_file_is_read_once(monkeypatch):
    load_catalogue()
    calls = []
    monkeypatch.setattr(catalogue_module, "read_catalogue", lambda path: calls.append(path) or {})
    load_catalogue()
    assert calls == []


def test_callers_cannot_change_the_shared_catalogue():
    # GIVEN a caller who adds an optician's own product to the dict it got
    first = load_catalogue()
    first["own-product"] = LensProduct("own-product", "X", "Own", "daily", 1, (30,), shared=False)
    del first["biofinity"]
    # THEN the next caller still sees exactly the shipped catalogue
    again = load_catalogue()
    assert "own-product" not in again
    assert "biofinity" in again


# --- validation --------------------------------------------------------------------------

def test_parse_accepts_a_valid_entry_and_sorts_pack_sizes():
    products = parse_catalogue([entry(pack_sizes=[6, 3])])
    assert products == {
        "biofinity": LensProduct("biofinity", "CooperVision", "Biofinity", "monthly", 30, (3, 6))
    }


@pytest.mark.parametrize(
    "bad",
    [
        entry(replacement="weekly"),
        entry(replacement="monthly", days_per_lens=14),
        entry(replacement="daily", days_per_lens=30),
        entry(days_per_lens="30"),
        entry(days_per_lens=True),
        entry(pack_sizes=[]),
        entry(pack_sizes=[3, 0]),
        entry(pack_sizes=[3, -6]),
        entry(pack_sizes=[3, 6.0]),
        entry(pack_sizes=[True]),
        entry(pack_sizes=["6"]),
        entry(pack_sizes=[3, 3]),
        entry(pack_sizes=6),
        entry(id=""),
        entry(id="Bio Finity"),
        entry(brand=""),
        entry(name=None),
        "biofinity",
    ],
)
def test_parse_rejects_broken_entries(bad):
    with pytest.raises(CatalogueError):
        parse_catalogue([bad])


def test_parse_rejects_duplicate_ids():
    with pytest.raises(CatalogueError, match="duplicate"):
        parse_catalogue([entry(), entry(name="Biofinity again")])


def test_error_names_the_broken_entry():
    with pytest.raises(CatalogueError, match=r"products\[1\]\.days_per_lens"):
        parse_catalogue([entry(), entry(id="other", days_per_lens=1)])


@pytest.mark.parametrize("content", ["not json", "[]", '{"products": {}}', "{}"])
def test_read_rejects_broken_files(tmp_path, content):
    path = tmp_path / "catalogue.json"
    path.write_text(content)
    with pytest.raises(CatalogueError):
        read_catalogue(path)


def test_read_reports_a_missing_file(tmp_path):
    with pytest.raises(CatalogueError):
        read_catalogue(tmp_path / "missing.json")


def test_shipped_file_passes_validation_from_its_raw_json():
    raw = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    assert len(parse_catalogue(raw["products"])) == len(raw["products"])
