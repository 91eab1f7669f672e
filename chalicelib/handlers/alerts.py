"""alerts: the members' daily alerts job (issue 18), its own function, run by an EventBridge
schedule at 07:00 Lima whose constant input is ``{"job": "member_alerts"}`` (no queue feeds it).

It e-mails installments about to fall due, overdue installments and fixed deposits about to
mature (``services.accounts.member_alerts``); each alert once, whatever runs it how often.
"""

from __future__ import annotations

import logging
from typing import Any

from chalice import Blueprint

from chalicelib.domain.accounts.member_alerts import ALERTS_JOB
from chalicelib.services.accounts import member_alerts

blueprint = Blueprint(__name__)
logger = logging.getLogger(__name__)


@blueprint.lambda_function(name="alerts")
def alerts(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The schedule's event; anything else is refused without sending anything."""
    if event.get("job") != ALERTS_JOB:
        logger.error("alerts: unexpected event %r: nothing sent", sorted(event)[:5])
        return {"sent": 0, "refused": True}
    return member_alerts.run_alerts()
