"""What an audit record holds, and the guard that keeps secrets out of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

SECRET_WORDS = ("password", "token", "secret", "code", "otp", "hash", "cookie")
"""Detail keys containing any of these never reach an audit record."""

RETENTION_DAYS = 3650
"""Audit records are kept ten years, then DynamoDB's TTL removes them."""


@dataclass(frozen=True)
class AuditEvent:
    at: datetime
    actor_id: str
    role: str
    action: str
    target: str
    outcome: str  # success | failure | denied
    ip: str
    user_agent: str
    details: dict[str, str] = field(default_factory=dict)
    subject_id: str | None = None
    """The member the record is about, when someone else acts on their case or account."""


def redact(details: dict[str, object]) -> dict[str, str]:
    """Drop secret-looking keys and stringify the rest (records are plain text)."""
    return {
        key: str(value)[:500]
        for key, value in details.items()
        if not any(word in key.lower() for word in SECRET_WORDS)
    }
