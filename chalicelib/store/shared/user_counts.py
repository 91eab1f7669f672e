"""The admin dashboard's user figures as counters (issue 19), in ``counters``:
``users#active#<role>`` (active accounts of each role) and ``users#active#member#totp`` (active
members with TOTP on).

Every write that creates a user or changes their role, status or TOTP moves them in the same
transaction, conditioned on the account being as it was read (so a write that lost a race moves
nothing, and no counter drifts); a write that moves nothing stays the single UpdateItem it was.
``dev.recount`` sets the counters from the accounts once (the deploy of issue 19, the demo
seed). IAM: the functions that change accounts may UpdateItem the ``users#*`` items only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from pynamodb.exceptions import TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.transactions import TransactWrite

from chalicelib.store.shared import aws
from chalicelib.store.shared.models import CounterModel, UserModel

KEY_PREFIX = "users#"
MEMBER_ROLE = "member"
WITH_TOTP = f"{KEY_PREFIX}active#{MEMBER_ROLE}#totp"


class Counted(NamedTuple):
    """What of an account the counts depend on."""

    role: str
    status: str
    totp_enabled: bool


def active_counter(role: str) -> str:
    return f"{KEY_PREFIX}active#{role}"


def state(user: UserModel) -> Counted:
    return Counted(str(user.role), str(user.status), bool(user.totp_enabled))


def counters_of(counted: Counted | None) -> set[str]:
    """The counters an account in this state counts in (none unless active)."""
    if counted is None or counted.status != "active":
        return set()
    ids = {active_counter(counted.role)}
    if counted.role == MEMBER_ROLE and counted.totp_enabled:
        ids.add(WITH_TOTP)
    return ids


def deltas(before: Counted | None, after: Counted | None) -> dict[str, int]:
    """``{counter: ±1}`` for an account going from ``before`` to ``after`` (None: no account)."""
    was, now = counters_of(before), counters_of(after)
    return {**{counter: -1 for counter in was - now}, **{counter: 1 for counter in now - was}}


def add(transaction: TransactWrite, moved: Mapping[str, int]) -> None:
    for counter_id, delta in sorted(moved.items()):
        transaction.update(CounterModel(counter_id=counter_id),
                           actions=[CounterModel.value.add(delta)])


def _as_read(counted: Counted) -> Condition:
    totp = UserModel.totp_enabled == True  # noqa: E712 - a condition
    if not counted.totp_enabled:
        totp = (UserModel.totp_enabled == False) | UserModel.totp_enabled.does_not_exist()  # noqa: E712
    condition: Condition = ((UserModel.role == counted.role)
                            & (UserModel.status == counted.status) & totp)
    return condition


_ATTEMPTS = 3


def update(user: UserModel, actions: list[Action], condition: Condition | None,
           **changed: Any) -> None:
    """``user.update`` (no version condition, as the identity updates) of ``actions``, which
    change the counted fields as ``changed`` says (``status="active"``), unless the account
    moves between counts: then one transaction of the update, conditioned also on the counted
    fields as read, and the counters' ADDs, and the account read again (as ``update`` leaves
    it). A failed condition raises ``UpdateError`` either way (nothing written); an
    unconditional update that met a concurrent change of the counted fields is counted again
    from the account as it is now."""
    for attempt in range(1, _ATTEMPTS + 1):
        moved = deltas(state(user), state(user)._replace(**changed))
        if not moved:
            user.update(actions=actions, condition=condition, add_version_condition=False)
            return
        as_read = _as_read(state(user))
        try:
            with TransactWrite(connection=aws.transactions()) as transaction:
                transaction.update(user, actions=actions, add_version_condition=False,
                                   condition=as_read if condition is None
                                   else condition & as_read)
                add(transaction, moved)
        except TransactWriteError as error:
            if condition is not None or attempt == _ATTEMPTS:
                raise UpdateError("The account changed since it was read",
                                  error.cause) from error
            user.refresh(consistent_read=True)  # unconditional: count it as it is now
            continue
        user.refresh(consistent_read=True)
        return
