"""The notifier's half of a registration (``services.auth.registration.register`` queued it): the
per-DNI pause, the registry match, the account and the mails, out of the request's path.

Outcomes, each audited as ``registration.submitted`` with its reason (never told the caller):
a mismatch (unknown DNI, inactive member, wrong birth date, wrong or expired office code)
counts against the DNI, and the fifth in 24 hours pauses the DNI's self-registration for 24
hours (``registration.paused``; the member is told at the e-mail on file); an already registered
DNI gets a notice at the e-mail on file (within the mail cooldowns); a member without an e-mail
on file and without a code gets nothing; otherwise the account opens, pending activation.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.auth import emails as identity_emails
from chalicelib.domain.auth import registration as rules
from chalicelib.domain.auth.identity import ACTIVATION_LIFETIME, Purpose, mask_email
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import Conflict
from chalicelib.domain.shared.permissions import PENDING_ACTIVATION, Role
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.auth import one_time_tokens, pending_accounts, registration_codes, terms
from chalicelib.services.auth.registration import activation_link, send_activation
from chalicelib.services.shared import audit, mail_cooldown
from chalicelib.services.shared.notifications import send_email
from chalicelib.store.auth import registration_failures, registry, users
from chalicelib.store.shared.models import RegistryMemberModel, UserModel

ACTION = "registration.submitted"


@dataclass(frozen=True)
class Attempt:
    """A queued registration: what the caller typed (the password only as its hash)."""

    dni: str
    birth_date: str
    email: str
    password_hash: str
    code_hash: str
    requested_at: str
    context: RequestContext

    @classmethod
    def from_job(cls, job: dict[str, Any]) -> Attempt:
        context = RequestContext(ip=str(job.get("ip") or "-"),
                                 user_agent=str(job.get("user_agent") or "-"),
                                 source_ip=str(job.get("source_ip") or "-"))
        return cls(dni=str(job.get("dni") or ""), birth_date=str(job.get("birth_date") or ""),
                   email=str(job.get("email") or ""),
                   password_hash=str(job.get("password_hash") or ""),
                   code_hash=str(job.get("code_hash") or ""),
                   requested_at=str(job.get("requested_at") or ""), context=context)


def _audit(attempt: Attempt, outcome: str, reason: str, user: UserModel | None = None,
           **details: object) -> None:
    audit.record(action=ACTION, outcome=outcome, context=attempt.context,
                 actor_id=user.user_id if user else None, role=user.role if user else None,
                 target=f"user:{user.user_id}" if user else f"dni:{attempt.dni}",
                 details={"reason": reason, **details})


def complete_registration(job: dict[str, Any]) -> None:
    """Decide the queued attempt (see the module's docstring)."""
    attempt = Attempt.from_job(job)
    if rules.is_paused(registration_failures.paused_until(attempt.dni), clock.utc_now()):
        _audit(attempt, "failure", "paused")
        return
    member = registry.get(attempt.dni)
    mismatch = _mismatch(member, attempt)
    if mismatch is not None or member is None:
        _count_failure(attempt, member, mismatch or rules.Mismatch.DNI_NOT_MEMBER)
        return
    existing = pending_accounts.release_if_expired(users.find_by_dni(attempt.dni),
                                                   attempt.context)
    if existing is not None and _restarts(attempt, member, existing):
        _restart_pending(attempt, member, existing)
    elif existing is not None:
        _notify_already_registered(attempt, member, existing)
    elif attempt.code_hash:
        _open_with_code(attempt, member)
    elif member.email:
        _open_with_email_on_file(attempt, member, member.email)
    else:
        _audit(attempt, "failure", "no_email_on_file")


def _mismatch(member: RegistryMemberModel | None, attempt: Attempt) -> rules.Mismatch | None:
    found = rules.registry_mismatch(member.status if member else None,
                                    member.birth_date if member else None, attempt.birth_date)
    if found is None and attempt.code_hash \
            and not registration_codes.is_live(attempt.dni, attempt.code_hash):
        return rules.Mismatch.INVALID_CODE
    return found


def _count_failure(attempt: Attempt, member: RegistryMemberModel | None,
                   reason: rules.Mismatch) -> None:
    """One more failure for the DNI; the one that reaches the limit pauses it, tells the member
    (at the e-mail on file, if any) and is audited as ``registration.paused``, once."""
    _audit(attempt, "failure", reason.value)
    now = clock.utc_now()
    count = registration_failures.add_failure(attempt.dni, now, rules.window_cutoff(now),
                                              now + rules.COUNTER_LIFETIME)
    if not rules.pauses_now(count):
        return
    until = rules.paused_until(now)
    if not registration_failures.pause(attempt.dni, now, until, until + rules.COUNTER_LIFETIME):
        return
    if member is not None and member.email:
        hours = int(rules.PAUSE_DURATION.total_seconds() // 3600)
        send_email(identity_emails.registration_paused(member.email, member.first_name, hours))
    audit.record(action="registration.paused", outcome="success", context=attempt.context,
                 target=f"dni:{attempt.dni}",
                 details={"failures": count, "until": clock.iso_instant(until)})


def _notify_already_registered(attempt: Attempt, member: RegistryMemberModel,
                               user: UserModel) -> None:
    """The member's own mailbox (on file, else the account's) learns of the attempt."""
    to = member.email or user.email
    if mail_cooldown.allows("registration_notice", user.user_id, to):
        send_email(identity_emails.registration_already_registered(to, member.first_name))
    _audit(attempt, "failure", "already_registered", user)


def _open_with_email_on_file(attempt: Attempt, member: RegistryMemberModel,
                             on_file: str) -> None:
    """The login is the e-mail on file, and only it gets the link; a different typed e-mail
    waits as the pending one, confirmed from its own mailbox after activation."""
    requested = attempt.email if attempt.email != on_file else None
    user = _new_member(attempt, member, login=on_file, pending_email=requested)
    if not _create(attempt, user):
        return
    token = one_time_tokens.issue(Purpose.ACTIVATION, user, ACTIVATION_LIFETIME)
    send_email(identity_emails.registration_activation(
        on_file, member.first_name, activation_link(token),
        mask_email(requested) if requested else None))
    _audit(attempt, "success", "success", user, via="email_on_file",
           terms_version=user.terms_version)


def _restarts(attempt: Attempt, member: RegistryMemberModel, user: UserModel) -> bool:
    """A right attempt without a code for an account still pending activation under the e-mail
    on file: the latest attempt wins, so a stranger's earlier one cannot be activated by the
    member's click on a link the member asked for."""
    return (user.status == PENDING_ACTIVATION and not attempt.code_hash
            and bool(member.email) and user.email == member.email)


def _restart_pending(attempt: Attempt, member: RegistryMemberModel, user: UserModel) -> None:
    requested = attempt.email if attempt.email != user.email else None
    now = clock.iso_instant(clock.utc_now())
    if not users.restart_registration(user, attempt.password_hash, requested, now) \
            or not users.renew_activation(user, pending_accounts.new_expiry(), now):
        _audit(attempt, "failure", "already_registered", user)
        return
    if mail_cooldown.allows("activation", user.user_id, user.email):
        token = one_time_tokens.issue(Purpose.ACTIVATION, user, ACTIVATION_LIFETIME)
        send_email(identity_emails.registration_activation(
            user.email, member.first_name, activation_link(token),
            mask_email(requested) if requested else None))
    _audit(attempt, "success", "success", user, via="email_on_file", restarted=True)


def _open_with_code(attempt: Attempt, member: RegistryMemberModel) -> None:
    """The office checked the member's identity: the code, spent once, lets the link go to the
    login e-mail typed (whose mailbox the link then proves)."""
    if not registration_codes.spend(attempt.dni, attempt.code_hash):
        _count_failure(attempt, member, rules.Mismatch.INVALID_CODE)
        return
    user = _new_member(attempt, member, login=attempt.email, pending_email=None)
    if not _create(attempt, user):
        return
    send_activation(user)
    _audit(attempt, "success", "success", user, via="office_code",
           terms_version=user.terms_version)


def _create(attempt: Attempt, user: UserModel) -> bool:
    """Claim the e-mail and DNI; a claim held by an account pending past its expiry is freed
    (``pending_accounts``) and the creation tried once more."""
    try:
        users.create(user)
    except Conflict:  # the login e-mail belongs to another account (or the DNI, just now)
        if not _freed_expired_claim(attempt, user):
            _audit(attempt, "failure", "email_unavailable")
            return False
        return _create_again(attempt, user)
    return True


def _freed_expired_claim(attempt: Attempt, user: UserModel) -> bool:
    holder = users.find_by_email(user.email)
    return holder is not None and \
        pending_accounts.release_if_expired(holder, attempt.context) is None


def _create_again(attempt: Attempt, user: UserModel) -> bool:
    try:
        users.create(user)
    except Conflict:
        _audit(attempt, "failure", "email_unavailable")
        return False
    return True


def _new_member(attempt: Attempt, member: RegistryMemberModel, *, login: str,
                pending_email: str | None) -> UserModel:
    """The account as the registry names the member (staff views and PDFs show these names)."""
    stamp = clock.iso_instant(clock.utc_now())
    accepted_at = attempt.requested_at or stamp
    return UserModel(
        user_id=str(uuid.uuid4()), email=login, pending_email=pending_email, dni=attempt.dni,
        role=Role.MEMBER.value, first_name=member.first_name, last_name=member.last_name,
        sort_name=f"{member.last_name} {member.first_name}".lower(), status=PENDING_ACTIVATION,
        password_hash=attempt.password_hash, totp_enabled=False,
        terms_version=terms.version_in_force_at(clock.parse_instant(accepted_at)),
        terms_accepted_at=accepted_at, created_at=stamp, updated_at=stamp,
        activation_expires_at=pending_accounts.new_expiry())
