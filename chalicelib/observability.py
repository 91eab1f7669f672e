"""Words the functions write to their logs when something needs a person; the CDK turns each
into a CloudWatch metric with an alarm (``infra/stacks/monitoring.py``). Both read them here, so
a reworded log line cannot silently disconnect its alarm."""

from __future__ import annotations

UNHANDLED_ERROR = "unhandled_error"
"""A request answered 500 (``handlers/http.py``)."""
MAIL_PARKED = "mail_parked"
"""SQS was unreachable: an e-mail waits in ``parked_mails`` for the notifier's sweep."""
MAIL_LOST = "mail_lost"
"""Neither SQS nor DynamoDB took an e-mail: it will not be sent."""
MAIL_SEND_FAILED = "mail_send_failed"
"""SES refused or failed a send; SQS retries it (then the dead-letter queue)."""

ALARMED_MARKERS = (UNHANDLED_ERROR, MAIL_PARKED, MAIL_LOST)
"""Markers with an alarm of their own; a failed send alarms through the dead-letter queue."""
