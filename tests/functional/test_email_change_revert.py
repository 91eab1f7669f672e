"""Issue 14, «No fui yo»: the old address is told of an e-mail change when it is asked for and
when it is confirmed, with a link (7 days) that undoes it from /no-fui-yo: the pending change is
cancelled or the old e-mail comes back, every session and token ends, and the account needs a
new password (the reset link goes to the old address)."""

from __future__ import annotations

import json

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.auth import users
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import (
    DEFAULT_PASSWORD,
    FrozenClock,
    a_user,
    mails_to,
    signed_in,
    token_in_link,
    totp_code,
)

OLD, NEW, LATER = "socia@example.pe", "nuevo@example.pe", "otro@example.pe"
STEP_UP = {"current_password": DEFAULT_PASSWORD}
NEW_PASSWORD = "Otra-Frase-Segura-48"


@pytest.fixture
def clock(time_machine):
    return FrozenClock(time_machine)


def ask_for(api, email):
    answer = api.put("/api/auth/profile", {"email": email, **STEP_UP})
    assert answer.status == 200, answer.json


def confirm(api, outbox, email):
    links = [m for m in mails_to(outbox, email) if "/confirmar-correo?" in m["text"]]
    token = token_in_link(links[-1]["text"], "confirmar-correo")
    answer = api.post("/api/auth/profile/email/confirm", {"token": token})
    assert answer.status == 200, answer.json


def revert_tokens(outbox, address):
    """The «no fui yo» tokens mailed to ``address``, oldest first."""
    return [token_in_link(m["text"], "no-fui-yo") for m in mails_to(outbox, address)
            if "/no-fui-yo?" in m["text"]]


def revert(api, token):
    return api.post("/api/auth/profile/email/revert", {"token": token})


def test_the_old_address_is_told_when_a_change_is_asked_for_and_when_it_is_confirmed(
        api, outbox, clock):
    member = a_user(Role.MEMBER, email=OLD, first_name="Rosa")
    signed_in(api, member)
    ask_for(api, NEW)
    [asked] = mails_to(outbox, OLD)
    assert "n***@example.pe" in asked["text"] and "Si no fuiste tú" in asked["text"]
    assert "7 días" in asked["text"]
    confirm(api, outbox, NEW)
    assert len(revert_tokens(outbox, OLD)) == 2
    assert revert_tokens(outbox, NEW) == []


def test_no_fui_yo_before_the_confirmation_cancels_the_pending_change(api, another_api,
                                                                      outbox, clock):
    member = a_user(Role.MEMBER, email=OLD)
    signed_in(api, member)
    ask_for(api, NEW)
    [token] = revert_tokens(outbox, OLD)
    answer = revert(another_api, token)
    assert answer.status == 200 and "contraseña" in answer.json["message"]
    after = users.get(member.user_id)
    assert after.email == OLD and after.pending_email is None
    assert api.get("/api/auth/session").status == 401  # every session ended
    confirmation = token_in_link(mails_to(outbox, NEW)[-1]["text"], "confirmar-correo")
    assert another_api.post("/api/auth/profile/email/confirm",
                            {"token": confirmation}).status == 400


def test_no_fui_yo_after_the_confirmation_brings_the_old_email_back(api, another_api, outbox,
                                                                    clock):
    member = a_user(Role.MEMBER, email=OLD)
    signed_in(api, member)
    ask_for(api, NEW)
    confirm(api, outbox, NEW)
    token = revert_tokens(outbox, OLD)[-1]
    assert revert(another_api, token).status == 200
    after = users.get(member.user_id)
    assert after.email == OLD and after.pending_email is None
    assert users.find_by_email(OLD).user_id == member.user_id
    assert users.find_by_email(NEW) is None and not users.email_is_claimed(NEW)
    assert api.get("/api/auth/session").status == 401


