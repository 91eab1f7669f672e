"""E-mails: requests enqueue them; the notifier function delivers them through SES.

A request that has committed its change must still answer when SQS is unreachable (botocore has
already retried): a 500 would make the user repeat a reply or an application that was saved. So
the e-mail is parked in DynamoDB and the notifier's scheduled sweep queues it later.
"""

from __future__ import annotations

import logging
from typing import Any

from chalicelib.domain.shared.clock import utc_now
from chalicelib.domain.shared.emails import Attachment, Email
from chalicelib.observability import MAIL_LOST, MAIL_PARKED
from chalicelib.settings import settings
from chalicelib.store.shared import mail

logger = logging.getLogger(__name__)

SWEEP_BATCH = 100
"""Parked e-mails queued per sweep (``domain.shared.emails.PARKED_MAIL_SWEEP_MINUTES``); more
wait."""


def send_email(email: Email) -> None:
    """Queue ``email``; the request does not wait for the mail service. One that sends the
    member to the office also gives the Contacto page's address."""
    email = email.pointing_to_contact(f"{settings().site_url.rstrip('/')}/contacto")
    _queue(email.as_message(), repr(email.subject), _masked(email.to))


def queue_job(job: str, **fields: str) -> None:
    """Queue work for the notifier (a message with ``job``), done after the request answered:
    e.g. ``password_forgot``, whose account lookup and mail must not shape the answer's time."""
    _queue({"job": job, **fields}, f"job {job}", "-")


def _queue(message: dict[str, Any], what: str, to: str) -> None:
    try:
        mail.enqueue(message)
        return
    except Exception:  # any failure of the queue: park the mail, answer the request
        logger.warning("%s: SQS unreachable, parking the e-mail %s", MAIL_PARKED, what,
                       exc_info=True)
    try:
        mail.park(message, utc_now())
    except Exception:  # the change is committed: say loudly what was lost
        logger.error("%s: neither queued nor parked: %s to %s", MAIL_LOST, what, to,
                     exc_info=True)


def requeue_parked(limit: int = SWEEP_BATCH) -> int:
    """Queue the parked e-mails, oldest first, removing each once queued; returns how many.
    Stops at the first failure: the queue is still down and the rest waits for the next sweep."""
    queued = 0
    for parked_id, message in mail.parked(limit):
        try:
            mail.enqueue(message)
        except Exception:  # still unreachable: leave it parked
            logger.warning("mail_requeue_failed: %d queued, the rest stays parked", queued,
                           exc_info=True)
            break
        mail.unpark(parked_id)
        queued += 1
    return queued


def deliver(message: dict[str, Any]) -> str:
    """Send one queued e-mail (called by the notifier for each SQS record)."""
    attachments = [Attachment.from_message(each) for each in message.get("attachments") or ()]
    return mail.send(to=str(message["to"]), subject=str(message["subject"]),
                     text=str(message["text"]), html=str(message.get("html") or message["text"]),
                     attachments=attachments)


def _masked(address: str) -> str:
    """``s***@demo.coopac.pe``: enough to find the member, not a full address in the logs."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"
