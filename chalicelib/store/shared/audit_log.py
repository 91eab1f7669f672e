"""Append-only writes and indexed reads of the audit table."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

from chalicelib.domain.shared.audit import RETENTION_DAYS, AuditEvent
from chalicelib.domain.shared.clock import iso_instant
from chalicelib.store.shared.models import AuditModel


def event_key_instant(moment: datetime) -> str:
    """The instant part of an ``event_key``: microseconds, so keys sort in time order."""
    return f"{moment.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%S.%f')}Z"


def append(event: AuditEvent) -> None:
    """Put a new record; the condition makes an overwrite impossible even by key collision."""
    instant = iso_instant(event.at)
    record = AuditModel(
        day=instant[:10],
        event_key=f"{event_key_instant(event.at)}#{uuid.uuid4().hex}",
        at=instant,
        actor_id=event.actor_id,
        role=event.role,
        action=event.action,
        target=event.target or "-",
        outcome=event.outcome,
        ip=event.ip or "-",
        user_agent=(event.user_agent or "-")[:300],
        details=json.dumps(event.details, ensure_ascii=False) if event.details else None,
        expires_at=event.at + timedelta(days=RETENTION_DAYS),
    )
    record.save(condition=AuditModel.day.does_not_exist())


def records_of_day(day: str, limit: int = 100) -> list[AuditModel]:
    """Key condition: ``day = :day``, newest first."""
    return list(AuditModel.query(day, scan_index_forward=False, limit=limit))
