"""The Spanish e-mails the portal sends: plain text plus an escaped HTML twin."""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, replace
from typing import Any

SIGNATURE = "COOPAC PETROPERÚ · Plataforma de atención a socios"
PARKED_MAIL_SWEEP_MINUTES = 5
"""How often the notifier queues the e-mails parked while SQS was unreachable (the CDK schedule)."""


_SENDS_TO_THE_OFFICE = re.compile(r"\boficinas?\b", re.IGNORECASE)
CONTACT_PARAGRAPH = "Direcciones, horarios y teléfonos de nuestras agencias: {url}"
"""Added to every e-mail that sends the member to the office (issue 18: «comunícate con la
oficina» links to Contacto)."""

MAX_ATTACHMENT_BYTES = 150_000
"""An e-mail travels through SQS (256 KB a message, base64 adds a third): attachments are small
documents (a Libro de Reclamaciones sheet is a few KB), never a statement or an archive."""


@dataclass(frozen=True)
class Attachment:
    """A file sent with an e-mail (a PDF copy of a sheet)."""

    filename: str
    content_type: str
    data: bytes

    def as_message(self) -> dict[str, str]:
        return {"filename": self.filename, "content_type": self.content_type,
                "data": base64.b64encode(self.data).decode("ascii")}

    @classmethod
    def from_message(cls, message: dict[str, Any]) -> Attachment:
        return cls(filename=str(message["filename"]), content_type=str(message["content_type"]),
                   data=base64.b64decode(str(message["data"]), validate=True))


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str
    attachments: tuple[Attachment, ...] = ()

    def with_attachments(self, *files: Attachment) -> Email:
        attachments = (*self.attachments, *files)
        if sum(len(each.data) for each in attachments) > MAX_ATTACHMENT_BYTES:
            raise ValueError("attachments too large for the mail queue")
        return replace(self, attachments=attachments)

    def pointing_to_contact(self, contact_url: str) -> Email:
        """The same e-mail with the Contacto page's address before the signature when it tells
        the reader to go to (or call) the office; unchanged otherwise."""
        if not _SENDS_TO_THE_OFFICE.search(self.text) or contact_url in self.text:
            return self
        body, signature = self.text.rsplit("\n\n", 1) if "\n\n" in self.text else (self.text, "")
        paragraph = CONTACT_PARAGRAPH.format(url=contact_url)
        text = "\n\n".join(part for part in (body, paragraph, signature) if part)
        return replace(self, text=text)

    @property
    def html(self) -> str:
        paragraphs = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>"
                             for p in self.text.split("\n\n"))
        return (f'<!doctype html><html lang="es"><body style="font-family:sans-serif">'
                f'<h2 style="color:#0b2a5b">COOPAC PETROPERÚ</h2>{paragraphs}</body></html>')

    def as_message(self) -> dict[str, Any]:
        message: dict[str, Any] = {"to": self.to, "subject": self.subject, "text": self.text,
                                   "html": self.html}
        if self.attachments:
            message["attachments"] = [each.as_message() for each in self.attachments]
        return message


def compose(to: str, subject: str, *paragraphs: str) -> Email:
    body = "\n\n".join((*paragraphs, SIGNATURE))
    return Email(to=to, subject=subject, text=body)
