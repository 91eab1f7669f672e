"""Routing's rules (issue 17): the round robin's order, inactive operators skipped, the admin's
request, and who sees a shared queue's case."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from chalicelib.domain.shared.assigned_case import can_see
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.routing import (
    Kind,
    Mode,
    Rule,
    arrival_email,
    parse_rule_request,
    rotation,
)
from chalicelib.services.shared.routing import Router, Staff


def test_turns_go_round_the_operators_in_the_order_given():
    operators = ("ana", "beto", "carla")
    assert [rotation(operators, turn)[0] for turn in range(1, 8)] == \
        ["ana", "beto", "carla", "ana", "beto", "carla", "ana"]
    assert rotation(operators, 2) == ["beto", "carla", "ana"]
    assert rotation((), 5) == []


@dataclass
class _Book:
    rule_of: dict[str, Rule]
    turns: dict[str, int] = field(default_factory=dict)

    def rule(self, kind, key):
        return self.rule_of.get(f"{kind.value}#{key}")

    def rules(self, queue_ids):
        return [self.rule_of[q] for q in queue_ids if q in self.rule_of]

    def save(self, rule):
        self.rule_of[rule.queue_id] = rule

    def next_turn(self, kind, key):
        self.turns[key] = self.turns.get(key, 0) + 1
        return self.turns[key]


class _People:
    def __init__(self, *inactive: str) -> None:
        self.inactive = set(inactive)

    def find(self, user_id):
        return Staff(user_id=user_id, role=Role.OPERATOR, name=user_id.title(),
                     email=f"{user_id}@coop.pe", active=user_id not in self.inactive)


def _router(rule: Rule, *inactive: str) -> Router:
    return Router(book=_Book({rule.queue_id: rule}), people=_People(*inactive), mailer=None,
                  audit_log=None, site_url="https://portal")  # type: ignore[arg-type]


def test_the_next_operator_skips_those_no_longer_active():
    rule = Rule(Kind.TICKET, "aportes", Mode.ROUND_ROBIN, ("ana", "beto", "carla"))
    router = _router(rule, "beto")
    picked = [router.next_operator(Kind.TICKET, "aportes").user_id for _ in range(4)]
    assert picked == ["ana", "carla", "carla", "ana"]


def test_nobody_is_picked_without_a_round_robin_or_anyone_active():
    shared = Rule(Kind.TICKET, "cts", Mode.SHARED_QUEUE, ("ana",))
    assert _router(shared).next_operator(Kind.TICKET, "cts") is None
    assert _router(shared).next_operator(Kind.TICKET, "otros") is None
    everyone_gone = Rule(Kind.CREDIT, "CONSUMO", Mode.ROUND_ROBIN, ("ana", "beto"))
    assert _router(everyone_gone, "ana", "beto").next_operator(Kind.CREDIT, "CONSUMO") is None


def test_an_operator_sees_an_unassigned_case_only_in_a_shared_queue_of_theirs():
    rule = Rule(Kind.TICKET, "ahorros", Mode.SHARED_QUEUE, ("ana",))
    assert rule.shares_with("ana") and not rule.shares_with("beto")
    assert can_see(Role.OPERATOR, "ana", "socio", None, in_shared_queue=rule.shares_with("ana"))
    assert not can_see(Role.OPERATOR, "beto", "socio", None,
                       in_shared_queue=rule.shares_with("beto"))
    # once taken, only its assignee (and admins) see it
    assert not can_see(Role.OPERATOR, "ana", "socio", "beto", in_shared_queue=True)
    assert can_see(Role.OPERATOR, "beto", "socio", "beto")
    assert not can_see(Role.OPERATOR, "ana", "socio", None)
    assert not Rule(Kind.TICKET, "ahorros", Mode.ROUND_ROBIN, ("ana",)).shares_with("ana")


def test_the_admins_request_is_checked_field_by_field():
    assert parse_rule_request({"mode": "round_robin", "operators": ["a1", "b2"]}).operators == \
        ("a1", "b2")
    assert parse_rule_request({"mode": "none"}).mode is Mode.NONE
    for body, name in [({"mode": "x"}, "mode"), ({"mode": "shared_queue"}, "operators"),
                       ({"mode": "none", "operators": ["a1"]}, "operators"),
                       ({"mode": "round_robin", "operators": "a1"}, "operators"),
                       ({"mode": "round_robin", "operators": ["a1", "a1"]}, "operators"),
                       ({"mode": "round_robin", "operators": ["a" * 65]}, "operators"),
                       ({"mode": "none", "status": "x"}, "status")]:
        with pytest.raises(InvalidInput) as refused:
            parse_rule_request(body)
        assert name in refused.value.fields


def test_the_operators_email_names_only_the_case_and_its_queue():
    mail = arrival_email("ana@coop.pe", kind=Kind.CREDIT, number=42,
                         queue_label="PTMO. CONSUMO", link="https://portal/solicitudes?s=1")
    assert mail.subject == "Nueva solicitud de crédito N° 42 asignada a ti"
    assert "tipo de crédito: PTMO. CONSUMO" in mail.text
    assert "https://portal/solicitudes?s=1" in mail.text
