"""The registry decides who is a member: when a members import marks a member inactive, the
portal account is disabled and every session ends; when a later import marks the member active
again, the account comes back, unless an admin deactivated it (docs/imports.md).

The accounts are changed before the registry rows are written, and only for rows whose status
changes: a worker that dies between the two loads the file again and still sees the change;
the account writes are conditional, so doing one twice changes nothing."""

from __future__ import annotations

from chalicelib.domain.shared.clock import iso_instant, utc_now
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.shared import audit
from chalicelib.store.auth import registry, users
from chalicelib.store.shared.models import UserModel

IMPORT_ACTOR = "sistema (importación)"
WORKER_CONTEXT = RequestContext(ip="-", user_agent="import-worker")


def load_members(records: list[dict[str, str]]) -> None:
    """One batch of good registry rows: follow their status changes, then write them."""
    follow_status_changes(records)
    registry.put_many(records)


def follow_status_changes(records: list[dict[str, str]]) -> None:
    """One BatchGetItem of the rows' current statuses; for each row whose status changes, the
    member's account through the ``by_dni`` index (Query, then GetItem)."""
    before = registry.statuses(record["dni"] for record in records)
    for record in records:
        previous = before.get(record["dni"])
        if previous is None or previous == record["status"]:
            continue
        user = users.find_by_dni(record["dni"])
        if user is None or user.role != Role.MEMBER.value:
            continue
        if record["status"] == "inactive":
            _disable(user)
        else:
            _reactivate(user)


def _disable(user: UserModel) -> None:
    if not users.disable_by_import(user, iso_instant(utc_now())):
        return
    from chalicelib.services.auth import sessions  # the HTTP session code, for this rare case

    ended = sessions.end_all_sessions(user.user_id)
    _audit("import.member_account_disabled", user, sessions_ended=ended)


def _reactivate(user: UserModel) -> None:
    if users.reactivate_after_import(user, iso_instant(utc_now())):
        _audit("import.member_account_reactivated", user)


def _audit(action: str, user: UserModel, **details: object) -> None:
    audit.record(action=action, outcome="success", context=WORKER_CONTEXT,
                 actor_id=IMPORT_ACTOR, role="system", target=f"user:{user.user_id}",
                 details={"reason": "registry_status", **details}, subject_id=user.user_id)
