"""Users table and the unique claims on e-mail and DNI."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.domain.auth.identity import LEGACY_STAMP
from chalicelib.domain.shared.errors import Conflict
from chalicelib.domain.shared.tokens import new_token
from chalicelib.store.shared import aws, user_counts
from chalicelib.store.shared.filtered_paging import read_filtered_page
from chalicelib.store.shared.models import UniqueKeyModel, UserModel
from chalicelib.store.shared.paging import Key, Page, Segment, read_page
from chalicelib.store.shared.round_trips import Write


def email_claim(email: str) -> str:
    return f"email#{email.strip().lower()}"


def dni_claim(dni: str) -> str:
    return f"dni#{dni}"


NO_ACCOUNT_ID = "no-account"
"""A user id no account has (accounts have UUIDs)."""


def full_name(user: UserModel) -> str:
    """The name the portal shows for an account: first names, then last names."""
    return f"{user.first_name} {user.last_name}".strip()


def many(user_ids: Iterable[str]) -> dict[str, UserModel]:
    """The accounts of ``user_ids`` that exist, by id: BatchGetItem (pynamodb asks 100 keys a
    call), eventually consistent, so only for showing names, never for deciding access."""
    wanted = sorted({user_id for user_id in user_ids if user_id})
    return {user.user_id: user for user in UserModel.batch_get(wanted)} if wanted else {}


def get(user_id: str) -> UserModel | None:
    """Key condition: ``user_id = :id``, strongly consistent: the account's password, status,
    role and TOTP decide access, so a change made a moment ago is what the next request sees."""
    try:
        return UserModel.get(user_id, consistent_read=True)
    except DoesNotExist:
        return None


def id_by_email(email: str) -> str:
    """Index ``by_email`` alone (one Query): the id of the account the index names for
    ``email``, ``NO_ACCOUNT_ID`` when none. The account is then read strongly consistent
    (a sign-in batches that read with its others) and its ``email`` compared, as
    ``find_by_email`` does."""
    hits = list(UserModel.by_email.query(email.strip().lower(), limit=1,
                                         attributes_to_get=["user_id"]))
    return hits[0].user_id if hits else NO_ACCOUNT_ID


def find_by_email(email: str) -> UserModel | None:
    """Index ``by_email``: ``email = :e`` (at most one item, kept unique by the claims) names the
    account; the account itself is then read by ``get`` (strongly consistent), because an index
    never is: a sign-in must check the password and status as they are now, not as the index's
    copy last saw them. None while the index still names an account whose e-mail has changed."""
    wanted = email.strip().lower()
    hits = list(UserModel.by_email.query(wanted, limit=1, attributes_to_get=["user_id"]))
    # Without a hit the same GetItem still runs, on an id no account has: a sign-in for an
    # unknown e-mail makes the reads of a real one (issue 14, no oracle in the call count).
    user = get(hits[0].user_id if hits else NO_ACCOUNT_ID)
    return user if user is not None and user.email == wanted else None


def create(user: UserModel) -> None:
    """Put the user and claim its e-mail (and DNI) in one transaction: no duplicates, ever."""
    claims = [email_claim(user.email)] + ([dni_claim(user.dni)] if user.dni else [])
    try:
        with TransactWrite(connection=aws.transactions()) as transaction:
            for claim in claims:
                transaction.save(UniqueKeyModel(key=claim, owner_id=user.user_id),
                                 condition=UniqueKeyModel.key.does_not_exist())
            transaction.save(user, condition=UserModel.user_id.does_not_exist())
            user_counts.add(transaction, user_counts.deltas(None, user_counts.state(user)))
    except TransactWriteError as error:
        raise Conflict("Ya existe una cuenta con esos datos.", code="already_registered") from error


# --- identity updates: each is one UpdateItem (or one transaction) on the loaded user --------
# The version is always incremented; the conditions below, not the version, keep each rule.
# Every credential change (password, e-mail, TOTP, role, status, unlock) also replaces the
# security stamp, which ends the user's other sessions and every one-time token issued before.


def security_stamp(user: UserModel) -> str:
    """The user's stamp; an account written before stamps existed has ``LEGACY_STAMP``."""
    return user.security_stamp or LEGACY_STAMP


