"""Attempts per client address and window (``security_counters`` table,
``<budget key>#<address>#<window start>``, with TTL): ``login_address#…`` for failed sign-ins,
``complaint_address#…`` for the Libro de Reclamaciones (``domain.auth.address_throttle.Budget``).

Reading is one GetItem; counting is one atomic UpdateItem (``ADD value 1``), so concurrent
attempts from a burst are all counted.
"""

from __future__ import annotations

from datetime import datetime

from pynamodb.exceptions import DoesNotExist

from chalicelib.domain.shared.clock import iso_instant
from chalicelib.store.shared.models import SecurityCounterModel as Counter


def counter_id(key: str, address: str, window_start: datetime) -> str:
    return f"{key}#{address}#{iso_instant(window_start)}"


def failures(key: str, address: str, window_start: datetime) -> int:
    """Key condition: ``counter_id = <key>#<address>#<window start>``."""
    try:
        return int(Counter.get(counter_id(key, address, window_start),
                               consistent_read=True).value)
    except DoesNotExist:
        return 0


def add_failure(key: str, address: str, window_start: datetime, expires_at: datetime) -> int:
    """Count one attempt in the address's window; returns the window's count after it."""
    counter = Counter(counter_id=counter_id(key, address, window_start))
    counter.update(actions=[Counter.value.add(1), Counter.expires_at.set(expires_at)])
    return int(counter.value)
