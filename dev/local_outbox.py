"""The local stage's outbox: the e-mails moto's SES accepted, read from its in-process backend.

Only the local stack and tests import this (``GET /dev/outbox``); moto is not a runtime
dependency and this module is never packaged into a function's code path.
"""

from __future__ import annotations

import base64
from email import message_from_string
from email.header import decode_header, make_header
from email.message import Message
from email.utils import parsedate_to_datetime
from typing import Any

from chalicelib.domain.shared.clock import iso_instant
from chalicelib.settings import settings


def _part(message: Message, content_type: str) -> str:
    for part in message.walk():
        if part.get_content_type() == content_type:
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload.decode(part.get_content_charset() or "utf-8")
    return ""


def _attachments(message: Message) -> list[dict[str, Any]]:
    """Each attached file: name, type, size and its bytes in base64 (tests open the PDF)."""
    files = []
    for part in message.walk():
        if part.get_content_disposition() != "attachment":
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        files.append({"filename": part.get_filename() or "", "content_type":
                      part.get_content_type(), "size": len(data),
                      "data": base64.b64encode(data).decode("ascii")})
    return files


def sent_emails() -> list[dict[str, Any]]:
    """``[{to, subject, text, html, sent_at}]``, oldest first."""
    from moto.core import DEFAULT_ACCOUNT_ID  # type: ignore[attr-defined]
    from moto.ses.models import ses_backends

    backend = ses_backends[DEFAULT_ACCOUNT_ID][settings().region]
    items = []
    for sent in backend.sent_messages:
        raw = getattr(sent, "raw_data", None)
        if raw is None:
            continue
        message = message_from_string(raw)
        items.append({
            "to": str(make_header(decode_header(message.get("To", "")))),
            "subject": str(make_header(decode_header(message.get("Subject", "")))),
            "text": _part(message, "text/plain"),
            "html": _part(message, "text/html"),
            "attachments": _attachments(message),
            "sent_at": iso_instant(parsedate_to_datetime(message["Date"])),
        })
    return items