def _new_stamp() -> Action:
    return UserModel.security_stamp.set(new_token())


def rotate_stamp(user: UserModel, now: str) -> None:
    """A credential change that writes nothing else to the user (an admin's unlock)."""
    user.update(actions=[_new_stamp(), UserModel.updated_at.set(now)],
                add_version_condition=False)


def set_latest_reset(user: UserModel, reset_token_hash: str) -> None:
    """The newest reset token: every reset link or token issued before it stops working."""
    user.update(actions=[UserModel.latest_reset.set(reset_token_hash)],
                add_version_condition=False)


def activate(user: UserModel, now: str) -> bool:
    """``pending_activation`` → ``active``; False when it was not pending (already used)."""
    try:
        user_counts.update(user, [UserModel.status.set("active"), UserModel.updated_at.set(now)],
                           UserModel.status == "pending_activation",
                           status="active")
    except UpdateError:
        return False
    return True


def record_login(user: UserModel, now: str, new_password_hash: str | None = None) -> None:
    """Stamp ``last_login_at`` (and store a rehashed password when the parameters changed)."""
    actions: list[Action] = [UserModel.last_login_at.set(now)]
    if new_password_hash:
        actions.append(UserModel.password_hash.set(new_password_hash))
    user.update(actions=actions, add_version_condition=False)


def record_login_write(user: UserModel, now: str) -> Write:
    """``record_login`` as part of a complete sign-in's transaction."""
    def add(transaction: TransactWrite) -> None:
        transaction.update(user, actions=[UserModel.last_login_at.set(now)],
                           add_version_condition=False)

    return Write("user", add)


def set_password(user: UserModel, password_hash: str, now: str) -> None:
    """A new password: a new stamp, and the pending e-mail change is dropped (its link, issued
    under the old stamp, is dead anyway)."""
    user.update(actions=[UserModel.password_hash.set(password_hash), _new_stamp(),
                         UserModel.pending_email.remove(),
                         UserModel.updated_at.set(now)], add_version_condition=False)


def rehash_password(user: UserModel, password_hash: str) -> None:
    """The same password under new hashing parameters: no credential change, no new stamp."""
    user.update(actions=[UserModel.password_hash.set(password_hash)],
                add_version_condition=False)


def claim_totp_step(user: UserModel, step: int) -> bool:
    """Record ``step`` as used only if it is newer than the stored one: one winner per step,
    even when two requests carry the same code at the same moment."""
    try:
        user.update(actions=[UserModel.totp_last_step.set(step)],
                    condition=(UserModel.totp_last_step < step)
                    | UserModel.totp_last_step.does_not_exist(),
                    add_version_condition=False)
    except UpdateError:
        return False
    return True


def set_pending_totp_secret(user: UserModel, encrypted_secret: str, now: str) -> None:
    user.update(actions=[UserModel.totp_pending_secret_encrypted.set(encrypted_secret),
                         UserModel.updated_at.set(now)], add_version_condition=False)


def enable_totp(user: UserModel, step: int, now: str, backup_code_hashes: set[str]) -> bool:
    """Promote the pending secret, consuming ``step``, with its first backup codes; False if the
    step was used or the pending secret changed meanwhile (a second set-up)."""
    pending = user.totp_pending_secret_encrypted
    if not pending:
        return False
    try:
        user_counts.update(user, [UserModel.totp_enabled.set(True),
                                  UserModel.totp_secret_encrypted.set(pending),
                                  UserModel.totp_pending_secret_encrypted.remove(),
                                  UserModel.totp_last_step.set(step), _new_stamp(),
                                  UserModel.backup_code_hashes.set(backup_code_hashes),
                                  UserModel.updated_at.set(now)],
                           (UserModel.totp_pending_secret_encrypted == pending)
                           & ((UserModel.totp_last_step < step)
                              | UserModel.totp_last_step.does_not_exist()),
                           totp_enabled=True)
    except UpdateError:
        return False
    return True


