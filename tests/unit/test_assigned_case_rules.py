"""The rules every assigned case shares (domain.shared.assigned_case), checked on a made-up kind
so nothing here leans on credit applications or tickets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from enum import StrEnum

import pytest

from chalicelib.domain.shared.assigned_case import (
    Actor,
    ListScope,
    Workflow,
    can_see,
    history_entry,
    is_case_id,
    list_scope,
    observations_of,
    parse_filter,
    stamp,
)
from chalicelib.domain.shared.errors import Conflict, InvalidInput
from chalicelib.domain.shared.input_fields import DEFAULT_PAGE, MAX_PAGE, parse_limit
from chalicelib.domain.shared.permissions import Role


class Claim(StrEnum):
    NEW = "new"
    TAKEN = "taken"
    DONE = "done"


def _refusal(current: Claim, target: Claim) -> Conflict:
    return Conflict(f"{current} → {target}", code="invalid_transition")


CLAIMS = Workflow(moves={Claim.NEW: frozenset(), Claim.TAKEN: frozenset({Claim.DONE}),
                         Claim.DONE: frozenset()},
                  assignable=frozenset({Claim.NEW, Claim.TAKEN}), refusal=_refusal)


def test_members_see_their_own_cases_operators_theirs_admins_all():
    assert can_see(Role.MEMBER, "m1", "m1", None)
    assert not can_see(Role.MEMBER, "m2", "m1", "o1")
    assert not can_see(Role.MEMBER, "m2", "m1", "m2"), "a member is never an assignee"
    assert can_see(Role.OPERATOR, "o1", "m1", "o1")
    assert not can_see(Role.OPERATOR, "o2", "m1", "o1")
    assert not can_see(Role.OPERATOR, "o1", "m1", None)
    assert can_see(Role.ADMIN, "a1", "m1", None)
    assert can_see(Role.SUPER_ADMIN, "s1", "m1", "o1")


def test_case_ids_are_uuid4_hex_only():
    assert is_case_id("0123456789abcdef0123456789abcdef")
    for bad in ("../../etc", "A" * 32, "0" * 31, "0" * 33, "", "0123456789abcdef0123456789abcdeg"):
        assert not is_case_id(bad)


def test_every_list_pages_by_20_unless_asked_and_100_at_most():
    assert (DEFAULT_PAGE, MAX_PAGE) == (20, 100)
    assert parse_limit(None) == 20 and parse_limit("") == 20
    assert parse_limit("1") == 1 and parse_limit(" 100 ") == 100
    for bad in ("0", "101", "-1", "2.5", "diez", "²", "1" * 5000):
        with pytest.raises(InvalidInput) as refused:
            parse_limit(bad)
        assert "limit" in refused.value.fields


def test_a_filter_names_one_member_of_the_kind_or_nothing():
    assert parse_filter(None, Claim, field="status", message="x") is None
    assert parse_filter("", Claim, field="status", message="x") is None
    assert parse_filter("taken", Claim, field="status", message="x") is Claim.TAKEN
    with pytest.raises(InvalidInput) as refused:
        parse_filter(" TAKEN ", Claim, field="status", message="Estado desconocido.")
    assert refused.value.fields == {"status": "Estado desconocido."}
    assert parse_filter(" TAKEN ", Claim, field="status", message="x", loose=True) is Claim.TAKEN
    with pytest.raises(InvalidInput):
        parse_filter("  ", Claim, field="status", message="x", loose=True)


def test_stamps_are_utc_fixed_width_and_sort_as_text_in_time_order():
    first = datetime(2026, 1, 1, 9, 59, 59, 999999, tzinfo=UTC)
    second = datetime(2026, 1, 1, 10, 0, 0, 0, tzinfo=UTC)
    assert stamp(first) < stamp(second)
    assert stamp(second) == "2026-01-01T10:00:00.000000Z"
    lima = timezone(timedelta(hours=-5))
    assert stamp(datetime(2026, 1, 31, 23, 30, tzinfo=lima)) == "2026-02-01T04:30:00.000000Z"


def test_members_list_their_own_operators_theirs_whatever_they_ask():
    assert list_scope(Role.MEMBER, "m1", "o1") == ListScope(member_id="m1")
    assert list_scope(Role.OPERATOR, "o1", "o2") == ListScope(assignee_id="o1")


def test_admins_list_one_assignee_or_everything():
    assert list_scope(Role.ADMIN, "a1", " o2 ") == ListScope(assignee_id="o2")
    assert list_scope(Role.SUPER_ADMIN, "s1", None) == ListScope()
    assert list_scope(Role.ADMIN, "a1", "   ") == ListScope()
    with pytest.raises(InvalidInput) as refused:
        list_scope(Role.ADMIN, "a1", "x" * 65)
    assert refused.value.fields == {"assignee": "Responsable desconocido."}


def test_a_workflow_allows_exactly_its_table():
    for current in Claim:
        for target in Claim:
            if target in CLAIMS.moves[current]:
                CLAIMS.check_move(current, target)
            else:
                with pytest.raises(Conflict) as refused:
                    CLAIMS.check_move(current, target)
                assert refused.value.message == f"{current} → {target}"


def test_a_workflow_assigns_only_from_its_assignable_states():
    CLAIMS.check_assignable(Claim.NEW, Claim.TAKEN)
    CLAIMS.check_assignable(Claim.TAKEN, Claim.TAKEN)
    with pytest.raises(Conflict):
        CLAIMS.check_assignable(Claim.DONE, Claim.TAKEN)


def test_staff_see_the_next_moves_in_the_kinds_order_members_none():
    order = (Claim.DONE, Claim.TAKEN, Claim.NEW)
    assert CLAIMS.moves_for(Role.OPERATOR, Claim.TAKEN, order) == [Claim.DONE]
    assert CLAIMS.moves_for(Role.ADMIN, Claim.DONE, order) == []
    assert CLAIMS.moves_for(Role.MEMBER, Claim.TAKEN, order) == []


def test_a_history_line_says_who_when_from_to_and_the_note():
    actor = Actor(user_id="u1", role="operator", name="Óscar Paredes")
    helper = Actor(user_id="u2", role="operator", name="Ana Ríos")
    at = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    first = history_entry(at=at, actor=actor, from_status=None, to_status=Claim.NEW)
    handover = history_entry(at=at, actor=actor, from_status=Claim.NEW, to_status=Claim.TAKEN,
                             assignee=helper)
    note = history_entry(at=at, actor=actor, from_status=Claim.TAKEN, to_status=Claim.TAKEN,
                         observation="Llamé al socio.")
    assert first == {"at": "2026-11-02T15:00:00Z", "actor": actor.as_dict(), "from": None,
                     "to": "new", "observation": None}
    assert handover["assignee"] == {"id": "u2", "name": "Ana Ríos"}
    assert "assignee" not in note
    assert observations_of([first, handover, note]) == [
        {"at": "2026-11-02T15:00:00Z", "author": actor.as_dict(), "status": "taken",
         "text": "Llamé al socio."}]