def test_the_account_then_needs_a_new_password_set_from_the_link_sent_to_the_old_address(
        api, another_api, outbox, clock):
    member = a_user(Role.MEMBER, email=OLD)
    signed_in(api, member)
    ask_for(api, NEW)
    confirm(api, outbox, NEW)
    assert revert(another_api, revert_tokens(outbox, OLD)[-1]).status == 200
    for email in (OLD, NEW):  # whoever knew the password cannot sign in with it
        answer = another_api.post("/api/auth/login", {"email": email,
                                                      "password": DEFAULT_PASSWORD})
        assert answer.status == 401
    reset_mail = [m for m in mails_to(outbox, OLD) if "/restablecer?" in m["text"]][-1]
    answer = another_api.post("/api/auth/password/reset", {
        "reset_token": token_in_link(reset_mail["text"], "restablecer"),
        "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD})
    assert answer.status == 204, answer.json
    assert another_api.post("/api/auth/login", {"email": OLD,
                                                "password": NEW_PASSWORD}).status == 200


def attacker_enrols_totp(api, clock):
    """Whoever took the account (knowing the password) turns on their own authenticator."""
    secret = api.post("/api/auth/totp/setup", STEP_UP).json["secret"]
    answer = api.post("/api/auth/totp/confirm", {"code": totp_code(secret, clock.now)})
    assert answer.status == 200, answer.json
    clock.advance(seconds=30)
    return secret


def test_an_authenticator_enrolled_after_the_change_goes_with_the_undo(
        api, another_api, outbox, clock):
    """Otherwise the owner's reset link would ask for a code of the attacker's app, and the
    owner could only get back through the office."""
    member = a_user(Role.MEMBER, email=OLD)
    signed_in(api, member)
    ask_for(api, NEW)
    confirm(api, outbox, NEW)
    attacker_enrols_totp(api, clock)
    assert revert(another_api, revert_tokens(outbox, OLD)[-1]).status == 200
    after = users.get(member.user_id)
    assert after.totp_enabled is False and after.totp_secret_encrypted is None
    assert not after.backup_code_hashes
    reset_mail = [m for m in mails_to(outbox, OLD) if "/restablecer?" in m["text"]][-1]
    answer = another_api.post("/api/auth/password/reset", {
        "reset_token": token_in_link(reset_mail["text"], "restablecer"),
        "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD})
    assert answer.status == 204, answer.json
    [record] = [r for r in AuditModel.by_actor.query(member.user_id)
                if r.action == "profile.email_change_reverted" and r.outcome == "success"]
    assert json.loads(record.details)["authenticator_removed"] == "True"


def test_cancelling_and_asking_again_cannot_swap_in_the_new_authenticator(
        api, another_api, outbox, clock):
    member = a_user(Role.MEMBER, email=OLD)
    signed_in(api, member)
    ask_for(api, NEW)
    secret = attacker_enrols_totp(api, clock)
    ask_for(api, OLD)  # the current address again: cancels the pending change
    answer = api.put("/api/auth/profile", {"email": LATER, **STEP_UP,
                                           "code": totp_code(secret, clock.now)})
    assert answer.status == 200, answer.json
    assert revert(another_api, revert_tokens(outbox, OLD)[-1]).status == 200
    assert users.get(member.user_id).totp_enabled is False


def test_the_owners_own_authenticator_stays_after_the_undo(api, another_api, outbox, clock):
    """A change asked with the owner's code (phished, say): undoing it keeps the owner's app,
    which the reset then asks for."""
    member = a_user(Role.MEMBER, email=OLD)
    signed_in(api, member)
    secret = attacker_enrols_totp(api, clock)  # here: the owner's own, before any change
    before = users.get(member.user_id).totp_secret_encrypted
    answer = api.put("/api/auth/profile", {"email": NEW, **STEP_UP,
                                           "code": totp_code(secret, clock.now)})
    assert answer.status == 200, answer.json
    confirm(api, outbox, NEW)
    assert revert(another_api, revert_tokens(outbox, OLD)[-1]).status == 200
    after = users.get(member.user_id)
    assert after.totp_enabled is True and after.totp_secret_encrypted == before


def test_a_revert_link_works_once(api, another_api, outbox, clock):
    member = a_user(Role.MEMBER, email=OLD)
    signed_in(api, member)
    ask_for(api, NEW)
    confirm(api, outbox, NEW)
    asked, confirmed = revert_tokens(outbox, OLD)
    assert revert(another_api, confirmed).status == 200
    for token in (confirmed, asked):
        answer = revert(another_api, token)
        assert answer.status == 400 and answer.error_code == "invalid_token"


def test_an_earlier_revert_link_cannot_undo_a_later_legitimate_change(api, another_api,
                                                                      outbox, clock):
    """A→B (links to A), then B→C confirmed: A's old links are dead, even if the account
    comes back to B later."""
    member = a_user(Role.MEMBER, email=OLD)
    signed_in(api, member)
    ask_for(api, NEW)
    confirm(api, outbox, NEW)
    earlier = revert_tokens(outbox, OLD)
    ask_for(api, LATER)
    confirm(api, outbox, LATER)
    clock.advance(minutes=3)  # past the confirmation mail's cooldown for NEW
    ask_for(api, NEW)
    confirm(api, outbox, NEW)
    for token in earlier:
        assert revert(another_api, token).status == 400
    assert users.get(member.user_id).email == NEW


def test_a_revert_link_expires_after_seven_days(api, another_api, outbox, clock):
    member = a_user(Role.MEMBER, email=OLD)
    signed_in(api, member)
    ask_for(api, NEW)
    confirm(api, outbox, NEW)
    clock.advance(days=7, seconds=1)
    assert revert(another_api, revert_tokens(outbox, OLD)[-1]).status == 400
    assert users.get(member.user_id).email == NEW


def test_a_revert_outlives_a_password_change_made_by_whoever_took_the_account(
        api, another_api, outbox, clock):
    member = a_user(Role.MEMBER, email=OLD)
    signed_in(api, member)
    ask_for(api, NEW)
    confirm(api, outbox, NEW)
    assert api.post("/api/auth/password", {**STEP_UP, "new_password": NEW_PASSWORD,
                                           "new_password_confirmation": NEW_PASSWORD}
                    ).status == 204
    assert revert(another_api, revert_tokens(outbox, OLD)[-1]).status == 200
    assert users.get(member.user_id).email == OLD


def test_the_revert_is_audited_and_bad_tokens_are_400s(api, another_api, outbox, clock):
    member = a_user(Role.MEMBER, email=OLD)
    signed_in(api, member)
    ask_for(api, NEW)
    for body in ({}, {"token": 5}, {"token": "x" * 500}, {"token": "no-es-un-token"},
                 {"token": revert_tokens(outbox, OLD)[0], "pending_email": LATER}):
        answer = another_api.post("/api/auth/profile/email/revert", body)
        assert answer.status == 400, body
    assert revert(another_api, revert_tokens(outbox, OLD)[0]).status == 200
    records = list(AuditModel.by_action.query("profile.email_change_reverted"))
    assert [r.outcome for r in records].count("success") == 1
    [success] = [r for r in records if r.outcome == "success"]
    assert success.actor_id == member.user_id and "pending" in success.details
    assert NEW not in (success.details or "")
