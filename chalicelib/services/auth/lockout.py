"""Lockout after repeated failures (domain.auth.lockout): each password or TOTP attempt takes a
place
in the account's window before it is checked, the 423 answer, the e-mail when it locks and its
audit record.

Use: ``attempt = reserve_attempt(...)`` before checking; then ``register_failure(..., attempt)``
when the check fails, ``release(..., attempt)`` when it succeeds (or ``clear`` for a complete
sign-in, which forgets every failure).
"""

from __future__ import annotations

from datetime import datetime

from chalicelib.domain.auth import emails as identity_emails
from chalicelib.domain.auth import lockout as rules
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import AccountLocked
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.shared import audit
from chalicelib.services.shared.notifications import send_email
from chalicelib.store.auth import login_failures
from chalicelib.store.shared.models import SecurityCounterModel, UserModel
from chalicelib.store.shared.round_trips import Write

_TRIES = 3
"""Places asked for before giving up: the window may change between the writes (it closed, or
another request opened a new one), never more than once or twice in a row."""


def reserve_attempt(user: UserModel, context: RequestContext, action: str,
                    read: login_failures.Read | None = None) -> rules.Attempt:
    """Take one of the window's places before the password or code is looked at. Raise
    AccountLocked (423 with Retry-After) when none is left (locked, or five attempts already
    failed or being checked): the attempt is refused unchecked and audited. ``read`` is the
    window as the request read it already (a sign-in's batched reads): one write then."""
    place = _take_place(user.user_id, read)
    if isinstance(place, rules.Attempt):
        return place
    now = clock.utc_now()
    audit.record(action=action, outcome="failure", context=context, actor_id=user.user_id,
                 role=user.role, target=f"user:{user.user_id}", details={"reason": "locked"})
    raise AccountLocked(retry_after_seconds=rules.retry_after_seconds(place, now))


def _take_place(subject_id: str,
                read: login_failures.Read | None = None) -> rules.Attempt | datetime:
    """The attempt's place in the window of ``subject_id`` (an account's id, or an unknown
    e-mail's subject), or the instant until which attempts are refused."""
    if read is not None and read.subject_id == subject_id:
        place = _place_after_read(read)
        if place is not None:
            return place
    for _ in range(_TRIES):
        now = clock.utc_now()
        attempt = login_failures.reserve(subject_id, now, rules.window_cutoff(now),
                                         rules.MAX_FAILURES, now + rules.COUNTER_LIFETIME)
        if attempt is not None:
            return attempt
        until = _refused_until(subject_id, now)
        if until is not None:
            return until
    return clock.utc_now()  # the window kept changing under us: refuse, try again in a second


def _place_after_read(read: login_failures.Read) -> rules.Attempt | datetime | None:
    """From the window as read (strongly consistent): refused without a write while it says
    so, else the one write that takes the place; None when the window changed meanwhile."""
    now = clock.utc_now()
    until = _refused_by(read.counter, now)
    if until is not None:
        return until
    return login_failures.reserve_after_read(read, now, rules.window_cutoff(now),
                                             rules.MAX_FAILURES, now + rules.COUNTER_LIFETIME)


def _refused_until(subject_id: str, now: datetime) -> datetime | None:
    return _refused_by(login_failures.get(subject_id), now)


def _refused_by(counter: SecurityCounterModel | None, now: datetime) -> datetime | None:
    if counter is None:
        return None
    started = clock.parse_instant(counter.window_started_at) if counter.window_started_at \
        else None
    until = clock.parse_instant(counter.locked_until) if counter.locked_until else None
    return rules.refused_until(started, int(counter.value), until, now)


def register_failure(user: UserModel, context: RequestContext, attempt: rules.Attempt) -> None:
    """The attempt failed: its place stays taken. The failure that took the window's last place
    locks the account, e-mails its owner (once) and answers 423 at once."""
    if not rules.locks_now(attempt.number):
        return
    now = clock.utc_now()
    until = rules.locked_until(now)
    if not login_failures.lock(user.user_id, attempt, until, until + rules.COUNTER_LIFETIME):
        return  # a sign-in cleared the window meanwhile, or it is locked already
    minutes = int(rules.LOCK_DURATION.total_seconds() // 60)
    send_email(identity_emails.account_locked(user.email, user.first_name, minutes))
    audit.record(action="auth.lockout", outcome="success", context=context,
                 actor_id=user.user_id, role=user.role, target=f"user:{user.user_id}",
                 details={"failures": attempt.number, "locked_until": clock.iso_instant(until)})
    raise AccountLocked(retry_after_seconds=rules.retry_after_seconds(until, now))


def reserve_for_unknown_email(subject_id: str,
                              read: login_failures.Read | None = None) -> rules.Attempt | None:
    """An attempt for an e-mail without an account takes a place in that e-mail's own window
    (``identity.unknown_email_subject``) with the very writes of an account's attempt, so the
    DynamoDB calls do not tell them apart; None while that window is locked."""
    place = _take_place(subject_id, read)
    return place if isinstance(place, rules.Attempt) else None


def register_unknown_email_failure(subject_id: str, context: RequestContext,
                                   attempt: rules.Attempt) -> None:
    """As ``register_failure``: the failure that fills the window locks it (the same write and
    audit record), but nobody is mailed: the address has no owner here."""
    if not rules.locks_now(attempt.number):
        return
    until = rules.locked_until(clock.utc_now())
    if login_failures.lock(subject_id, attempt, until, until + rules.COUNTER_LIFETIME):
        audit.record(action="auth.lockout", outcome="success", context=context,
                     target=subject_id, details={"failures": attempt.number,
                                                 "locked_until": clock.iso_instant(until),
                                                 "reason": "unknown_email"})


def release(user: UserModel, attempt: rules.Attempt) -> None:
    """The attempt succeeded: its place is given back (the failures before it stay counted)."""
    login_failures.release(user.user_id, attempt)


def clear(user: UserModel) -> None:
    """A complete sign-in, a password reset or an admin's unlock forgets every failure."""
    login_failures.clear(user.user_id)


def clear_write(user: UserModel) -> Write:
    """``clear`` as part of a complete sign-in's transaction."""
    return login_failures.clear_write(user.user_id)


def release_write(user: UserModel, attempt: rules.Attempt) -> Write:
    """``release`` as part of a transaction (``login_failures.RELEASE`` names it when the
    window is gone and the transaction is cancelled)."""
    return login_failures.release_write(user.user_id, attempt)
