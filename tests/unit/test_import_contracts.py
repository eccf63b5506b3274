"""The layers contracts of .importlinter place every top-level module of chalicelib and every
package of chalicelib.services.

import-linter says nothing about a module no contract names: a new chalicelib/x.py outside the
layers could import the api unnoticed, a new feature package outside the DAG could import any
other. These tests fail until the new module or package is placed.
"""
import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _layered_modules() -> set[str]:
    config = configparser.ConfigParser(inline_comment_prefixes=(";",))
    config.read(ROOT / ".importlinter")
    layers = config["importlinter:contract:layers"]["layers"]
    return {name for name in re.split(r"[\s|:]+", layers) if name}


def _top_level_modules() -> set[str]:
    package = ROOT / "chalicelib"
    found = {f"chalicelib.{path.stem}" for path in package.glob("*.py") if path.stem != "__init__"}
    found |= {f"chalicelib.{path.parent.name}" for path in package.glob("*/__init__.py")}
    return found


def test_every_top_level_module_of_chalicelib_is_in_a_layer():
    missing = _top_level_modules() - _layered_modules()
    assert not missing, f"place these in the layers contract of .importlinter (docs/architecture.md): {sorted(missing)}"


def test_the_layers_contract_names_no_module_that_does_not_exist():
    assert _layered_modules() - _top_level_modules() == set()


def _feature_layers() -> set[str]:
    config = configparser.ConfigParser(inline_comment_prefixes=(";",))
    config.read(ROOT / ".importlinter")
    layers = config["importlinter:contract:features"]["layers"]
    return {name for name in re.split(r"[\s|:]+", layers) if name}


def _service_packages() -> set[str]:
    package = ROOT / "chalicelib" / "services"
    found = {path.stem for path in package.glob("*.py") if path.stem != "__init__"}
    found |= {path.parent.name for path in package.glob("*/__init__.py")}
    return found


def test_every_package_of_the_services_is_in_the_feature_dag():
    missing = _service_packages() - _feature_layers()
    assert not missing, f"place these in the features contract of .importlinter (docs/architecture.md): {sorted(missing)}"


def test_the_feature_dag_names_no_package_that_does_not_exist():
    assert _feature_layers() - _service_packages() == set()
