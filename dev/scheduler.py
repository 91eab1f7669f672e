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


def daily_summary_event() -> dict[str, Any]:
    """What the 08:00 rule sends: its constant input (``infra/stacks/api.py``)."""
    from chalicelib.domain.admin.daily_summary import DAILY_SUMMARY_JOB

    return {"job": DAILY_SUMMARY_JOB}


def member_alerts_event() -> dict[str, Any]:
    """What the alerts function's 07:00 rule sends: its constant input (``infra/stacks/api.py``)."""
    from chalicelib.domain.accounts.member_alerts import ALERTS_JOB

    return {"job": ALERTS_JOB}


class DailyAtLimaHour(threading.Thread):
    """Plays the daily 08:00 Lima rule: checks the clock every ``check_seconds`` and invokes the
    function with the rule's input once a Lima day, from that hour on (the app itself sends the
    summary once per day whatever runs it)."""

    def __init__(self, name: str, function: Function, hour: int,
                 check_seconds: float = 60,
                 event: Callable[[], dict[str, Any]] | None = None) -> None:
        super().__init__(daemon=True, name=f"daily:{name}")
        self._function = function
        self._event = event or daily_summary_event
        self._hour = hour
        self._every = check_seconds
        self._stop = threading.Event()
        self._last_day: object = None

    def run(self) -> None:
        from chalicelib.domain.shared.clock import lima_today

        while not self._stop.wait(self._every):
            lima_hour = (utc_now().hour - 5) % 24
            today = lima_today(utc_now())
            if lima_hour < self._hour or today == self._last_day:
                continue
            self._last_day = today
            try:
                self._function(self._event(), None)
            except Exception:
                logger.exception("daily %s failed", self.name)

    def stop(self) -> None:
        self._stop.set()
