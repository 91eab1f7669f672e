"""In-memory ports of ``services.tickets.tickets.TicketDesk``: the service tests run on these, in
milliseconds, with no moto. They keep the store's promises: a save is conditioned on the
``version`` of the ticket the change started from, a read mark bumps no version.

A race is staged the way it happens: ``InMemoryTickets.before_next_write`` runs another change
between a use case's read and its write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from chalicelib.domain.shared.daily_quota import DailyQuota
from chalicelib.domain.tickets.ticket import (
    Assigned,
    Message,
    Moved,
    Opened,
    ReadMark,
    Replied,
    Ticket,
)
from chalicelib.domain.tickets.tickets import Category, ConcurrentUpdate, Status
from chalicelib.store.shared.paging import Page
from tests.unit.in_memory import offset_page


class InMemoryTickets:
    """``TicketRepository`` over dicts; the cursor is the offset of the next item."""

    def __init__(self) -> None:
        self.tickets: dict[str, Ticket] = {}
        self.threads: dict[str, list[Message]] = {}
        self.writes = 0
        self.daily_counts: dict[str, int] = {}
        self._number = 0
        self._interleaved: list[Callable[[], object]] = []

    def before_next_write(self, other_change: Callable[[], object]) -> None:
        """Run ``other_change`` (another request) after the next write's ticket was read."""
        self._interleaved.append(other_change)

    def next_number(self) -> int:
        self._number += 1
        return self._number

    def create(self, opened: Opened, quota: DailyQuota) -> None:
        ticket = opened.ticket
        assert ticket.ticket_id not in self.tickets
        if self.daily_counts.get(quota.counter_id, 0) >= quota.limit:
            raise quota.refusal()
        self.daily_counts[quota.counter_id] = self.daily_counts.get(quota.counter_id, 0) + 1
        self.tickets[ticket.ticket_id] = replace(ticket, version=1)
        self.threads[ticket.ticket_id] = [opened.first_message]

    def load(self, ticket_id: str) -> Ticket | None:
        return self.tickets.get(ticket_id)

    def thread(self, ticket_id: str) -> list[Message]:
        return list(self.threads.get(ticket_id, []))

    def mark_read(self, mark: ReadMark) -> None:
        stored = self.tickets[mark.ticket.ticket_id]
        marks = {**stored.read_marks, mark.user_id: mark.at}
        self.tickets[stored.ticket_id] = replace(stored, read_marks=marks)

    def add_message(self, change: Replied) -> None:
        self._save(change.before, change.ticket)
        self.threads[change.ticket.ticket_id].append(change.message)

    def assign(self, change: Assigned) -> None:
        self._save(change.before, change.ticket)

    def move(self, change: Moved) -> None:
        self._save(change.before, change.ticket)

    def of_member(self, member_id: str, *, status: Status | None, category: Category | None,
                  limit: int, cursor: str | None) -> Page[Ticket]:
        return self._page([t for t in self._newest_first() if t.member_id == member_id],
                          status, category, limit, cursor)

    def of_assignee(self, assignee_id: str, *, status: Status | None,
                    category: Category | None, limit: int, cursor: str | None,
                    waited_before: str | None = None) -> Page[Ticket]:
        return self._page([t for t in self._waited(waited_before)
                           if t.assignee_id == assignee_id], status, category, limit, cursor)

    def with_statuses(self, statuses: Sequence[Status], *, category: Category | None,
                      limit: int, cursor: str | None,
                      waited_before: str | None = None) -> Page[Ticket]:
        ordered = [t for status in statuses for t in self._waited(waited_before)
                   if t.status is status]
        return self._page(ordered, None, category, limit, cursor)

    def _waited(self, waited_before: str | None) -> list[Ticket]:
        """The domain's rule (``Ticket.waiting_since``), as the store's filter applies it."""
        return [t for t in self._newest_first() if waited_before is None
                or (t.waiting_since is not None and t.waiting_since <= waited_before)]

    def _save(self, before: Ticket, after: Ticket) -> None:
        """The conditional write: the stored version must still be the one read."""
        while self._interleaved:
            self._interleaved.pop(0)()
        stored = self.tickets[before.ticket_id]
        if stored.version != before.version:
            raise ConcurrentUpdate()
        marked = {user: at for user, at in after.read_marks.items()
                  if before.read_marks.get(user) != at}  # a save sets only its author's mark
        self.tickets[before.ticket_id] = replace(
            after, read_marks={**stored.read_marks, **marked}, version=(stored.version or 0) + 1)
        self.writes += 1

    def _newest_first(self) -> list[Ticket]:
        return sorted(self.tickets.values(), key=lambda t: t.created_at, reverse=True)

    @staticmethod
    def _page(tickets: list[Ticket], status: Status | None, category: Category | None,
              limit: int, cursor: str | None) -> Page[Ticket]:
        chosen = [t for t in tickets if status in (None, t.status)
                  and category in (None, t.category)]
        return offset_page(chosen, limit, cursor)