def disable_totp(user: UserModel, now: str) -> None:
    """Forget the secrets and the backup codes; the last used step stays (steps only move
    forward in time)."""
    user_counts.update(user, [UserModel.totp_enabled.set(False),
                              UserModel.totp_secret_encrypted.remove(),
                              UserModel.totp_pending_secret_encrypted.remove(),
                              UserModel.backup_code_hashes.remove(), _new_stamp(),
                              UserModel.updated_at.set(now)], None,
                       totp_enabled=False)


def replace_backup_codes(user: UserModel, backup_code_hashes: set[str], now: str) -> None:
    """A new set of ten: every earlier backup code stops working."""
    user.update(actions=[UserModel.backup_code_hashes.set(backup_code_hashes),
                         UserModel.updated_at.set(now)], add_version_condition=False)


def spend_backup_code(user: UserModel, code_hash: str) -> bool:
    """Remove one unused code's hash only if it is still there: one winner per code, even when
    two requests carry it at the same moment."""
    try:
        user.update(actions=[UserModel.backup_code_hashes.delete({code_hash})],
                    condition=UserModel.backup_code_hashes.contains(code_hash),
                    add_version_condition=False)
    except UpdateError:
        return False
    return True


def update_names(user: UserModel, first_name: str, last_name: str, now: str) -> None:
    """Optimistic: raises Conflict if someone else changed the user since it was read."""
    try:
        user.update(actions=[UserModel.first_name.set(first_name),
                             UserModel.last_name.set(last_name),
                             UserModel.sort_name.set(f"{last_name} {first_name}".lower()),
                             UserModel.updated_at.set(now)])
    except UpdateError as error:
        raise Conflict("Tus datos cambiaron mientras los editabas. Vuelve a intentarlo.",
                       code="edit_conflict") from error


def set_pending_email(user: UserModel, email: str | None, now: str,
                      change_id: str | None = None, authenticator: str | None = None) -> None:
    """Remember the e-mail awaiting confirmation (None: cancel the pending change); a
    ``change_id`` names the new change (its «no fui yo» links carry it) and ``authenticator``
    the fingerprint of the authenticator the account had when it was asked for. That one is
    kept until the change is confirmed or undone: cancelling and asking again cannot swap in an
    authenticator enrolled meanwhile."""
    pending = UserModel.pending_email.set(email) if email else UserModel.pending_email.remove()
    actions: list[Action] = [pending, UserModel.updated_at.set(now)]
    if change_id:
        actions.append(UserModel.email_change_id.set(change_id))
    if authenticator:
        actions.append(UserModel.email_change_authenticator.set(
            UserModel.email_change_authenticator | authenticator))  # if_not_exists
    user.update(actions=actions, add_version_condition=False)


def email_is_claimed(email: str) -> bool:
    """Key condition on ``unique_keys``: ``key = email#...``."""
    try:
        UniqueKeyModel.get(email_claim(email))
    except DoesNotExist:
        return False
    return True


def change_email(user: UserModel, new_email: str, now: str) -> bool:
    """Move the user's e-mail claim to ``new_email`` and make it the login e-mail, in one
    transaction; False when the address was claimed meanwhile or is no longer the pending one."""
    return _move_email_claim(
        user, user.email, new_email,
        [UserModel.pending_email.remove(), UserModel.email_change_authenticator.remove(),
         _new_stamp(), UserModel.updated_at.set(now)],
        UserModel.pending_email == new_email)


def _move_email_claim(user: UserModel, from_email: str, to_email: str, actions: list[Action],
                      condition: Condition) -> bool:
    """One transaction: claim ``to_email`` (if free), release ``from_email`` (if the user's), and
    make ``to_email`` the login e-mail with ``actions`` under ``condition``; False when any of
    the three does not hold."""
    try:
        with TransactWrite(connection=aws.transactions()) as transaction:
            transaction.save(UniqueKeyModel(key=email_claim(to_email), owner_id=user.user_id),
                             condition=UniqueKeyModel.key.does_not_exist())
            transaction.delete(UniqueKeyModel(key=email_claim(from_email)),
                               condition=UniqueKeyModel.owner_id == user.user_id)
            transaction.update(user, actions=[UserModel.email.set(to_email), *actions],
                               condition=condition, add_version_condition=False)
    except TransactWriteError:
        return False
    user.refresh()
    return True


