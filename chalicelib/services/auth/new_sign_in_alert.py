"""The «nuevo inicio de sesión» alert (issue 18; rules in ``domain.auth.new_sign_in``).

At a complete sign-in, ``note_browser`` records the browser and, when it is new to the account,
issues a single-use link, both as part of the sign-in's one transaction (its mark was read with
the sign-in's other reads), and ``send`` queues a job (one SQS message) once it is written: the
notifier writes the e-mail (``send_queued_alert``), so reading the User-Agent (ua-parser's rules
load in about a second) never slows the sign-in nor tells by its time that an alert went out.
The link's page (``/cerrar-sesion``) calls ``end_session_by_link``, which ends exactly the
session the link names, without signing in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from chalicelib.domain.accounts.alert_preferences import NEW_SIGN_IN, wants_alert
from chalicelib.domain.auth import emails
from chalicelib.domain.auth.identity import INVALID_TOKEN, Purpose, public_session_id
from chalicelib.domain.auth.new_sign_in import (
    END_SESSION_LINK_LIFETIME,
    KNOWN_BROWSER_WINDOW,
    SESSION_ALREADY_ENDED,
    SESSION_ENDED,
    describe_device,
    is_browser_id,
    should_alert,
    sign_in_time_label,
)
from chalicelib.domain.auth.requests import LinkToken
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.domain.shared.tokens import new_token, token_hash
from chalicelib.observability import UNHANDLED_ERROR
from chalicelib.services.auth import one_time_tokens
from chalicelib.services.shared import audit, notifications
from chalicelib.services.shared.notifications import queue_job
from chalicelib.settings import settings
from chalicelib.store.auth import known_browsers
from chalicelib.store.auth import sessions as session_store
from chalicelib.store.shared.models import SecurityCounterModel, UserModel
from chalicelib.store.shared.round_trips import Write

NEW_SIGN_IN_JOB = "new_sign_in_alert"
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NotedBrowser:
    browser_id: str
    """What the browser's cookie carries from now on (a new id when it had none)."""
    alerted: bool
    writes: tuple[Write, ...] = ()
    """Part of the sign-in's transaction: the browser's mark, and the alert's link."""
    job: dict[str, str] | None = None
    """The alert's job, queued by ``send`` once the transaction is written."""


def browser_of(browser_id: str | None) -> str:
    """The browser's id: the cookie's when it is one, else a new one."""
    return browser_id if browser_id is not None and is_browser_id(browser_id) else new_token()


def browser_key(browser: str) -> str:
    """What the account's mark of the browser is kept under (``known_browsers``)."""
    return token_hash(browser)


def note_browser(user: UserModel, browser: str, session_id: str, context: RequestContext, *,
                 first_sign_in: bool, previous: SecurityCounterModel | None) -> NotedBrowser:
    """Note this complete sign-in's browser (``browser_of``; ``previous`` is its mark as the
    sign-in read it) and, when it is new to the account (not for its first sign-in ever, nor
    when the alert is turned off), prepare the e-mail: the link's token and the job."""
    try:
        seen, mark = known_browsers.record_sign_in(user.user_id, browser_key(browser),
                                                   clock.utc_now(), KNOWN_BROWSER_WINDOW,
                                                   previous)
        if not should_alert(seen_recently=seen, first_sign_in=first_sign_in,
                            wants_it=wants_alert(user.alerts_off, NEW_SIGN_IN)):
            return NotedBrowser(browser_id=browser, alerted=False, writes=(mark,))
        token, link = one_time_tokens.prepare(Purpose.END_SESSION, user,
                                              END_SESSION_LINK_LIFETIME, {"session": session_id})
    except Exception:  # a failed alert must not fail the sign-in
        logger.exception("%s in the new sign-in alert of %s", UNHANDLED_ERROR, user.user_id)
        return NotedBrowser(browser_id=browser, alerted=False)
    job = {"to": user.email, "first_name": user.first_name,
           "at": clock.iso_instant(clock.utc_now()), "user_agent": context.user_agent[:300],
           "link": end_session_link(token)}
    return NotedBrowser(browser_id=browser, alerted=True, writes=(mark, link), job=job)


def send(noted: NotedBrowser, user_id: str) -> None:
    """Queue the alert's job once the sign-in is written (the session exists already: a failed
    queue must not fail the sign-in)."""
    if noted.job is None:
        return
    try:
        queue_job(NEW_SIGN_IN_JOB, **noted.job)
    except Exception:
        logger.exception("%s in the new sign-in alert of %s", UNHANDLED_ERROR, user_id)


def end_session_link(token: str) -> str:
    return f"{settings().site_url.rstrip('/')}/cerrar-sesion?token={quote(token)}"


def send_queued_alert(job: dict[str, Any]) -> None:
    """The notifier's part: the e-mail, with the device the User-Agent names."""
    hours = int(END_SESSION_LINK_LIFETIME.total_seconds() // 3600)
    email = emails.new_sign_in(str(job["to"]), str(job["first_name"]),
                               sign_in_time_label(clock.parse_instant(str(job["at"]))),
                               describe_device(str(job.get("user_agent") or "-")),
                               str(job["link"]), hours)
    notifications.deliver(email.as_message())


def end_session_by_link(link: LinkToken, context: RequestContext) -> dict[str, Any]:
    """Use the link once: end the session it names if it is still open (only that one, only
    if it is still the link's account's). 400 ``invalid_token`` for an unknown, used, expired or
    forged token, exactly like every other dead link."""
    record = one_time_tokens.peek(link.token, Purpose.END_SESSION)
    session_id = record.payload.get("session") if record else None
    if record is None or not isinstance(session_id, str) or not one_time_tokens.redeem(record):
        audit.record(action="auth.session_ended_by_link", outcome="failure", context=context,
                     actor_id=record.user_id if record else None,
                     details={"reason": "invalid_token"})
        raise InvalidInput(INVALID_TOKEN, code="invalid_token", fields={"token": INVALID_TOKEN})
    ended = session_store.delete_of_user(session_id, record.user_id)
    audit.record(action="auth.session_ended_by_link", outcome="success", context=context,
                 actor_id=record.user_id, target=f"user:{record.user_id}",
                 details={"session": public_session_id(session_id), "session_was_open": ended})
    return {"ended": ended, "message": SESSION_ENDED if ended else SESSION_ALREADY_ENDED}
