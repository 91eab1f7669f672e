"""notifier: sends the queued e-mails through SES, so a slow mail service never slows a request.

The same function is invoked three ways: by SQS with a batch of e-mails, every five minutes by
an EventBridge schedule that queues the e-mails parked while SQS was unreachable, and daily at
08:00 Lima by a schedule whose constant input ``{"job": "daily_summary"}`` asks for the admins'
daily summary (``services.admin.daily_summary``).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from chalice import Blueprint

from chalicelib.domain.admin.daily_summary import DAILY_SUMMARY_JOB
from chalicelib.observability import MAIL_SEND_FAILED
from chalicelib.services.shared import notifications

blueprint = Blueprint(__name__)
logger = logging.getLogger(__name__)

SCHEDULED_EVENT = "Scheduled Event"


@blueprint.lambda_function(name="notifier")
def notifier(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """SQS batch of e-mails; a failed send is reported so SQS retries it (then the DLQ)."""
    if event.get("job") == DAILY_SUMMARY_JOB:  # the 08:00 Lima schedule's constant input
        from chalicelib.services.admin import daily_summary  # once a day: not at every cold start

        return daily_summary.send_daily_summary()
    if event.get("detail-type") == SCHEDULED_EVENT:
        return {"requeued": notifications.requeue_parked()}
    failures = []
    for record in event.get("Records", []):
        try:
            _handle(json.loads(record["body"]))
        except Exception:  # any failure: SQS retries the record, then the dead-letter queue
            logger.warning("%s: message %s will be retried", MAIL_SEND_FAILED,
                           record.get("messageId", "?"), exc_info=True)
            failures.append({"itemIdentifier": record.get("messageId", "")})
    return {"batchItemFailures": failures}


def _handle(message: dict[str, Any]) -> None:
    """A queued job (``job``) or an e-mail to deliver. Most messages are e-mails: the jobs'
    services (the identity ones and what they import) load with the first job."""
    if "job" not in message:
        notifications.deliver(message)
        return
    from chalicelib.services.auth import (
        activation_resend,
        new_sign_in_alert,
        recovery,
        registration_jobs,
    )
    from chalicelib.services.auth.registration import REGISTRATION_JOB, RESEND_JOB

    if message.get("job") == recovery.FORGOT_JOB:
        recovery.send_forgot_instructions(message)
    elif message.get("job") == REGISTRATION_JOB:
        registration_jobs.complete_registration(message)
    elif message.get("job") == RESEND_JOB:
        activation_resend.resend_activation_link(message)
    elif message.get("job") == new_sign_in_alert.NEW_SIGN_IN_JOB:
        new_sign_in_alert.send_queued_alert(message)
    else:
        logger.error("unknown notifier job %r: dropped", message["job"])
