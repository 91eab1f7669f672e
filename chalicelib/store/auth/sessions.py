"""Sessions table: one GetItem per request by the token's hash; a user's sessions by index
``by_user`` (list, end all, copy a credential state into each)."""

from __future__ import annotations

from contextlib import suppress
from datetime import datetime

from pynamodb.exceptions import DeleteError, DoesNotExist, UpdateError
from pynamodb.transactions import TransactWrite

from chalicelib.domain.shared.clock import iso_instant
from chalicelib.store.shared.models import SessionModel
from chalicelib.store.shared.round_trips import Write


def get(token_hash: str) -> SessionModel | None:
    """Key condition: ``token_hash = :h``, strongly consistent: it decides whether the request
    is signed in, so a session ended a moment ago (logout, password change, deactivation) is
    refused on the very next request."""
    try:
        return SessionModel.get(token_hash, consistent_read=True)
    except DoesNotExist:
        return None


def put(session: SessionModel) -> None:
    session.save(condition=SessionModel.token_hash.does_not_exist())


def put_write(session: SessionModel) -> Write:
    """``put`` as part of a sign-in's transaction."""
    def add(transaction: TransactWrite) -> None:
        transaction.save(session, condition=SessionModel.token_hash.does_not_exist())

    return Write("session", add)


def delete_write(token_hash: str) -> Write:
    """``delete`` as part of a sign-in's transaction (the browser's previous session)."""
    return Write("replaced_session",
                 lambda transaction: transaction.delete(SessionModel(token_hash=token_hash)))


def touch(session: SessionModel, now: datetime, expires_at: datetime) -> None:
    """Moves the idle deadline; a session deleted meanwhile is not brought back."""
    with suppress(UpdateError):  # ended meanwhile: the next request will find it gone
        session.update(
            actions=[SessionModel.last_seen_at.set(iso_instant(now)),
                     SessionModel.expires_at.set(expires_at)],
            condition=SessionModel.token_hash.exists(),
        )


def set_stamp(token_hash: str, stamp: str) -> bool:
    """Re-issue a live session under the user's new security stamp; False if it ended."""
    try:
        SessionModel(token_hash=token_hash).update(
            actions=[SessionModel.security_stamp.set(stamp)],
            condition=SessionModel.token_hash.exists())
    except UpdateError:
        return False
    return True


def delete(token_hash: str) -> None:
    SessionModel(token_hash=token_hash).delete()


def delete_of_user(token_hash: str, user_id: str) -> bool:
    """Delete the session only if it exists and is ``user_id``'s; True when it was deleted."""
    try:
        SessionModel(token_hash=token_hash).delete(
            condition=SessionModel.user_id == user_id)
    except DeleteError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    return True


def of_user(user_id: str) -> list[SessionModel]:
    """Index ``by_user``: ``user_id = :u``, newest first."""
    return list(SessionModel.by_user.query(user_id, scan_index_forward=False))


def delete_all_of_user(user_id: str, except_token_hash: str | None = None) -> int:
    ended = 0
    for session in of_user(user_id):
        if session.token_hash != except_token_hash:
            delete(session.token_hash)
            ended += 1
    return ended


def set_totp_enabled(user_id: str, enabled: bool) -> int:
    """Copy the user's TOTP state into each of their sessions (index ``by_user``), so the
    staff enrolment gate, read from the session, opens or closes at once; returns how many."""
    changed = 0
    for session in of_user(user_id):
        try:
            session.update(actions=[SessionModel.totp_enabled.set(enabled)],
                           condition=SessionModel.token_hash.exists())
        except UpdateError:
            continue  # ended meanwhile
        changed += 1
    return changed