def _undo_actions(now: str) -> list[Action]:
    """What undoing an e-mail change («no fui yo») always does: no pending e-mail, the change's
    links dead, a new stamp (every session and token ends) and no usable password (whoever
    asked for the change knew it): the account needs a reset."""
    return [UserModel.pending_email.remove(), UserModel.email_change_id.remove(),
            UserModel.email_change_authenticator.remove(), UserModel.password_hash.remove(),
            _new_stamp(), UserModel.updated_at.set(now)]


def cancel_email_change(user: UserModel, old_email: str, change_id: str, now: str) -> bool:
    """Undo a change not yet confirmed; False when the account moved on meanwhile (its e-mail
    or change is no longer the link's)."""
    try:
        user.update(actions=_undo_actions(now),
                    condition=(UserModel.email == old_email)
                    & (UserModel.email_change_id == change_id), add_version_condition=False)
    except UpdateError:
        return False
    return True


def restore_email(user: UserModel, old_email: str, new_email: str, change_id: str,
                  now: str) -> bool:
    """Undo a confirmed change: the e-mail claim moves back to ``old_email`` in one transaction
    (as ``change_email``); False when the old address was claimed meanwhile or the account is
    no longer on this change."""
    return _move_email_claim(user, new_email, old_email, _undo_actions(now),
                             (UserModel.email == new_email)
                             & (UserModel.email_change_id == change_id))


# --- administration (issue 8): search, access changes, invitations, counts ------------------

_BY_ROLE_KEYS = frozenset({"user_id", "role", "sort_name"})


def find_by_dni(dni: str) -> UserModel | None:
    """Index ``by_dni`` (keys only): ``dni = :d``, then GetItem on the user."""
    for key in UserModel.by_dni.query(dni, limit=1):
        return get(key.user_id)
    return None


def role_segment(role: str, name_prefix: str = "") -> Segment:
    """Index ``by_role``: ``role = :r [AND begins_with(sort_name, :prefix)]``, by surname."""

    def run(limit: int, start: Key | None) -> Any:
        condition = UserModel.sort_name.startswith(name_prefix) if name_prefix else None
        return UserModel.by_role.query(role, range_key_condition=condition, limit=limit,
                                       last_evaluated_key=start)

    return Segment(name=f"role:{role}", hash_attribute="role", hash_value=role,
                   key_attributes=_BY_ROLE_KEYS, run=run)


def by_roles(roles: list[str], name_prefix: str, limit: int,
             cursor: str | None) -> Page[UserModel]:
    """One ``by_role`` Query per role, in the order given, read as one paged list."""
    return read_page([role_segment(role, name_prefix) for role in roles], limit, cursor)


def _filtered_role_segment(role: str, condition: Condition) -> Segment:
    """Index ``by_role``: ``role = :r`` with ``condition`` as the FilterExpression."""

    def run(read_size: int, start: Key | None) -> Any:
        return UserModel.by_role.query(role, filter_condition=condition, page_size=read_size,
                                       last_evaluated_key=start)

    return Segment(name=f"role:{role}", hash_attribute="role", hash_value=role,
                   key_attributes=_BY_ROLE_KEYS, run=run)


def _filtered_by_roles(roles: list[str], condition: Condition, limit: int,
                       cursor: str | None) -> Page[UserModel]:
    """The role partitions in turn, filtered: a page may hold fewer than ``limit`` users and
    still carry a cursor (``store.shared.filtered_paging``: at most 1,000 users read a page)."""
    return read_filtered_page([_filtered_role_segment(role, condition) for role in roles],
                              limit, cursor, UserModel.from_raw_data)


