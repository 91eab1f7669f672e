"""Everything kept about one member, read for their «Mis datos» archive
(``domain.reports.data_archive.MemberRecords``).

Each read is a GetItem or a Query on the member's own key or an index keyed by them (``dni``
partition of ``member_products``; ``by_member`` of tickets, applications, beneficiary changes and
complaints; ``by_user`` of sessions; ``by_actor`` and ``by_subject`` of the audit log), so
nothing of another member can come in. Secrets never leave: no password or backup-code hash,
no TOTP secret, no session token hash, no staff user id (staff appear by name, as the member
sees them, or by role in the audit records about the member).
"""

from __future__ import annotations

import json
from typing import Any

from chalicelib.domain.reports.data_archive import MemberRecords
from chalicelib.store.accounts import member_products
from chalicelib.store.complaints import complaints as complaint_store
from chalicelib.store.shared.models import (
    ApplicationHistoryModel,
    ApplicationModel,
    AuditModel,
    BeneficiaryChangeModel,
    SessionModel,
    TicketMessageModel,
    TicketModel,
    UserModel,
)

_PROFILE_FIELDS = ("user_id", "dni", "first_name", "last_name", "email", "status", "role",
                   "totp_enabled", "terms_version", "terms_accepted_at", "created_at",
                   "updated_at", "last_login_at", "pending_email")
_STAFF_ONLY = ("assignee_id", "author_id", "decided_by", "reviewer_id", "actor_id")
_STAFF_DETAIL_KEYS = frozenset(_STAFF_ONLY) | {"assignee", "previous", "previous_assignee",
                                               "previous_assignee_id", "operators", "member_id"}
"""Detail keys of the records about a member that hold a user id (a staff's, or theirs)."""


def read(user_id: str, dni: str) -> MemberRecords:
    return MemberRecords(
        profile=profile(user_id),
        products=[{"kind": p.product, "product_id": p.product_id, **p.data}
                  for p in member_products.products_of(dni)],
        movements=[{"date": m.date, "kind": m.product, "product_id": m.product_id,
                    "movement_id": m.movement_id, **m.data}
                   for m in member_products.movements_since(dni, member_products.FIRST_DATE)],
        tickets=tickets(user_id), credit_applications=credit_applications(user_id),
        beneficiary_changes=beneficiary_changes(user_id), complaints=complaints(user_id),
        sessions=sessions(user_id), audit=audit(user_id))


def profile(user_id: str) -> dict[str, Any]:
    """GetItem on the user: the fields the member gave or the portal set, never a secret."""
    try:
        user = UserModel.get(user_id)
    except UserModel.DoesNotExist:
        return {"user_id": user_id}
    values = user.attribute_values
    kept = {name: values.get(name) for name in _PROFILE_FIELDS}
    kept["alerts_off"] = sorted(values.get("alerts_off") or [])
    return kept


def _public(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in _STAFF_ONLY and k != "version"}


def tickets(user_id: str) -> list[dict[str, Any]]:
    """Index ``by_member`` of tickets, then each thread (Query on ``ticket_id``)."""
    found = []
    for item in TicketModel.by_member.query(user_id, scan_index_forward=False):
        values = _public(dict(item.attribute_values))
        values.pop("read_marks", None)
        values["messages"] = [
            {"author": m.author_name, "author_role": m.author_role, "body": m.body,
             "created_at": m.created_at}
            for m in TicketMessageModel.query(item.ticket_id)]
        found.append(values)
    return found


def _decoded(values: dict[str, Any]) -> dict[str, Any]:
    data = values.pop("data", None)
    extra = json.loads(data) if data else {}
    return _public({**values, **(_public(extra) if isinstance(extra, dict) else {})})


def credit_applications(user_id: str) -> list[dict[str, Any]]:
    """Index ``by_member`` of applications, then each history (Query on the application)."""
    found = []
    for item in ApplicationModel.by_member.query(user_id, scan_index_forward=False):
        values = _decoded(dict(item.attribute_values))
        values["history"] = [_public(json.loads(line.data))
                             for line in ApplicationHistoryModel.query(item.application_id)]
        found.append(values)
    return found


def beneficiary_changes(user_id: str) -> list[dict[str, Any]]:
    """Index ``by_member`` of beneficiary changes."""
    return [_decoded(dict(item.attribute_values))
            for item in BeneficiaryChangeModel.by_member.query(user_id,
                                                               scan_index_forward=False)]


def complaints(user_id: str) -> list[dict[str, Any]]:
    """The Libro de Reclamaciones' sheets the member filed signed in (index ``by_member`` of
    ``complaints``): the sheet and its answer, as the consumer's copy and status page show them
    (not the staff's assignment or history)."""
    return [{"code": c.code, "kind": c.sheet.kind.value, "product": c.sheet.product.value,
             "status": c.status.value, "received_at": c.received_at,
             "received_on": c.received_on, "due_on": c.due_on,
             "consumer": {"full_name": c.sheet.consumer.full_name,
                          "document_type": c.sheet.consumer.document_type.value,
                          "document_number": c.sheet.consumer.document_number,
                          "address": c.sheet.consumer.address, "phone": c.sheet.consumer.phone,
                          "email": c.sheet.consumer.email,
                          "guardian_name": c.sheet.consumer.guardian_name},
             "amount": c.sheet.amount, "detail": c.sheet.detail, "request": c.sheet.request,
             "answer": c.answer, "answered_at": c.answered_at}
            for c in complaint_store.of_member(user_id)]


def sessions(user_id: str) -> list[dict[str, Any]]:
    """Index ``by_user`` of sessions: when, from where, until when; never the token's hash."""
    return [{"created_at": s.created_at, "last_seen_at": s.last_seen_at, "ip": s.ip,
             "user_agent": s.user_agent, "remember": s.remember, "expires_at": s.expires_at}
            for s in SessionModel.by_user.query(user_id)]


def audit(user_id: str) -> list[dict[str, Any]]:
    """The member's own records (index ``by_actor``) and the records about them written by
    someone else (sparse index ``by_subject``: staff on their cases, an admin or the system on
    their account), merged newest first. Each says ``about_me``; on the records about them the
    actor is a role only, with neither the staff's address and browser nor a staff id."""
    own = [(r.event_key, {**_audit_row(r), "about_me": False, "ip": r.ip,
                          "user_agent": r.user_agent})
           for r in AuditModel.by_actor.query(user_id, scan_index_forward=False)]
    about = [(r.event_key, {**_audit_row(r), "about_me": True, "actor_role": r.role,
                            "details": _without_staff_ids(_audit_row(r)["details"])})
             for r in AuditModel.by_subject.query(user_id, scan_index_forward=False)]
    return [row for _, row in sorted(own + about, key=lambda pair: pair[0], reverse=True)]


def _audit_row(record: AuditModel) -> dict[str, Any]:
    return {"at": record.at, "action": record.action, "outcome": record.outcome,
            "target": record.target,
            "details": json.loads(record.details) if record.details else {}}


def _without_staff_ids(details: dict[str, Any]) -> dict[str, Any]:
    """Details of a staff action name staff by id (the assignee, the previous one, a rule's
    operators): those keys stay out, the numbers, states and reasons stay."""
    return {key: value for key, value in details.items() if key not in _STAFF_DETAIL_KEYS}
