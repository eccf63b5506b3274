"""The wiring point (services/wiring.py): a test's store is used inside its block only, an unknown
store name is refused, and importing the wiring or a converted service loads no AWS library."""
from __future__ import annotations

import subprocess
import sys

import pytest

from chalicelib.services import wiring
from tests.fakes.products import InMemoryProducts


def test_an_override_is_used_inside_its_block_and_nested_blocks_restore_in_order():
    outer, inner = InMemoryProducts(), InMemoryProducts()

    with wiring.override(products=outer):
        assert wiring.stores().products is outer
        with wiring.override(products=inner):
            assert wiring.stores().products is inner
        assert wiring.stores().products is outer
    assert wiring.stores().products is not outer


def test_an_override_is_removed_when_its_block_raises():
    fake = InMemoryProducts()

    with pytest.raises(RuntimeError), wiring.override(products=fake):
        raise RuntimeError("test failed inside the block")
    assert wiring.stores().products is not fake


def test_an_unknown_store_is_refused_with_its_name():
    with pytest.raises(TypeError, match="no such store: prodcts"):
        with wiring.override(prodcts=InMemoryProducts()):
            pass  # pragma: no cover


def test_without_an_override_a_store_is_its_adapter_module():
    from chalicelib.adapters.dynamo import products

    assert wiring.stores().products is products


def test_importing_the_wiring_and_a_converted_service_loads_no_aws_library():
    # cold start, and moto must be active before a client exists: adapters load on first use only
    code = ("import sys; import chalicelib.services.wiring, chalicelib.services.lenses.products; "
            "print(sorted(m for m in ('boto3', 'botocore', 'pynamodb') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout

    assert out.strip() == "[]"
