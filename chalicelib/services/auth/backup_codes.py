"""TOTP backup codes (issue 14): made at enrolment and on request, spent one at a time.

The ten codes are answered once and never stored in clear; each use is audited and e-mailed
to the member with the count left, so a code used by someone else does not go unnoticed.
"""

from __future__ import annotations

from chalicelib.domain.auth import backup_codes as rules
from chalicelib.domain.auth import emails as identity_emails
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.shared import audit
from chalicelib.services.shared.notifications import send_email
from chalicelib.store.auth import users
from chalicelib.store.shared.models import UserModel


def fresh_codes(user: UserModel) -> tuple[list[str], set[str]]:
    """Ten new codes (to answer once) and their hashes (to store)."""
    codes = rules.new_codes()
    return codes, {rules.code_hash(user.user_id, code) for code in codes}


def replace(user: UserModel) -> list[str]:
    """Ten new codes for a user with TOTP on; the earlier ones stop working."""
    codes, hashes = fresh_codes(user)
    users.replace_backup_codes(user, hashes, clock.iso_instant(clock.utc_now()))
    return codes


def remaining(user: UserModel) -> int:
    return len(user.backup_code_hashes or ()) if user.totp_enabled else 0


def use(user: UserModel, code: object, context: RequestContext) -> bool:
    """True when ``code`` is one of the user's unused backup codes, which is then spent by a
    conditional write (a concurrent second use fails); the member is told by e-mail."""
    if not user.totp_enabled or not rules.looks_like_backup_code(code) \
            or not user.backup_code_hashes:
        return False
    if not users.spend_backup_code(user, rules.code_hash(user.user_id, str(code))):
        return False
    left = remaining(user)
    send_email(identity_emails.backup_code_used(user.email, user.first_name, left))
    audit.record(action="auth.backup_code_used", outcome="success", context=context,
                 actor_id=user.user_id, role=user.role, target=f"user:{user.user_id}",
                 details={"remaining": left})
    return True
