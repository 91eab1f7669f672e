"""The rules of the terms' versions (issue 18): labels compared as numbers, the version in force,
who must accept, what may be published."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.auth.terms import TERMS_VERSION
from chalicelib.domain.auth.terms_versions import (
    MANUAL_VERSION,
    Publication,
    TermsPointer,
    acceptance_pending,
    check_publishable,
    is_older,
    parse_publication,
    parse_version,
    version_in_force,
    version_key,
)
from chalicelib.domain.shared.errors import Conflict, InvalidInput
from chalicelib.domain.shared.input_fields import FieldProblem
from chalicelib.domain.shared.permissions import (
    ALLOWED_BEFORE_TERMS_ACCEPTANCE,
    Role,
    is_allowed_for_session,
)

TODAY = date(2026, 12, 3)
TEXT = "Texto completo de los términos. " * 5


def a_publication(version: str, effective_on: date = TODAY) -> Publication:
    return Publication(version=version, effective_on=effective_on, summary="Cambios varios.",
                       text=TEXT)


def test_the_manual_text_is_version_1_0():
    assert MANUAL_VERSION == TERMS_VERSION == "1.0"


@pytest.mark.parametrize(("older", "newer"), [
    ("1.0", "1.1"), ("1.9", "1.10"), ("1.10", "2.0"), ("1.1", "1.1.1"), ("2.0.9", "2.1")])
def test_versions_compare_as_numbers(older, newer):
    assert is_older(older, newer) and not is_older(newer, older)
    assert version_key(older) < version_key(newer)


def test_the_same_version_written_two_ways_is_one_version():
    assert parse_version("1.1") == parse_version("1.1.0") == (1, 1, 0)
    assert version_key("1.1") == version_key("1.1.0") == "001.001.000"
    assert not is_older("1.1.0", "1.1")


@pytest.mark.parametrize("label", ["1", "v1.1", "1.1.1.1", "1.a", "", "1..1", "1.1 beta", "1234.0"])
def test_a_label_that_is_not_numbers_is_refused(label):
    with pytest.raises(FieldProblem):
        parse_version(label)


def test_an_account_without_a_stored_version_accepted_the_manual_one():
    assert not is_older(None, "1.0") and is_older(None, "1.1")
    assert is_older("garbage", "1.1")


def test_the_version_in_force_waits_for_its_effective_date():
    assert version_in_force(None, TODAY) == "1.0"
    scheduled = TermsPointer(latest="1.1", effective_on=date(2026, 12, 10), in_force_before="1.0")
    assert version_in_force(scheduled, TODAY) == "1.0"
    assert version_in_force(scheduled, date(2026, 12, 10)) == "1.1"


def test_only_members_must_accept():
    assert acceptance_pending(Role.MEMBER, "1.0", "1.1")
    assert not acceptance_pending(Role.MEMBER, "1.1", "1.1")
    for role in (Role.OPERATOR, Role.ADMIN, Role.SUPER_ADMIN):
        assert not acceptance_pending(role, None, "2.0")


def test_a_pending_member_reaches_only_the_session_and_the_acceptance():
    assert {"session.read", "session.logout", "terms.accept"} == ALLOWED_BEFORE_TERMS_ACCEPTANCE
    assert not is_allowed_for_session(Role.MEMBER, False, "accounts.read", terms_pending=True)
    assert is_allowed_for_session(Role.MEMBER, False, "accounts.read", terms_pending=False)
    assert is_allowed_for_session(Role.MEMBER, False, "terms.accept", terms_pending=True)
    assert is_allowed_for_session(Role.MEMBER, False, "session.read", terms_pending=True)


def test_publishing_moves_the_pointer_and_remembers_the_version_in_force():
    pointer = check_publishable(a_publication("1.1", date(2026, 12, 20)), None, TODAY)
    assert pointer == TermsPointer(latest="1.1", effective_on=date(2026, 12, 20),
                                   in_force_before="1.0")


def test_the_same_version_again_is_a_conflict_and_an_older_one_invalid():
    current = TermsPointer(latest="1.2", effective_on=TODAY, in_force_before="1.1")
    with pytest.raises(Conflict) as same:
        check_publishable(a_publication("1.2.0"), current, TODAY)
    assert same.value.code == "terms_version_exists"
    with pytest.raises(Conflict):
        check_publishable(a_publication("1.0"), None, TODAY)
    with pytest.raises(InvalidInput) as older:
        check_publishable(a_publication("1.1"), current, TODAY)
    assert "version" in older.value.fields


def test_a_scheduled_version_blocks_the_next_until_its_date():
    scheduled = TermsPointer(latest="1.1", effective_on=date(2026, 12, 10), in_force_before="1.0")
    with pytest.raises(Conflict) as blocked:
        check_publishable(a_publication("1.2"), scheduled, TODAY)
    assert blocked.value.code == "terms_version_scheduled"
    assert check_publishable(a_publication("1.2", date(2026, 12, 11)), scheduled,
                             date(2026, 12, 11)).in_force_before == "1.1"


def test_a_publication_keeps_the_paragraphs_of_its_text():
    body = {"version": " 1.1 ", "effective_on": "2026-12-03", "summary": "  Nuevos   cambios ",
            "text": "Primer  párrafo.\r\n\r\n\r\n\r\nSegundo párrafo. " + TEXT}
    publication = parse_publication(body, TODAY)
    assert publication.version == "1.1" and publication.summary == "Nuevos cambios"
    assert publication.text.startswith("Primer párrafo.\n\nSegundo párrafo.")


def test_a_publication_refuses_a_past_date_and_server_fields():
    with pytest.raises(InvalidInput) as past:
        parse_publication({"version": "1.1", "effective_on": "2026-12-02",
                           "summary": "Cambios varios.", "text": TEXT}, TODAY)
    assert set(past.value.fields) == {"effective_on"}
    with pytest.raises(InvalidInput) as smuggled:
        parse_publication({"version": "1.1", "published_by": "x"}, TODAY)
    assert smuggled.value.code == "read_only_field"