def by_roles_with_dni_start(roles: list[str], dni_start: str, limit: int,
                            cursor: str | None) -> Page[UserModel]:
    """Index ``by_role``: ``role = :r``, filter ``begins_with(dni, :d)``, by surname."""
    return _filtered_by_roles(roles, UserModel.dni.startswith(dni_start), limit, cursor)


def by_roles_with_email_part(roles: list[str], part: str, limit: int,
                             cursor: str | None) -> Page[UserModel]:
    """Index ``by_role``: ``role = :r``, filter ``contains(email, :p)`` (e-mails are stored in
    lower case, so ``part`` is given in lower case), by surname."""
    return _filtered_by_roles(roles, UserModel.email.contains(part), limit, cursor)


def count_active(role: str, *, with_totp: bool = False) -> int:
    """Index ``by_role``: ``role = :r`` with ``Select=COUNT`` and a filter on status (and TOTP).

    Reads every item of the role's partition (RCUs grow with it: ~8 KB per RCU); returns only the
    count, never the items."""
    condition = UserModel.status == "active"
    if with_totp:
        condition = condition & (UserModel.totp_enabled == True)  # noqa: E712 - a condition
    return int(UserModel.by_role.count(role, filter_condition=condition))


def update_access(user: UserModel, *, role: str, status: str, now: str,
                  actor: tuple[str, str] | None = None) -> None:
    """Role and status on the version read (optimistic), in one transaction with a check that
    the acting ``(user_id, role)`` is still active in that role: two super_admins removing each
    other at once cannot both succeed. Raises Conflict if either condition fails."""
    try:
        with TransactWrite(connection=aws.transactions()) as transaction:
            stamp = new_token() if (role, status) != (user.role, user.status) \
                else security_stamp(user)
            transaction.update(user, actions=[UserModel.role.set(role),
                                              UserModel.status.set(status),
                                              UserModel.security_stamp.set(stamp),
                                              UserModel.updated_at.set(now)])
            user_counts.add(transaction, user_counts.deltas(
                user_counts.state(user), user_counts.Counted(role, status,
                                                             bool(user.totp_enabled))))
            if actor is not None:
                transaction.condition_check(UserModel, actor[0],
                                            condition=(UserModel.status == "active")
                                            & (UserModel.role == actor[1]))
    except TransactWriteError as error:
        raise Conflict("El usuario cambió mientras lo editabas. Vuelve a intentarlo.",
                       code="edit_conflict") from error
    user.role, user.status, user.updated_at = role, status, now
    user.security_stamp = stamp


def accept_invitation(user: UserModel, password_hash: str, now: str) -> bool:
    """``invited`` → ``active`` with the first password; False if no longer invited."""
    try:
        user_counts.update(user, [UserModel.password_hash.set(password_hash), _new_stamp(),
                                  UserModel.status.set("active"), UserModel.updated_at.set(now)],
                           UserModel.status == "invited",
                           status="active")
    except UpdateError:
        return False
    return True


def restart_registration(user: UserModel, password_hash: str, pending_email: str | None,
                         now: str) -> bool:
    """A newer registration with the right data for an account still pending activation: its
    password and asked-for login e-mail replace the earlier ones, and a new stamp kills every
    earlier activation link. False when the account is no longer pending."""
    pending = UserModel.pending_email.set(pending_email) if pending_email \
        else UserModel.pending_email.remove()
    try:
        user.update(actions=[UserModel.password_hash.set(password_hash), pending, _new_stamp(),
                             UserModel.updated_at.set(now)],
                    condition=UserModel.status == "pending_activation",
                    add_version_condition=False)
    except UpdateError:
        return False
    return True


# --- the registry decides (issue 17): an import disables and reactivates member accounts ----


def disable_by_import(user: UserModel, now: str) -> bool:
    """``active`` → ``inactive`` with a new stamp (every session and link dies) remembered as
    the reason; False when the account was not active (already inactive, pending)."""
    stamp = new_token()
    try:
        user_counts.update(user, [UserModel.status.set("inactive"),
                                  UserModel.security_stamp.set(stamp),
                                  UserModel.disabled_by_import.set(stamp),
                                  UserModel.updated_at.set(now)],
                           UserModel.status == "active",
                           status="inactive")
    except UpdateError:
        return False
    return True


