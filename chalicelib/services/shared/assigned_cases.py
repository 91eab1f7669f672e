"""The use-case steps every assigned case shares: loading a case behind the audited 404, and
reading the list the caller may see.

A case the caller may not see is answered exactly like one that does not exist (the same 404,
code and message), so ids of other members' cases reveal nothing; the refusal is audited when
the case exists. Rules live in ``domain.shared.assigned_case``; each kind passes its loader and
its names (``CaseKind``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from chalicelib.domain.shared import assigned_case
from chalicelib.domain.shared.errors import NotFound
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.shared import audit


class AuditLog(Protocol):
    """Where refusals are recorded (``services.shared.audit`` in the app; a list in tests)."""

    def record(self, *, action: str, outcome: str, context: RequestContext,
               principal: Principal | None = None, target: str = "-",
               details: dict[str, object] | None = None,
               subject_id: str | None = None) -> None: ...


class _ModuleAudit:
    def record(self, *, action: str, outcome: str, context: RequestContext,
               principal: Principal | None = None, target: str = "-",
               details: dict[str, object] | None = None,
               subject_id: str | None = None) -> None:
        audit.record(action=action, outcome=outcome, context=context, principal=principal,
                     target=target, details=details, subject_id=subject_id)


APP_AUDIT: AuditLog = _ModuleAudit()


@dataclass(frozen=True)
class CaseKind:
    """How one kind names itself: the audit target's prefix (``ticket`` →
    ``ticket:<id>``), the refusal's audit action, and the 404 every hidden case gets."""

    target_prefix: str
    denied_action: str
    not_found_message: str
    not_found_code: str

    def target(self, case_id: str) -> str:
        return f"{self.target_prefix}:{case_id}"

    def not_found(self) -> NotFound:
        return NotFound(self.not_found_message, code=self.not_found_code)


@dataclass(frozen=True)
class Parties:
    """Whose case it is and who works it: all ``can_see`` needs."""

    member_id: str
    assignee_id: str | None


def visible[C](principal: Principal, case_id: str, context: RequestContext, kind: CaseKind, *,
               load: Callable[[str], C | None], parties: Callable[[C], Parties],
               audit_log: AuditLog = APP_AUDIT) -> C:
    """The case if the caller may see it; otherwise the kind's 404 (and an audited refusal when
    it exists). A malformed id is never looked up."""
    case = load(case_id) if assigned_case.is_case_id(case_id) else None
    if case is None:
        raise kind.not_found()
    who = parties(case)
    if assigned_case.can_see(principal.role, principal.user_id, who.member_id, who.assignee_id):
        return case
    audit_log.record(action=kind.denied_action, outcome="denied", context=context,
                     principal=principal, target=kind.target(case_id))
    raise kind.not_found()


@dataclass(frozen=True)
class Listing[P]:
    """The three reads of a kind's list, each already bound to its filters, limit and cursor:
    one member's cases, one assignee's, and every case state by state (admins)."""

    of_member: Callable[[str], P]
    of_assignee: Callable[[str], P]
    everyone: Callable[[], P]


def read_list[P](principal: Principal, query: Mapping[str, str], listing: Listing[P]) -> P:
    """The page the caller may see (``domain.shared.assigned_case.list_scope``)."""
    scope = assigned_case.list_scope(principal.role, principal.user_id, query.get("assignee"))
    if scope.member_id:
        return listing.of_member(scope.member_id)
    if scope.assignee_id:
        return listing.of_assignee(scope.assignee_id)
    return listing.everyone()
