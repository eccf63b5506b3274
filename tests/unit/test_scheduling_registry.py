"""Finding the handler of a due item by its sort key."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from chalicelib.services.scheduling import registry

ROOT = Path(__file__).resolve().parents[2]


def test_repurchase_reminders_are_handled_by_their_module():
    assert registry.prefix_of("REMINDER#repurchase#rem_1") == "REMINDER#repurchase#"
    assert registry.HANDLERS["REMINDER#repurchase#"] == "chalicelib.services.reminders.repurchase_occurrences"


def test_an_unregistered_kind_is_an_error_not_a_silent_drop():
    with pytest.raises(registry.UnknownKind):
        registry.handler_for("PASSPORT#x")


def test_the_longest_prefix_wins(monkeypatch):
    monkeypatch.setitem(registry.HANDLERS, "REMINDER#", "json")
    monkeypatch.setitem(registry.HANDLERS, "REMINDER#special#", "string")
    assert registry.handler_for("REMINDER#special#1").__name__ == "string"
    assert registry.handler_for("REMINDER#other#1").__name__ == "json"


def test_handlers_are_imported_only_when_an_item_of_their_kind_comes_along():
    # The consumer's cold start imports the registry, not every handler with its dependencies.
    code = ("import sys, chalicelib.services.scheduling.registry as r; "
            "print(any(m in sys.modules for m in r.HANDLERS.values()))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