def reactivate_after_import(user: UserModel, now: str) -> bool:
    """``inactive`` → ``active`` only while the account is as an import left it (its stamp is
    the one the import set): an admin's deactivation, or any change since, stays. False then."""
    stamp = user.disabled_by_import
    if not stamp:
        return False
    try:
        user_counts.update(user, [UserModel.status.set("active"), _new_stamp(),
                                  UserModel.disabled_by_import.remove(),
                                  UserModel.updated_at.set(now)],
                           (UserModel.status == "inactive")
                           & (UserModel.disabled_by_import == stamp)
                           & (UserModel.security_stamp == stamp),
                           status="active")
    except UpdateError:
        return False
    return True


# --- pending accounts expire (issue 17) -------------------------------------------------------


def remove_expired_pending(user: UserModel) -> bool:
    """Delete the account and its e-mail and DNI claims in one transaction, only if it is still
    pending and unchanged since it was read and judged expired (its version: an expiry pushed
    forward by a resend, an activation, would have changed it) and the claims are its own.
    False when any of that no longer holds."""
    claims = [email_claim(user.email)] + ([dni_claim(user.dni)] if user.dni else [])
    try:
        with TransactWrite(connection=aws.transactions()) as transaction:
            for claim in claims:
                transaction.delete(UniqueKeyModel(key=claim),
                                   condition=UniqueKeyModel.owner_id == user.user_id)
            transaction.delete(user, condition=UserModel.status == "pending_activation")
    except TransactWriteError:
        return False
    return True


def renew_activation(user: UserModel, expires_at: str, now: str) -> bool:
    """A fresh activation window: a new stamp (every earlier activation link dies) and a new
    expiry; False when the account is no longer pending."""
    try:
        user.update(actions=[_new_stamp(), UserModel.activation_expires_at.set(expires_at),
                             UserModel.updated_at.set(now)],
                    condition=UserModel.status == "pending_activation",
                    add_version_condition=False)
    except UpdateError:
        return False
    return True


# --- staff invitations (issue 17): re-sent or revoked by an admin ----------------------------


def renew_invitation(user: UserModel, now: str) -> bool:
    """A new stamp for an account still ``invited``: every earlier invitation link dies (a link
    is bound to the stamp it was issued under). False when it is no longer invited."""
    try:
        user.update(actions=[_new_stamp(), UserModel.updated_at.set(now)],
                    condition=UserModel.status == "invited", add_version_condition=False)
    except UpdateError:
        return False
    return True


def remove_invitation(user: UserModel) -> bool:
    """Delete an ``invited`` account and its e-mail claim in one transaction: its links stop
    working (no holder) and the address may be invited again. False when it was accepted
    meanwhile or the claim is not its own."""
    try:
        with TransactWrite(connection=aws.transactions()) as transaction:
            transaction.delete(UniqueKeyModel(key=email_claim(user.email)),
                               condition=UniqueKeyModel.owner_id == user.user_id)
            transaction.delete(user, condition=UserModel.status == "invited")
    except TransactWriteError:
        return False
    return True


def set_alerts_off(user: UserModel, kinds: set[str], now: str) -> None:
    """UpdateItem ``SET alerts_off`` (``REMOVE`` when empty: DynamoDB stores no empty set) and
    ``updated_at``; the version moves, so a writer holding the old item does not put it back."""
    alerts = UserModel.alerts_off.set(kinds) if kinds else UserModel.alerts_off.remove()
    user.update(actions=[alerts, UserModel.updated_at.set(now)], add_version_condition=False)


def accept_terms(user: UserModel, version: str, now: str) -> None:
    """The member accepted ``version`` of the terms of use (issue 18); not a credential."""
    user.update(actions=[UserModel.terms_version.set(version),
                         UserModel.terms_accepted_at.set(now),
                         UserModel.updated_at.set(now)], add_version_condition=False)
