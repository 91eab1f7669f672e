"""The audit writer's ``subject_id``: a record someone else writes about a member is kept on the
sparse ``by_subject`` index under that member; a record whose actor is the member is not."""

from __future__ import annotations

from chalicelib.services.shared import audit
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import TEST_CONTEXT


def test_a_record_about_a_member_by_someone_else_is_indexed_under_them(aws):
    audit.record(action="tickets.assigned", outcome="success", context=TEST_CONTEXT,
                 actor_id="admin-1", role="admin", target="ticket:t-1", subject_id="member-1")
    [about] = list(AuditModel.by_subject.query("member-1"))
    assert (about.actor_id, about.role, about.action, about.subject_id) == (
        "admin-1", "admin", "tickets.assigned", "member-1")
    assert [r.action for r in AuditModel.by_actor.query("admin-1")] == ["tickets.assigned"]


def test_the_members_own_record_carries_no_subject_and_stays_off_the_index(aws):
    audit.record(action="tickets.message_added", outcome="success", context=TEST_CONTEXT,
                 actor_id="member-1", role="member", target="ticket:t-1",
                 subject_id="member-1")
    audit.record(action="auth.login", outcome="success", context=TEST_CONTEXT,
                 actor_id="member-2", role="member", target="user:member-2")
    assert list(AuditModel.by_subject.query("member-1")) == []
    assert list(AuditModel.by_subject.query("member-2")) == []
    [own] = list(AuditModel.by_actor.query("member-1"))
    assert own.subject_id is None
