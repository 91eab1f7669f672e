"""Per-address throttling of failed sign-ins (domain.auth.address_throttle): the 429 answer and its
audit record."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from chalicelib.domain.auth import address_throttle as rules
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.edge import counted_address
from chalicelib.domain.shared.errors import AccountLocked, NotAuthenticated, Throttled
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.shared import audit
from chalicelib.settings import settings
from chalicelib.store.auth import address_throttle as counters


def ensure_allowed(context: RequestContext) -> None:
    """Raise Throttled (429 with Retry-After) while the address has used up its failures."""
    now = clock.utc_now()
    limit = settings().login_failures_per_address
    address = counted_address(context.throttle_address)
    if rules.is_throttled(counters.failures(address, rules.window_start(now)), limit):
        raise Throttled(retry_after_seconds=rules.retry_after_seconds(now))


def register_failure(context: RequestContext, action: str) -> None:
    """Count one failed credential attempt from the request's address; the failure that reaches
    the limit is audited once."""
    now = clock.utc_now()
    limit = settings().login_failures_per_address
    address = counted_address(context.throttle_address)
    count = counters.add_failure(address, rules.window_start(now),
                                 rules.window_start(now) + rules.COUNTER_LIFETIME)
    if rules.reaches_limit_now(count, limit):
        audit.record(action="auth.throttle", outcome="success", context=context,
                     target=f"address:{address}",
                     details={"failures": count, "after": action,
                              "until": clock.iso_instant(rules.window_end(now))})


@contextmanager
def credential_attempt(context: RequestContext, action: str) -> Iterator[None]:
    """Around one sign-in step: refused at once while the address is throttled; a failed
    credential (401) or an attempt on a locked account (423) counts against the address."""
    ensure_allowed(context)
    try:
        yield
    except (NotAuthenticated, AccountLocked):
        register_failure(context, action)
        raise
