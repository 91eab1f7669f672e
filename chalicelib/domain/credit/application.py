"""A credit application (solicitud de crédito) as the domain sees it, and what each move changes.

``CreditApplication`` is an immutable value: ``submit``, ``assign``, ``move`` and ``note`` return
a change carrying the application after the move together with what the service must do about
it: the history line to add (at ``position``, after the ``history_lines`` the caller read), the
dashboard counters it moves, and whether the member is told. The rules themselves (the state
machine, the full history, the counters) are the functions of ``domain.credit.applications``;
this module only puts them behind the entity. The store keeps ``version`` opaque: it conditions
the write of a change on the version of ``before``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from chalicelib.domain.credit import applications as rules
from chalicelib.domain.credit.applications import Status, StatusChange
from chalicelib.domain.credit.products import CreditProduct
from chalicelib.domain.shared.assigned_case import (
    Actor,
    Person,
    can_see,
    history_entry,
    stamp,
)
from chalicelib.domain.shared.clock import parse_instant
from chalicelib.domain.shared.permissions import Role


@dataclass(frozen=True)
class CreditApplication:
    application_id: str
    number: int
    member_id: str
    member_name: str
    member_dni: str | None
    status: Status
    product_code: str
    product_name: str
    simulation: Mapping[str, Any]
    """The simulation as the member sent it, recomputed (``products.simulation_view``)."""
    created_at: str
    updated_at: str
    assignee_id: str | None = None
    assignee_name: str | None = None
    decided_at: str | None = None
    """The first approval or rejection: the time to decision runs from receipt to here."""
    earlier_history: tuple[Mapping[str, Any], ...] = ()
    """Lines an application written before the history had its own place keeps with it; they
    no longer grow, and come first."""
    stored_extras: Mapping[str, Any] = field(default_factory=dict)
    """What the store keeps with the application that the domain never reads (an old
    application's ``observations``): written back as it was."""
    version: int | None = None
    status_changed_at: str | None = None
    """The last change of ``status`` (its receipt at first); ``None`` for an application
    written before it was kept, whose ``updated_at`` stands in."""

    @property
    def waiting_since(self) -> str | None:
        """Since when the application waits for the staff (``domain.shared.waiting``): its last
        change of status, while in a state where the staff owes the next step; else ``None``.
        ``store.credit.credit.waiting_condition`` is the same rule as a DynamoDB filter."""
        if self.status not in rules.WAITING_FOR_STAFF:
            return None
        return self.status_changed_at or self.updated_at

    @classmethod
    def submit(cls, application_id: str, number: int, member: Person, role: Role,
               product: CreditProduct, simulation: Mapping[str, Any],
               moment: datetime) -> Submitted:
        """A member's new application: ``received``, its receipt the first history line."""
        at = stamp(moment)
        application = cls(application_id=application_id, number=number,
                          member_id=member.user_id, member_name=member.name,
                          member_dni=member.dni, status=Status.RECEIVED,
                          product_code=product.code, product_name=product.name,
                          simulation=dict(simulation), created_at=at, updated_at=at,
                          status_changed_at=at)
        line = history_entry(at=moment, actor=member.as_actor(role), from_status=None,
                             to_status=Status.RECEIVED)
        return Submitted(application, line,
                         rules.counter_deltas(None, (Status.RECEIVED, None)))

    def history_with(self, lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The whole history, oldest first: the earlier lines, then ``lines`` (its own)."""
        return [dict(line) for line in self.earlier_history] + lines

    def visible_to(self, role: Role, user_id: str) -> bool:
        return can_see(role, user_id, self.member_id, self.assignee_id)

    def assign(self, by: Actor, operator: Person, history_lines: int,
               moment: datetime) -> Assigned:
        """Hand the application to ``operator``: ``received`` becomes ``assigned``, an open one
        keeps its state (409 ``invalid_transition`` once decided, ``application_full``)."""
        target = rules.status_after_assignment(self.status)
        rules.check_room_in_history(history_lines, self.status, target)
        operator_actor = operator.as_actor(Role.OPERATOR)
        line = history_entry(at=moment, actor=by, from_status=self.status, to_status=target,
                             assignee=operator_actor)
        after = replace(self, assignee_id=operator.user_id, assignee_name=operator_actor.name,
                        status=target, updated_at=stamp(moment),
                        status_changed_at=(self.status_changed_at if target is self.status
                                           else stamp(moment)))
        counters = rules.counter_deltas((self.status, self.assignee_id),
                                        (target, operator.user_id))
        return Assigned(self, after, line, history_lines, counters)

    def move(self, by: Actor, change: StatusChange, history_lines: int,
             moment: datetime) -> Moved:
        """A staff decision along the workflow; a decision stamps ``decided_at`` and adds its
        time since receipt to the dashboard's figures."""
        rules.check_status_change(self.status, change.target)
        rules.check_room_in_history(history_lines, self.status, change.target)
        line = history_entry(at=moment, actor=by, from_status=self.status,
                             to_status=change.target, observation=change.observation)
        counters = rules.counter_deltas((self.status, self.assignee_id),
                                        (change.target, self.assignee_id))
        after = replace(self, status=change.target, updated_at=stamp(moment),
                        status_changed_at=stamp(moment))
        if change.target in rules.DECISIONS:
            counters.update(rules.decision_deltas(
                self.assignee_id, rules.seconds_between(parse_instant(self.created_at), moment)))
            after = replace(after, decided_at=stamp(moment))
        return Moved(self, after, line, history_lines, counters,
                     tell_member=change.target in rules.MEMBER_IS_NOTIFIED)

    def note(self, by: Actor, text: str, history_lines: int, moment: datetime) -> Noted:
        """An observation without a move: a line whose ``from`` and ``to`` are the state, until
        the application is finished (409 ``application_finished``) or its history full."""
        rules.check_accepts_observation(self.status)
        rules.check_room_in_history(history_lines, self.status, self.status)
        line = history_entry(at=moment, actor=by, from_status=self.status,
                             to_status=self.status, observation=text)
        return Noted(self, replace(self, updated_at=stamp(moment)), line, history_lines, {})

    @property
    def open_claim_id(self) -> str:
        """The claim that keeps an identical application out while this one is open
        (``rules.open_claim_id``)."""
        return rules.open_claim_id(self.member_id, self.product_code,
                                   self.simulation["amount"], self.simulation["term_months"])

    def moves_for(self, role: Role) -> list[Status]:
        return rules.moves_for(role, self.status)

    def can_be_assigned_by(self, role: Role) -> bool:
        return rules.can_assign(role, self.status)

    def can_be_observed_by(self, role: Role) -> bool:
        return rules.can_observe(role, self.status)


# --- what changed ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Submitted:
    application: CreditApplication
    line: dict[str, Any]
    counters: dict[str, int]


@dataclass(frozen=True)
class Change:
    """A move of a stored application: saved on ``before``'s version, with ``line`` at
    ``position`` of its history and the counters' deltas, all or nothing."""

    before: CreditApplication
    application: CreditApplication
    line: dict[str, Any]
    position: int
    counters: dict[str, int] = field(default_factory=dict)

    @property
    def finishes(self) -> bool:
        """The application reaches the workflow's end here: its open claim is released."""
        return (self.before.status not in rules.FINISHED
                and self.application.status in rules.FINISHED)


@dataclass(frozen=True)
class Assigned(Change):
    pass


@dataclass(frozen=True)
class Moved(Change):
    tell_member: bool = False


@dataclass(frozen=True)
class Noted(Change):
    pass
