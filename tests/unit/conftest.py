"""Fixtures of the unit tests."""
from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, settings

# How fast examples are generated or run is no property of the rules: on a loaded machine (CI, or
# mutmut niced next to other work) the too_slow health check and the 200 ms deadline fail property
# tests whose rules hold.
settings.register_profile("unit", suppress_health_check=[HealthCheck.too_slow], deadline=None)
settings.load_profile("unit")


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
