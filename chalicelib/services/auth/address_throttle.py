"""Per-address throttling (domain.auth.address_throttle): the 429 answer and its audit record.

Each ``Budget`` is counted apart: failed sign-ins (``SIGN_IN``, the default) and the Libro de
Reclamaciones' filings and failed status lookups never use up each other's attempts.
"""

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


def _limit(budget: rules.Budget) -> int:
    """The stage's setting of each budget (``LOGIN_FAILURES_PER_IP``,
    ``COMPLAINT_FILINGS_PER_IP``, ``COMPLAINT_LOOKUP_FAILURES_PER_IP``)."""
    current = settings()
    limits = {rules.SIGN_IN: current.login_failures_per_address,
              rules.COMPLAINT_FILINGS: current.complaint_filings_per_address,
              rules.COMPLAINT_LOOKUPS: current.complaint_lookup_failures_per_address}
    return limits[budget]


def ensure_allowed(context: RequestContext, budget: rules.Budget = rules.SIGN_IN,
                   message: str | None = None) -> None:
    """Raise Throttled (429 with Retry-After, ``message`` or the generic one) while the
    address has used up the budget's attempts."""
    now = clock.utc_now()
    address = counted_address(context.throttle_address)
    start = rules.window_start(now, budget.window)
    refuse_if_throttled(counters.failures(budget.key, address, start), budget, message)


def counter_id(context: RequestContext, budget: rules.Budget = rules.SIGN_IN) -> str:
    """The key of the address's count in the window of now: a sign-in reads it with its other
    reads (one BatchGetItem) and judges it with ``refuse_if_throttled``."""
    now = clock.utc_now()
    return counters.counter_id(budget.key, counted_address(context.throttle_address),
                               rules.window_start(now, budget.window))


def refuse_if_throttled(failures: int, budget: rules.Budget = rules.SIGN_IN,
                        message: str | None = None) -> None:
    """``ensure_allowed`` on a count read already (``counter_id``'s item)."""
    if rules.is_throttled(failures, _limit(budget)):
        now = clock.utc_now()
        raise Throttled(message, retry_after_seconds=rules.retry_after_seconds(now, budget.window))


def register_failure(context: RequestContext, action: str,
                     budget: rules.Budget = rules.SIGN_IN) -> None:
    """Count one attempt from the request's address against the budget; the attempt that
    reaches the limit is audited once."""
    now = clock.utc_now()
    address = counted_address(context.throttle_address)
    start = rules.window_start(now, budget.window)
    count = counters.add_failure(budget.key, address, start, start + budget.counter_lifetime)
    if rules.reaches_limit_now(count, _limit(budget)):
        audit.record(action="auth.throttle", outcome="success", context=context,
                     target=f"address:{address}",
                     details={"failures": count, "after": action, "budget": budget.key,
                              "until": clock.iso_instant(rules.window_end(now, budget.window))})


@contextmanager
def credential_attempt(context: RequestContext, action: str, *,
                       checked_inside: bool = False) -> Iterator[None]:
    """Around one sign-in step: refused at once while the address is throttled; a failed
    credential (401) or an attempt on a locked account (423) counts against the address.
    ``checked_inside``: the step reads the address's count with its other reads and refuses
    (``refuse_if_throttled``) before it judges anything else."""
    if not checked_inside:
        ensure_allowed(context)
    try:
        yield
    except (NotAuthenticated, AccountLocked):
        register_failure(context, action)
        raise
