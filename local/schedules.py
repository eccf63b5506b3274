"""Scheduled functions in local mode: found on the app, fired as EventBridge would fire them."""
from __future__ import annotations

import threading
import time
import uuid
from datetime import datetime, timezone

from chalice.app import ScheduledEventConfig

from local.emulator import EMULATOR_LOCK, REGION, drain_queues

# One scheduled run (and the draining of what it queued) at a time, as the ticker and the
# /_local/schedules route may both fire; and never next to an HTTP request (local/webapp.py).
_run_lock = EMULATOR_LOCK


class UnknownFunction(LookupError):
    """No scheduled function of that name."""


def scheduled_functions(app) -> list[str]:
    """Names of every scheduled function of ``app`` (Chalice keeps them as event sources)."""
    return sorted({source.name for source in app.event_sources if isinstance(source, ScheduledEventConfig)})


def event_time(value: datetime) -> str:
    """``value`` as EventBridge writes an event's ``time``: UTC, whole seconds, ``Z``."""
    if value.tzinfo is None:
        raise ValueError("the time needs an offset (Z or +01:00)")
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def scheduled_event(name: str, when: str, account: str = "123456789012") -> dict:
    """The event an EventBridge schedule rule delivers, with ``time`` = ``when``."""
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": account,
        "time": when,
        "region": REGION,
        "resources": [f"arn:aws:events:{REGION}:{account}:rule/kontakt-local-{name}"],
        "detail": {},
    }


def run_scheduled(app, name: str, when: datetime) -> dict:
    """Run one scheduled function with the event of ``when``, then the work it queued.

    Answers ``{"function", "time", "processed"}``; ``processed`` is the number of queued
    messages that were delivered to their consumers afterwards.
    """
    if name not in scheduled_functions(app):
        raise UnknownFunction(name)
    from chalice.local import LambdaContext

    stamp = event_time(when)
    with _run_lock:
        app.handler_map[name](scheduled_event(name, stamp), LambdaContext(name, memory_size=512))
        # Delayed messages (transactional retries) too: local time moves with the events.
        processed = drain_queues(include_delayed=True)
    return {"function": name, "time": stamp, "processed": processed}


class Ticker(threading.Thread):
    """Fires every scheduled function once a minute with the current time (local mode)."""

    def __init__(self, app, interval_seconds: float = 60.0, log=print):
        super().__init__(name="kontakt-schedules", daemon=True)
        self.app, self.interval, self.log = app, interval_seconds, log
        self._halt = threading.Event()

    def run(self) -> None:
        # Start on the next whole minute, like a rate(1 minute) rule.
        self._halt.wait(self.interval - time.time() % self.interval)
        while not self._halt.is_set():
            self.tick(datetime.now(timezone.utc))
            self._halt.wait(self.interval - time.time() % self.interval)

    def tick(self, now: datetime) -> list[dict]:
        """Run every scheduled function for ``now``; a failing one is logged, the others still run."""
        results = []
        for name in scheduled_functions(self.app):
            try:
                result = run_scheduled(self.app, name, now)
            except Exception as exc:  # noqa: BLE001 - keep the ticker alive, show the error
                self.log(f"[schedules] {name} failed: {type(exc).__name__}: {exc}")
                continue
            results.append(result)
            if result["processed"]:
                self.log(f"[schedules] {result['time']} {name}: {result['processed']} queued message(s) processed")
        return results

    def stop(self) -> None:
        self._halt.set()
