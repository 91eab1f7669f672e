"""The members' alerts job (issue 18), run daily at 07:00 Lima by the ``alerts`` function's
schedule: e-mails each member whose loan installment falls due within
``ALERT_INSTALLMENT_DAYS_BEFORE`` days, whose installment is overdue, or whose fixed deposit
matures within ``ALERT_FIXED_DEPOSIT_DAYS_BEFORE`` days, unless they turned that alert off.

Reads by date through ``member_products.by_due_date`` (ten Queries per product kind), the
member's account by ``users.by_dni`` and a GetItem; no Scan. Each alert is sent once even if the
job runs twice: its mark (``counters``, ``alert#<kind>#<user>#<product>#<date>``) is put with
a condition before the e-mail is queued.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date
from typing import Any

from chalicelib.domain.accounts import member_alerts as rules
from chalicelib.domain.accounts.alert_preferences import wants_alert
from chalicelib.domain.shared.clock import lima_today, utc_now
from chalicelib.domain.shared.permissions import ACTIVE, Role
from chalicelib.services.shared import notifications
from chalicelib.settings import settings
from chalicelib.store.accounts import member_alerts as store
from chalicelib.store.auth import users
from chalicelib.store.shared.models import UserModel

logger = logging.getLogger(__name__)

SENT = "sent"
ALREADY_SENT = "already_sent"
TURNED_OFF = "turned_off"
NO_ACCOUNT = "no_account"


def windows() -> rules.AlertWindows:
    return rules.AlertWindows(
        installment_days_before=settings().alert_installment_days_before,
        fixed_deposit_days_before=settings().alert_fixed_deposit_days_before)


def run_alerts() -> dict[str, Any]:
    """``{"day", "sent", "already_sent", "turned_off", "no_account"}`` for today's Lima day."""
    today = lima_today(utc_now())
    outcomes: Counter[str] = Counter()
    members: dict[str, UserModel | None] = {}
    for product in rules.ALERT_PRODUCTS:
        first, last = rules.query_window(product, today, windows())
        for due in store.due_between(product, first, last):
            kind = rules.alert_kind(product, date.fromisoformat(due.entry.due_on), today,
                                    windows())
            if kind is not None:
                outcomes[_alert_once(kind, due, _member(due.dni, members), today)] += 1
    logger.info("member alerts %s: %s", today.isoformat(), dict(outcomes))
    return {"day": today.isoformat(),
            **{name: outcomes[name] for name in (SENT, ALREADY_SENT, TURNED_OFF, NO_ACCOUNT)}}


def _member(dni: str, members: dict[str, UserModel | None]) -> UserModel | None:
    """The DNI's active member account (one index Query and a GetItem per DNI and run)."""
    if dni not in members:
        user = users.find_by_dni(dni)
        members[dni] = user if user is not None and user.status == ACTIVE \
            and user.role == Role.MEMBER.value else None
    return members[dni]


def _alert_once(kind: str, due: store.DueProduct, member: UserModel | None,
                today: date) -> str:
    """Preferences first (a turned-off alert takes no mark, so turning it on again works for
    the next date), then the conditional mark, then the e-mail."""
    if member is None:
        return NO_ACCOUNT
    if not wants_alert(member.alerts_off, kind):
        return TURNED_OFF
    due_on = date.fromisoformat(due.entry.due_on)
    if not store.claim(rules.mark_id(kind, member.user_id, due.product_id, due.entry.due_on),
                       rules.mark_expiry(due_on)):
        return ALREADY_SENT
    notifications.send_email(rules.alert_email(
        kind, to=member.email, first_name=member.first_name, entry=due.entry, today=today,
        site_url=settings().site_url))
    return SENT
