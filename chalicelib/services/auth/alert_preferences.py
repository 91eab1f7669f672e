"""«Alertas por correo» in Configuración (issue 18): which alerts the signed-in user receives.

Every alert is on until turned off (``domain.accounts.alert_preferences``); members choose the
product alerts and the new sign-in one, staff only the sign-in one. A change is audited
``alerts.preferences_changed`` with the kinds turned on and off.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from chalicelib.domain.accounts import alert_preferences as rules
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import NotAuthenticated
from chalicelib.domain.shared.permissions import ACTIVE, Role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import audit
from chalicelib.store.auth import users
from chalicelib.store.shared.models import UserModel

PREFERENCES_CHANGED = "alerts.preferences_changed"


def _user(principal: Principal) -> UserModel:
    user = users.get(principal.user_id)
    if user is None or user.status != ACTIVE:
        raise NotAuthenticated()
    return user


def _is_member(user: UserModel) -> bool:
    return user.role == Role.MEMBER.value


def get_preferences(principal: Principal) -> dict[str, Any]:
    user = _user(principal)
    return rules.preferences_view(user.alerts_off, _is_member(user))


def change_preferences(principal: Principal, changes: Mapping[str, bool],
                       context: RequestContext) -> dict[str, Any]:
    """Only the kinds ``changes`` names (``parse_alert_changes``) change; the answer is the
    whole list as stored."""
    user = _user(principal)
    before = set(user.alerts_off or ())
    after = rules.turned_off_after(before, changes)
    if after != before:
        users.set_alerts_off(user, after, clock.iso_instant(clock.utc_now()))
        audit.record(action=PREFERENCES_CHANGED, outcome="success", context=context,
                     actor_id=user.user_id, role=user.role, target=f"user:{user.user_id}",
                     details={"turned_on": sorted(before - after),
                              "turned_off": sorted(after - before)})
    return rules.preferences_view(after, _is_member(user))
