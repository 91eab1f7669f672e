"""The admin's side of the core-system imports: a presigned upload, its status, the history.

``POST`` creates the run (``pending``, ``created_by`` the admin) and a presigned S3 POST form for
``imports/<kind>/<id>.csv`` whose policy refuses a file over ``MAX_UPLOAD_BYTES``; the S3 upload
triggers the import worker (``services.imports.imports``), which loads that one file and fills in
the
counts and the rejected lines.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from chalicelib.domain.admin import users as rules
from chalicelib.domain.admin.requests import PageQuery
from chalicelib.domain.imports.kinds import MAX_UPLOAD_BYTES, shown_status
from chalicelib.domain.imports.requests import ImportStart
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.errors import NotFound
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.imports.imports import object_key
from chalicelib.services.shared import audit
from chalicelib.settings import settings
from chalicelib.store.admin import queries as admin_queries
from chalicelib.store.auth import users
from chalicelib.store.imports import imports as import_store
from chalicelib.store.imports import uploads
from chalicelib.store.shared.models import ImportModel, UserModel

UPLOAD_CONTENT_TYPE = "text/csv"
UPLOAD_LIFETIME_SECONDS = 15 * 60


def _stamp() -> str:
    """Microseconds, so the history (sorted on ``created_at`` as text) keeps the order of
    imports started within one second; the API shows the instant to the second."""
    return clock.utc_now().strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _instant(stamp: str | None) -> str | None:
    return f"{stamp[:19]}Z" if stamp else None


def run_view(run: ImportModel, *, with_errors: bool = True) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": run.import_id, "kind": run.kind,
        "status": shown_status(run.status, clock.parse_instant(run.created_at), clock.utc_now()),
        "created_by": run.created_by, "created_at": _instant(run.created_at),
        "finished_at": _instant(run.finished_at), "rows_total": int(run.rows_total or 0),
        "rows_loaded": int(run.rows_loaded or 0), "rows_rejected": int(run.rows_rejected or 0),
        "snapshot": bool(run.snapshot),
        "rows_closed": None if run.rows_closed is None else int(run.rows_closed)}
    if with_errors:
        view["errors"] = json.loads(run.errors or "[]")
    return view


def start(principal: Principal, request: ImportStart,
          context: RequestContext) -> dict[str, Any]:
    kind = request.kind
    import_id = uuid.uuid4().hex
    key = object_key(kind, import_id)
    run = ImportModel(import_id=import_id, kind=kind, status="pending", object_key=key,
                      created_by=principal.user_id,
                      created_at=_stamp(), snapshot=request.snapshot)
    import_store.save(run)
    form = uploads.presigned_post(settings().imports_bucket, key, UPLOAD_CONTENT_TYPE,
                                  MAX_UPLOAD_BYTES, UPLOAD_LIFETIME_SECONDS)
    audit.record(action="admin.import_start", outcome="success", context=context,
                 principal=principal, target=f"import:{import_id}",
                 details={"kind": kind, "snapshot": request.snapshot})
    return {**run_view(run), "upload_url": form["url"], "upload_method": "POST",
            "upload_fields": form["fields"], "max_bytes": MAX_UPLOAD_BYTES,
            "expires_in": UPLOAD_LIFETIME_SECONDS}


def status(import_id: str) -> dict[str, Any]:
    run = import_store.get(import_id) if rules.valid_id(import_id) else None
    if run is None:
        raise NotFound("La importación no existe.", code="import_not_found")
    return run_view(run)


def history(query: PageQuery) -> dict[str, Any]:
    """Newest first, without the rejected lines (open one import to read them); who started
    each run by name (one BatchGetItem of the page's admins), so the screen shows no ids."""
    page = admin_queries.imports_page(query.limit, query.cursor)
    people = users.many(run.created_by for run in page.items)
    return {"items": [{**run_view(run, with_errors=False),
                       "created_by_name": _name(people.get(run.created_by))}
                      for run in page.items],
            "next_cursor": page.next_cursor}


def _name(user: UserModel | None) -> str | None:
    return users.full_name(user) if user is not None else None
