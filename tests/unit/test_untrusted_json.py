"""Untrusted JSON: any depth is refused cleanly, what a request really sends parses unchanged."""
import pytest

from chalicelib.untrusted_json import MAX_DEPTH, UnsafeJson, depth_exceeds, loads


def nested(levels: int) -> str:
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 900, 5_000, 100_000])
def test_nesting_deeper_than_the_limit_is_refused_at_any_depth(levels):
    with pytest.raises(UnsafeJson):
        loads(nested(levels))


def test_nesting_up_to_the_limit_parses():
    value, levels = loads(nested(MAX_DEPTH)), 1
    while value:
        value, levels = value[0], levels + 1
    assert levels == MAX_DEPTH
    assert loads('{"lines": [{"product_id": "biofinity", "eye": "both"}]}')["lines"][0]["eye"] == "both"


@pytest.mark.parametrize("raw", ["{not json", b"\xff\xfe", "", "[1,"])
def test_malformed_json_is_refused_as_the_same_error(raw):
    with pytest.raises(UnsafeJson):
        loads(raw)


def test_depth_counts_objects_and_lists_not_scalars():
    assert not depth_exceeds({"a": [1, {"b": "x"}]}, 3)
    assert depth_exceeds({"a": [1, {"b": {}}]}, 3)
    assert not depth_exceeds("text", 0)
