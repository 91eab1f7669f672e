"""The e-mail queue (SQS) and the mail service (SES)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from chalicelib.domain.shared.emails import Attachment
from chalicelib.settings import settings
from chalicelib.store.shared.aws import client
from chalicelib.store.shared.models import ParkedMailModel

if TYPE_CHECKING:
    from email.mime.multipart import MIMEMultipart

PARKED_SHELF = "notifications"
PARKED_RETENTION = timedelta(days=14)
"""As long as SQS keeps a message (its maximum retention): a mail older than that is stale."""


@cache
def _queue_url(name: str) -> str:
    return str(client("sqs").get_queue_url(QueueName=name)["QueueUrl"])


def notifications_queue_url() -> str:
    return _queue_url(settings().notifications_queue_name)


def enqueue(message: dict[str, Any]) -> None:
    client("sqs").send_message(QueueUrl=notifications_queue_url(),
                               MessageBody=json.dumps(message, ensure_ascii=False))


def park(message: dict[str, Any], now: datetime) -> str:
    """Keep a message SQS did not take; returns its key."""
    parked_id = f"{now.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z#{uuid.uuid4().hex}"
    ParkedMailModel(PARKED_SHELF, parked_id, message=json.dumps(message, ensure_ascii=False),
                    expires_at=now + PARKED_RETENTION).save()
    return parked_id


def parked(limit: int) -> list[tuple[str, dict[str, Any]]]:
    """Key condition ``shelf = notifications``, oldest first: (key, message) pairs."""
    return [(item.parked_id, json.loads(item.message))
            for item in ParkedMailModel.query(PARKED_SHELF, limit=limit)]


def unpark(parked_id: str) -> None:
    ParkedMailModel(PARKED_SHELF, parked_id).delete()


def send(*, to: str, subject: str, text: str, html: str,
         attachments: Sequence[Attachment] = ()) -> str:
    """Send a text + HTML e-mail (a raw MIME message, so both parts travel); with attachments
    the two parts go inside a ``multipart/mixed`` beside the files (SES ``SendRawEmail``).
    email.mime is imported here: only the notifier sends, the HTTP functions only queue."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText
    from email.utils import formatdate

    body = MIMEMultipart("alternative")
    body.attach(MIMEText(text, "plain", "utf-8"))
    body.attach(MIMEText(html, "html", "utf-8"))
    message = _with_attachments(body, attachments) if attachments else body
    message["Subject"] = subject
    message["From"] = settings().mail_from
    message["To"] = to
    message["Date"] = formatdate(usegmt=True)
    answer = client("ses").send_raw_email(Source=settings().mail_from, Destinations=[to],
                                          RawMessage={"Data": message.as_string()})
    return str(answer["MessageId"])


def _with_attachments(body: MIMEMultipart, attachments: Sequence[Attachment]) -> MIMEMultipart:
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart

    mixed = MIMEMultipart("mixed")
    mixed.attach(body)
    for each in attachments:
        _, _, subtype = each.content_type.partition("/")
        part = MIMEApplication(each.data, _subtype=subtype or "octet-stream")
        part.add_header("Content-Disposition", "attachment", filename=each.filename)
        mixed.attach(part)
    return mixed


def forget_queue_urls() -> None:
    _queue_url.cache_clear()
