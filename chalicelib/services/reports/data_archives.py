"""Use case «Mis datos» (Ley 29733, right of access): a member asks for an archive of everything
the cooperative keeps about them, the import worker builds it in the background, the member
downloads it through a link made for them on demand.

- ``request_archive`` (``POST /api/reports/data-archives``): takes one of the member's three
  requests of the Lima day and creates the status item in one transaction, queues the job on the
  imports queue, audits ``data_archive.requested`` and answers 202 with the id.
- ``build_archive`` (the import worker, message ``{"job": "data_archive"}``): reads the member's
  records (``store.reports.member_records``), writes the zip under an opaque key and e-mails
  «tu archivo está listo» with a link to Configuración (never to the file).
- ``download`` (``POST …/{id}/download``): a 10-minute presigned link for the owner only,
  audited ``data_archive.downloaded``.

Every read uses the session's user id as the partition key: another member's (or an operator's)
request for an id answers the same 404 as an id that never existed.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from chalicelib.domain.reports import data_archive as rules
from chalicelib.domain.reports.reports import content_disposition
from chalicelib.domain.shared import clock, errors
from chalicelib.domain.shared.daily_quota import daily_quota
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import audit, notifications
from chalicelib.settings import settings
from chalicelib.store.auth import users
from chalicelib.store.reports import data_archives as store
from chalicelib.store.reports import member_records
from chalicelib.store.shared.models import DataArchiveModel

logger = logging.getLogger(__name__)
WORKER_CONTEXT = RequestContext(ip="-", user_agent="import-worker")


def _view(item: DataArchiveModel, now: datetime) -> dict[str, Any]:
    status = rules.status_of(item.status, item.expires_at, now)
    return {"id": item.archive_id, "status": status, "status_label": rules.STATUS_LABELS[status],
            "requested_at": item.requested_at,
            "ready_at": item.ready_at if status == rules.READY else None,
            "file_name": item.file_name if status == rules.READY else None,
            "size_bytes": int(item.size_bytes) if status == rules.READY and item.size_bytes
            else None,
            "expires_at": clock.iso_instant(item.expires_at)}


def _member(principal: Principal) -> str:
    if not principal.dni:  # a member account always has one
        raise errors.NotFound(rules.NOT_FOUND_MESSAGE)
    return principal.dni


def request_archive(principal: Principal, now: datetime,
                    context: RequestContext) -> dict[str, Any]:
    dni = _member(principal)
    item = DataArchiveModel(principal.user_id, rules.new_archive_id(), status=rules.BUILDING,
                            requested_at=clock.iso_instant(now),
                            expires_at=now + rules.KEPT_FOR)
    quota = daily_quota("data_archive", principal.user_id, rules.DAILY_LIMIT,
                        rules.LIMIT_MESSAGE, now)
    try:
        store.create(item, quota)
    except errors.Throttled:
        audit.record(action="data_archive.requested", outcome="denied", context=context,
                     principal=principal, details={"reason": "daily_limit_reached"})
        raise
    store.queue_job({"job": rules.DATA_ARCHIVE_JOB, "user_id": principal.user_id,
                     "archive_id": item.archive_id, "dni": dni})
    audit.record(action="data_archive.requested", outcome="success", context=context,
                 principal=principal, target=f"data_archive:{item.archive_id}")
    return _view(item, now)


def list_archives(principal: Principal, now: datetime) -> dict[str, Any]:
    return {"items": [_view(item, now) for item in store.of_user(principal.user_id)]}


def _own(principal: Principal, archive_id: str) -> DataArchiveModel:
    plausible = archive_id.isascii() and archive_id.isalnum() and len(archive_id) <= 64
    item = store.get(principal.user_id, archive_id) if plausible else None
    if item is None:
        raise errors.NotFound(rules.NOT_FOUND_MESSAGE)
    return item


def archive_status(principal: Principal, archive_id: str, now: datetime) -> dict[str, Any]:
    return _view(_own(principal, archive_id), now)


def download(principal: Principal, archive_id: str, now: datetime,
             context: RequestContext) -> dict[str, Any]:
    item = _own(principal, archive_id)
    status = rules.status_of(item.status, item.expires_at, now)
    if status == rules.EXPIRED:
        raise errors.NotFound(rules.EXPIRED_MESSAGE)
    if status != rules.READY or not item.object_key:
        raise errors.Conflict(rules.NOT_READY_MESSAGE)
    url = store.download_url(item.object_key, content_disposition(str(item.file_name)),
                             rules.URL_SECONDS)
    audit.record(action="data_archive.downloaded", outcome="success", context=context,
                 principal=principal, target=f"data_archive:{archive_id}")
    return {"url": url, "file_name": item.file_name,
            "expires_at": clock.iso_instant(now + timedelta(seconds=rules.URL_SECONDS))}


def build_archive(message: dict[str, Any]) -> None:
    """The worker's job: idempotent (a delivery again after it is ready changes nothing); a
    failure marks the item failed and raises, so SQS retries it, then the dead-letter queue."""
    item = store.get(str(message.get("user_id")), str(message.get("archive_id")))
    if item is None or item.status == rules.READY:
        return
    now = clock.utc_now()
    try:
        records = member_records.read(item.user_id, str(message["dni"]))
        data = rules.build_zip(records, now)
        key = rules.object_key(clock.lima_today(now))
        store.put_zip(key, data)
        name = rules.file_name(clock.lima_today(now))
        store.mark_ready(item, object_key=key, file_name=name, size=len(data), at=now)
    except Exception:
        store.mark_failed(item)
        raise
    audit.record(action="data_archive.built", outcome="success", context=WORKER_CONTEXT,
                 actor_id=item.user_id, role="system", target=f"data_archive:{item.archive_id}",
                 details={"bytes": len(data), "movements": len(records.movements),
                          "audit_records": len(records.audit)})
    _tell_member(item.user_id)


def _tell_member(user_id: str) -> None:
    user = users.get(user_id)
    if user is None or not user.email:
        return
    link = f"{settings().site_url.rstrip('/')}/configuracion#mis-datos"
    notifications.send_email(rules.ready_email(user.email, settings_link=link))
