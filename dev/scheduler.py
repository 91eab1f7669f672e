"""Plays an EventBridge schedule locally: invokes a function with a scheduled event every
``every_seconds`` (in AWS the notifier's sweep runs every five minutes; locally more often, so a
parked e-mail shows up in the outbox soon)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from chalicelib.domain.shared.clock import iso_instant, utc_now

logger = logging.getLogger(__name__)

Function = Callable[[dict[str, Any], Any], Any]


def scheduled_event() -> dict[str, Any]:
    """The shape EventBridge sends for a schedule rule (the fields the app reads, and a few)."""
    return {"version": "0", "source": "aws.events", "detail-type": "Scheduled Event",
            "time": iso_instant(utc_now()), "detail": {}}


class Schedule(threading.Thread):
    def __init__(self, name: str, function: Function, every_seconds: float) -> None:
        super().__init__(daemon=True, name=f"schedule:{name}")
        self._function = function
        self._every = every_seconds
        self._stop = threading.Event()

    def run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self._function(scheduled_event(), None)
            except Exception:
                logger.exception("scheduled %s failed", self.name)

    def stop(self) -> None:
        self._stop.set()
