"""The in-memory ports every assigned-case service test shares (credit applications, tickets):
the users a desk reads, the mail it would queue, the audit it would write, and offset paging.
They keep the real ports' promises, so the service tests run in milliseconds without moto."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from chalicelib.domain.shared.emails import Email
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.store.shared.paging import Page


class _Someone(Protocol):
    @property
    def user_id(self) -> str: ...


class InMemoryPeople[P: _Someone]:
    """``People``: the users the desk reads."""

    def __init__(self) -> None:
        self.people: dict[str, P] = {}

    def add(self, person: P) -> P:
        self.people[person.user_id] = person
        return person

    def find(self, user_id: str) -> P | None:
        return self.people.get(user_id)


def offset_page[T](chosen: Sequence[T], limit: int, cursor: str | None) -> Page[T]:
    """A page of ``chosen`` whose cursor is the offset of the next item."""
    start = int(cursor or 0)
    following = start + limit
    return Page(list(chosen[start:following]), str(following) if following < len(chosen) else None)


@dataclass
class RecordedMail:
    """``Mailer``: what would have been queued."""

    sent: list[Email] = field(default_factory=list)

    def send(self, email: Email) -> None:
        self.sent.append(email)

    def to(self, address: str) -> list[Email]:
        return [email for email in self.sent if email.to == address]


@dataclass(frozen=True)
class AuditLine:
    action: str
    outcome: str
    actor_id: str | None
    target: str
    details: dict[str, object]
    subject_id: str | None = None


@dataclass
class RecordedAudit:
    """``AuditLog``: the records, in order."""

    lines: list[AuditLine] = field(default_factory=list)

    def record(self, *, action: str, outcome: str, context: RequestContext,
               principal: Principal | None = None, target: str = "-",
               details: dict[str, object] | None = None,
               subject_id: str | None = None) -> None:
        self.lines.append(AuditLine(action, outcome, principal.user_id if principal else None,
                                    target, dict(details or {}), subject_id))

    def actions(self) -> list[str]:
        return [line.action for line in self.lines]
