"""Failed sign-ins per client address and window (``security_counters`` table,
``login_address#<address>#<window start>``, with TTL).

Reading is one GetItem; counting is one atomic UpdateItem (``ADD value 1``), so concurrent
failures from a burst are all counted.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist

from chalicelib.domain.shared.clock import iso_instant
from chalicelib.store.shared.models import SecurityCounterModel as Counter


def counter_id(address: str, window_start: datetime) -> str:
    return f"login_address#{address}#{iso_instant(window_start)}"


def failures(address: str, window_start: datetime) -> int:
    """Key condition: ``counter_id = login_address#<address>#<window start>``."""
    try:
        return int(Counter.get(counter_id(address, window_start), consistent_read=True).value)
    except DoesNotExist:
        return 0


def add_failure(address: str, window_start: datetime, expires_at: datetime) -> int:
    """Count one failure in the address's window; returns the window's count after it."""
    counter = Counter(counter_id=counter_id(address, window_start))
    counter.update(actions=[Counter.value.add(1), Counter.expires_at.set(expires_at)])
    return int(counter.value)
