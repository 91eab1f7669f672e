"""The browsers each account signed in from (the «nuevo inicio de sesión» alert), as
``known_browser#<user id>#<hash of the browser id>`` items of ``security_counters``: ``value``
counts the sign-ins, ``window_started_at`` is the last one, ``expires_at`` (TTL) is that plus the
window. The cookie's id itself is never stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.constants import ALL_OLD

from chalicelib.domain.shared.clock import iso_instant
from chalicelib.store.shared.models import SecurityCounterModel as Counter

KEY_PREFIX = "known_browser#"


def record_sign_in(user_id: str, browser_hash: str, now: datetime, window: timedelta) -> bool:
    """One UpdateItem (``ReturnValues=ALL_OLD``) notes this sign-in and answers whether the
    browser had signed in to the account within ``window`` before it: an item past its expiry
    that TTL has not removed yet counts as unknown."""
    answer = Counter._get_connection().update_item(
        f"{KEY_PREFIX}{user_id}#{browser_hash}",
        actions=[Counter.value.add(1), Counter.window_started_at.set(iso_instant(now)),
                 Counter.expires_at.set(now + window)],
        return_values=ALL_OLD)
    old_expiry = ((answer or {}).get("Attributes") or {}).get("expires_at", {}).get("N")
    return old_expiry is not None and int(old_expiry) > int(now.timestamp())
