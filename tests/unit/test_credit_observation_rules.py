"""Observations noted without a move: who may, until when, what text, and how long a history
may grow."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from chalicelib.domain.credit.applications import (
    FINISHED,
    MAX_HISTORY_LINES,
    STATUS_CHANGES,
    Status,
    can_observe,
    check_accepts_observation,
    check_room_in_history,
    moves_forward,
    parse_observation,
)
from chalicelib.domain.shared.assigned_case import Actor, history_entry, observations_of
from chalicelib.domain.shared.errors import Conflict, InvalidInput
from chalicelib.domain.shared.permissions import Role

OPEN = [status for status in Status if status not in FINISHED]


def test_finished_means_the_states_no_move_leaves_except_waiting_for_assignment():
    ends = {status for status, moves in STATUS_CHANGES.items() if not moves}
    assert ends - {Status.RECEIVED} == FINISHED


@pytest.mark.parametrize("status", OPEN)
def test_staff_note_on_every_open_application(status):
    for role in (Role.OPERATOR, Role.ADMIN, Role.SUPER_ADMIN):
        assert can_observe(role, status)
    assert not can_observe(Role.MEMBER, status)
    check_accepts_observation(status)


@pytest.mark.parametrize("status", sorted(FINISHED))
def test_a_rejected_or_disbursed_application_takes_no_note(status):
    assert not any(can_observe(role, status) for role in Role)
    with pytest.raises(Conflict) as refused:
        check_accepts_observation(status)
    assert refused.value.code == "application_finished"
    assert "no admite nuevas observaciones" in refused.value.message


def test_an_observation_is_trimmed_text_of_at_most_1000_characters():
    assert parse_observation({"observation": "  Falta   la boleta. "}) == "Falta la boleta."
    assert parse_observation({"observation": "x" * 1000}) == "x" * 1000


@pytest.mark.parametrize(("value", "message"), [
    (None, "Escribe la observación."),
    ("", "Escribe la observación."),
    ("  \n ", "Escribe la observación."),
    (42, "Debe ser un texto."),
    (["a"], "Debe ser un texto."),
    ("x" * 1001, "Admite como máximo 1000 caracteres."),
])
def test_a_blank_or_bad_observation_is_a_field_error(value, message):
    with pytest.raises(InvalidInput) as refused:
        parse_observation({"observation": value})
    assert refused.value.fields == {"observation": message}


def test_a_note_in_the_history_stays_in_its_state_without_an_assignee():
    actor = Actor(user_id="u1", role="operator", name="Óscar Paredes")
    entry = history_entry(at=datetime(2026, 11, 2, 15, 0, tzinfo=UTC), actor=actor,
                          from_status=Status.IN_REVIEW, to_status=Status.IN_REVIEW,
                          observation="Llamé al socio.")
    assert (entry["from"], entry["to"], entry["observation"]) == ("in_review", "in_review",
                                                                   "Llamé al socio.")
    assert "assignee" not in entry


LOOPS = [(Status.IN_REVIEW, Status.IN_REVIEW), (Status.IN_REVIEW, Status.OBSERVED),
         (Status.OBSERVED, Status.OBSERVED), (Status.ASSIGNED, Status.ASSIGNED),
         (Status.RECEIVED, Status.RECEIVED)]
"""Notes (the state kept), observing, and handovers keeping the state."""
FORWARD = [(Status.RECEIVED, Status.ASSIGNED), (Status.ASSIGNED, Status.IN_REVIEW),
           (Status.OBSERVED, Status.IN_REVIEW), (Status.IN_REVIEW, Status.APPROVED),
           (Status.IN_REVIEW, Status.REJECTED), (Status.APPROVED, Status.DISBURSED)]


@pytest.mark.parametrize(("current", "target"), LOOPS)
def test_a_full_history_takes_no_more_notes_observations_or_handovers(current, target):
    assert not moves_forward(current, target)
    check_room_in_history(MAX_HISTORY_LINES - 1, current, target)
    with pytest.raises(Conflict) as refused:
        check_room_in_history(MAX_HISTORY_LINES, current, target)
    assert refused.value.code == "application_full"
    assert f"máximo de {MAX_HISTORY_LINES} registros" in refused.value.message


@pytest.mark.parametrize(("current", "target"), FORWARD)
def test_a_full_history_still_takes_the_moves_that_lead_to_a_decision(current, target):
    assert moves_forward(current, target)
    check_room_in_history(MAX_HISTORY_LINES + 3, current, target)


def test_every_workflow_move_is_either_forward_or_a_loop():
    moves = {(current, target) for current, targets in STATUS_CHANGES.items()
             for target in targets} | {(Status.RECEIVED, Status.ASSIGNED)}
    assert moves <= set(LOOPS) | set(FORWARD)


def test_the_observations_are_the_history_lines_that_carry_one():
    actor = Actor(user_id="u1", role="operator", name="Óscar Paredes")
    at = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    history = [
        history_entry(at=at, actor=actor, from_status=None, to_status=Status.RECEIVED),
        history_entry(at=at, actor=actor, from_status=Status.IN_REVIEW,
                      to_status=Status.OBSERVED, observation="Falta la boleta."),
        history_entry(at=at, actor=actor, from_status=Status.OBSERVED,
                      to_status=Status.OBSERVED, observation="Llamé al socio."),
        history_entry(at=at, actor=actor, from_status=Status.OBSERVED,
                      to_status=Status.IN_REVIEW),
    ]
    assert observations_of(history) == [
        {"at": "2026-11-02T15:00:00Z", "author": actor.as_dict(), "status": "observed",
         "text": "Falta la boleta."},
        {"at": "2026-11-02T15:00:00Z", "author": actor.as_dict(), "status": "observed",
         "text": "Llamé al socio."},
    ]
