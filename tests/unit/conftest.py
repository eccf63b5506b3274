"""Fixtures of the unit tests."""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import pytest


@pytest.fixture
def server_zone() -> Iterator[Callable[[str], None]]:
    """Set the process's local time zone (``server_zone("Pacific/Auckland")``): Lambda runs in UTC,
    a developer's machine or local mode may not, and no rule may depend on it."""
    old = os.environ.get("TZ")

    def set_zone(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield set_zone
    if old is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = old
    time.tzset()
