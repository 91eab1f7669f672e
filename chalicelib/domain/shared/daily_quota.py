"""How many new things (tickets, credit applications) one member may create per Lima day, so
that one member cannot flood a queue the staff works through.

A quota is a counter per member and Lima day that the store increments, only while it is below
the limit, in the same transaction as what is created: however many requests arrive at once, no
more than ``limit`` are taken, and a refused one leaves nothing behind. The counter expires on
its own (TTL) two days after its day ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from chalicelib.domain.shared.clock import lima_day_start, lima_today
from chalicelib.domain.shared.errors import Throttled

KEPT_AFTER_THE_DAY = timedelta(days=2)


@dataclass(frozen=True)
class DailyQuota:
    counter_id: str
    limit: int
    refusal_message: str
    taken_at: datetime
    resets_at: datetime
    """Lima's next midnight: when the member may create again (the 429's Retry-After)."""

    @property
    def expires_at(self) -> datetime:
        return self.resets_at + KEPT_AFTER_THE_DAY

    def refusal(self) -> Throttled:
        """429 ``daily_limit_reached`` with the seconds until Lima's next midnight."""
        seconds = int((self.resets_at - self.taken_at).total_seconds())
        return Throttled(self.refusal_message, retry_after_seconds=seconds,
                         code="daily_limit_reached")


def daily_quota(kind: str, member_id: str, limit: int, refusal_message: str,
                now: datetime) -> DailyQuota:
    """``member_id``'s allowance of ``kind`` on the Lima day of ``now``."""
    day = lima_today(now)
    return DailyQuota(counter_id=f"daily#{kind}#{member_id}#{day.isoformat()}", limit=limit,
                      refusal_message=refusal_message, taken_at=now,
                      resets_at=lima_day_start(day + timedelta(days=1)))
