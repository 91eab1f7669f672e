"""Whether a caller-triggered e-mail may go now (domain.shared.mail_cooldown); the caller's answer
is the
same either way, so a suppressed mail is only logged."""

from __future__ import annotations

import logging

from chalicelib.domain.shared import clock
from chalicelib.domain.shared import mail_cooldown as rules
from chalicelib.store.shared import mail_cooldowns

logger = logging.getLogger(__name__)

MAIL_SUPPRESSED = "mail_suppressed"


def allows(kind: str, user_id: str, to: str) -> bool:
    """Take the mail's place in its destination's gap and hour and in its account's hour; False
    (nothing to send) as soon as one is used up."""
    now = clock.utc_now()
    start = rules.hour_start(now)
    expires = start + 2 * rules.HOUR
    destination = rules.destination_key(to)
    allowed = (mail_cooldowns.take_gap(destination, now, rules.MIN_GAP)
               and mail_cooldowns.take_hourly(destination, start, rules.PER_HOUR, expires)
               and mail_cooldowns.take_hourly(rules.account_key(kind, user_id), start,
                                              rules.PER_HOUR, expires))
    if not allowed:
        logger.info("%s: %s for user %s", MAIL_SUPPRESSED, kind, user_id)
    return allowed
