"""An account pending activation expires (issue 17): past ``ACTIVATION_LIFETIME_HOURS`` the next
registration, resend or activation that meets it removes it with its DNI and e-mail claims
(audited as the system), and a new registration goes on; the caller's answer never changes."""

from __future__ import annotations

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.settings import settings
from chalicelib.store.auth import users
from chalicelib.store.shared.models import AuditModel, UniqueKeyModel
from tests.functional.builders import (
    FrozenClock,
    a_registry_member,
    a_user,
    mails_to,
    token_in_link,
)
from tests.functional.test_registration_identity import a_form

ON_FILE = "maria.quispe@example.pe"
TYPO = "rosa.chavez@example.pe"


@pytest.fixture
def clock(time_machine):
    return FrozenClock(time_machine)


def expired_records():
    return list(AuditModel.by_action.query("registration.expired"))


def test_a_new_registration_replaces_an_expired_pending_account(api, outbox, clock):
    a_registry_member(email=ON_FILE)
    first = api.post("/api/registration", a_form())
    old_link = token_in_link(mails_to(outbox, ON_FILE)[-1]["text"], "activar")
    old = users.find_by_dni("40000001")
    clock.advance(hours=24, seconds=1)

    again = api.post("/api/registration", a_form())
    assert (again.status, again.json) == (first.status, first.json)
    outbox()
    new = users.find_by_dni("40000001")
    assert new.user_id != old.user_id and new.status == "pending_activation"
    assert users.get(old.user_id) is None
    [record] = expired_records()
    assert (record.target, record.actor_id, record.role) == (
        f"user:{old.user_id}", "sistema", "system")
    assert api.post("/api/registration/activate", {"token": old_link}).status == 400
    new_link = token_in_link(mails_to(outbox, ON_FILE)[-1]["text"], "activar")
    assert api.post("/api/registration/activate", {"token": new_link}).status == 200


def test_a_mistyped_email_is_freed_for_its_owner_after_the_expiry(api, outbox, clock):
    """A pending account holds ``TYPO`` (another member's e-mail on file): within the lifetime
    the owner's registration finds it taken; past it, the claim is freed and theirs opens."""
    a_user(Role.MEMBER, dni="40000009", email=TYPO, status="pending_activation")
    a_registry_member(dni="40000002", first_name="Rosa", last_name="Chávez Díaz",
                      birth_date="1966-06-06", email=TYPO)
    form = a_form(dni="40000002", birth_date="1966-06-06", email=TYPO)
    assert api.post("/api/registration", form).status == 202
    outbox()
    assert users.find_by_dni("40000002") is None

    clock.advance(hours=24, seconds=1)
    assert api.post("/api/registration", form).status == 202
    outbox()
    assert users.find_by_dni("40000002").email == TYPO
    assert users.find_by_dni("40000009") is None
    assert _claim_free("dni#40000009")
    assert len(expired_records()) == 1


def _claim_free(key: str) -> bool:
    return UniqueKeyModel.count(key) == 0


def test_a_pending_account_within_its_lifetime_is_kept(api, outbox, clock):
    user = a_user(Role.MEMBER, dni="40000009", email=TYPO, status="pending_activation")
    clock.advance(hours=23, minutes=59)
    assert api.post("/api/registration/resend", {"dni": "40000009", "email": TYPO}).status == 202
    outbox()
    assert users.get(user.user_id) is not None and expired_records() == []


def test_a_resend_for_an_expired_account_sends_nothing_and_frees_it(api, outbox, clock):
    user = a_user(Role.MEMBER, dni="40000009", email=TYPO, status="pending_activation")
    clock.advance(hours=25)
    answer = api.post("/api/registration/resend", {"dni": "40000009", "email": TYPO})
    assert answer.status == 202
    assert mails_to(outbox, TYPO) == []
    assert users.get(user.user_id) is None and _claim_free(f"email#{TYPO}")


def test_a_resend_moves_the_expiry_to_a_full_lifetime_from_then(api, outbox, clock):
    a_registry_member(email=ON_FILE)
    api.post("/api/registration", a_form())
    outbox()
    clock.advance(hours=20)
    api.post("/api/registration/resend", {"dni": "40000001", "email": ON_FILE})
    link = token_in_link(mails_to(outbox, ON_FILE)[-1]["text"], "activar")
    clock.advance(hours=10)
    assert api.post("/api/registration/activate", {"token": link}).status == 200


def test_the_lifetime_is_a_stage_setting(api, outbox, clock, monkeypatch):
    monkeypatch.setenv("ACTIVATION_LIFETIME_HOURS", "2")
    settings.cache_clear()
    try:
        user = a_user(Role.MEMBER, dni="40000009", email=TYPO, status="pending_activation")
        clock.advance(hours=2)
        api.post("/api/registration/resend", {"dni": "40000009", "email": TYPO})
        outbox()
        assert users.get(user.user_id) is None
    finally:
        settings.cache_clear()
