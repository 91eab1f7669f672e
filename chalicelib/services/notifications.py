"""E-mails: requests enqueue them; the notifier function delivers them through SES."""

from __future__ import annotations

from typing import Any

from chalicelib.domain.emails import Email
from chalicelib.store import mail


def send_email(email: Email) -> None:
    """Queue ``email``; the request does not wait for the mail service."""
    mail.enqueue(email.as_message())


def deliver(message: dict[str, Any]) -> str:
    """Send one queued e-mail (called by the notifier for each SQS record)."""
    return mail.send(to=str(message["to"]), subject=str(message["subject"]),
                     text=str(message["text"]), html=str(message.get("html") or message["text"]))
