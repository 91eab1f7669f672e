"""The Spanish e-mails the portal sends: plain text plus an escaped HTML twin."""

from __future__ import annotations

import html
from dataclasses import dataclass

SIGNATURE = "COOPAC PETROPERÚ · Plataforma de atención a socios"
PARKED_MAIL_SWEEP_MINUTES = 5
"""How often the notifier queues the e-mails parked while SQS was unreachable (the CDK schedule)."""


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    text: str

    @property
    def html(self) -> str:
        paragraphs = "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>"
                             for p in self.text.split("\n\n"))
        return (f'<!doctype html><html lang="es"><body style="font-family:sans-serif">'
                f'<h2 style="color:#0b2a5b">COOPAC PETROPERÚ</h2>{paragraphs}</body></html>')

    def as_message(self) -> dict[str, str]:
        return {"to": self.to, "subject": self.subject, "text": self.text, "html": self.html}


def compose(to: str, subject: str, *paragraphs: str) -> Email:
    body = "\n\n".join((*paragraphs, SIGNATURE))
    return Email(to=to, subject=subject, text=body)
