"""«No fui yo» (issue 14): what a link undoes, from the account as it is now."""

from __future__ import annotations

from chalicelib.domain.auth.identity import EmailRevert, email_revert_kind

LINK = {"old_email": "a@example.pe", "new_email": "b@example.pe", "change": "c1"}


def test_a_pending_change_is_cancelled():
    assert email_revert_kind(LINK, "a@example.pe", "b@example.pe", "c1") \
        is EmailRevert.CANCEL_PENDING


def test_a_pending_change_dropped_since_still_lets_the_owner_lock_the_account_down():
    assert email_revert_kind(LINK, "a@example.pe", None, "c1") is EmailRevert.CANCEL_PENDING


def test_a_confirmed_change_brings_the_old_email_back():
    assert email_revert_kind(LINK, "b@example.pe", None, "c1") is EmailRevert.RESTORE_OLD


def test_a_later_change_or_an_undone_one_ends_the_link():
    assert email_revert_kind(LINK, "b@example.pe", None, "c2") is None
    assert email_revert_kind(LINK, "a@example.pe", None, None) is None


def test_a_state_the_link_did_not_see_is_refused():
    assert email_revert_kind(LINK, "a@example.pe", "x@example.pe", "c1") is None
    assert email_revert_kind(LINK, "x@example.pe", None, "c1") is None


def test_a_malformed_payload_is_refused():
    assert email_revert_kind({}, "a@example.pe", None, None) is None
    assert email_revert_kind({"change": 5}, "a@example.pe", None, "5") is None
