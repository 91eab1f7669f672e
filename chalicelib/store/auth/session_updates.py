"""Changes to a user's live sessions beyond create/touch/delete (``store.auth.sessions``)."""

from __future__ import annotations

from pynamodb.exceptions import UpdateError

from chalicelib.store.auth import sessions
from chalicelib.store.shared.models import SessionModel


def set_totp_enabled(user_id: str, enabled: bool) -> int:
    """Copy the user's TOTP state into each of their sessions (index ``by_user``), so the
    staff enrolment gate, read from the session, opens or closes at once; returns how many."""
    changed = 0
    for session in sessions.of_user(user_id):
        try:
            session.update(actions=[SessionModel.totp_enabled.set(enabled)],
                           condition=SessionModel.token_hash.exists())
        except UpdateError:
            continue  # ended meanwhile
        changed += 1
    return changed
