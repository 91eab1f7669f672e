"""The audit viewer and its CSV export (docs/design/API.md "admin"). Reading the audit is itself
audited.

Filters ``actor, action, target, from, to``: by actor → index ``by_actor``; by action → index
``by_action`` (both with ``event_key BETWEEN`` the instants); otherwise each UTC day partition
the Lima days touch, newest first (docs/time.md). ``target`` is a prefix filter. See
``store.shared.audit_log``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Any

from chalicelib.domain.admin import users as rules
from chalicelib.domain.admin.requests import AuditQuery
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import audit
from chalicelib.store.auth import users
from chalicelib.store.shared import audit_log
from chalicelib.store.shared.models import AuditModel

EXPORT_PAGE = 1000


USER_TARGET = "user:"


def record_view(record: AuditModel,
                people: Mapping[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """A record as the viewer shows it: the actor by name and e-mail, and a user target by
    name, when the account is still there (``people``); the ids stay for the filters and CSV."""
    people = people or {}
    target_user = people.get(record.target.removeprefix(USER_TARGET)) \
        if record.target.startswith(USER_TARGET) else None
    return {"at": record.at, "actor_id": record.actor_id,
            "actor": people.get(record.actor_id), "role": record.role,
            "action": record.action, "target": record.target,
            "target_label": f"{target_user['name']} ({target_user['email']})"
            if target_user else None,
            "ip": record.ip, "user_agent": record.user_agent, "outcome": record.outcome}


def _people_of(records: list[AuditModel]) -> dict[str, dict[str, str]]:
    """Name and e-mail of every account a page names (its actors and user targets): one
    BatchGetItem for the page."""
    ids = {record.actor_id for record in records} | {
        record.target.removeprefix(USER_TARGET) for record in records
        if record.target.startswith(USER_TARGET)}
    return {user_id: {"name": users.full_name(user), "email": user.email}
            for user_id, user in users.many(ids).items()}


def _segments(search: rules.AuditFilter) -> list[Any]:
    return audit_log.segments(span=search.instant_span(),
                                  actor=search.actor, action=search.action, target=search.target)


def search(query: AuditQuery) -> tuple[rules.AuditFilter, list[dict[str, Any]], str | None]:
    """One page of records, newest first (``query`` as the handler parsed it)."""
    wanted = query.wanted
    page = audit_log.page(_segments(wanted), query.page.limit, query.page.cursor)
    people = _people_of(page.items)
    return wanted, [record_view(r, people) for r in page.items], page.next_cursor


def list_records(principal: Principal, query: AuditQuery,
                 context: RequestContext) -> dict[str, Any]:
    wanted, items, next_cursor = search(query)
    audit.record(action="admin.audit_view", outcome="success", context=context,
                 principal=principal, target="audit", details=wanted.as_details())
    return {"items": items, "next_cursor": next_cursor}


def export_rows(wanted: rules.AuditFilter) -> tuple[list[dict[str, Any]], bool]:
    """Up to ``EXPORT_MAX_ROWS`` records and whether more matched."""
    segments = _segments(wanted)
    rows: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        room = rules.EXPORT_MAX_ROWS - len(rows)
        page = audit_log.page(segments, min(EXPORT_PAGE, room + 1), cursor)
        rows.extend(record_view(r) for r in page.items)
        cursor = page.next_cursor
        if len(rows) > rules.EXPORT_MAX_ROWS:
            return rows[:rules.EXPORT_MAX_ROWS], True
        if cursor is None:
            return rows, False


def to_csv(rows: list[dict[str, Any]]) -> str:
    """UTF-8 with a BOM (Excel reads the accents); every text cell is formula-guarded."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(rules.AUDIT_COLUMNS)
    for row in rows:
        writer.writerow([rules.csv_cell(row[column]) for column in rules.AUDIT_COLUMNS])
    return out.getvalue()


def export(principal: Principal, wanted: rules.AuditFilter,
           context: RequestContext) -> tuple[str, str, bool]:
    """``(csv_text, file_name, truncated)`` for the same filters as the viewer."""
    rows, truncated = export_rows(wanted)
    audit.record(action="admin.audit_export", outcome="success", context=context,
                 principal=principal, target="audit",
                 details={**wanted.as_details(), "rows": len(rows), "truncated": truncated})
    name = f"auditoria-{wanted.first_day.isoformat()}-{wanted.last_day.isoformat()}.csv"
    return to_csv(rows), name, truncated
