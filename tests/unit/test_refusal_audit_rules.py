"""Rules of the refusal-audit budget (domain.shared.refusal_audit): refusals are recorded one by
one up
to a budget per principal and window; the first one past it leaves one notice; the rest are only
counted. Successes and the workers' own outcomes are never budgeted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from chalicelib.domain.shared import refusal_audit as rules
from chalicelib.domain.shared.audit import AuditEvent

NOW = datetime(2026, 11, 30, 4, 47, 12, tzinfo=UTC)  # Lima's month-end, 23:47


def a_refusal(**changes: object) -> AuditEvent:
    fields: dict[str, object] = {
        "at": NOW, "actor_id": "anonymous", "role": "anonymous", "action": "auth.login",
        "target": "email:nadie@example.pe", "outcome": "failure", "ip": "203.0.113.7",
        "user_agent": "curl/8", "details": {"reason": "unknown_email"}}
    fields.update(changes)
    return AuditEvent(**fields)  # type: ignore[arg-type]


def test_failures_and_denials_are_budgeted_successes_are_not():
    assert rules.is_budgeted("auth.login", "failure")
    assert rules.is_budgeted("authorization.denied", "denied")
    assert rules.is_budgeted("tickets.access_denied", "denied")
    assert not rules.is_budgeted("auth.login", "success")
    assert not rules.is_budgeted("auth.lockout", "success")


def test_the_import_workers_own_outcomes_are_always_recorded():
    # A failed load changes the run's state, and nobody outside can flood the worker.
    assert not rules.is_budgeted("import.loaded", "failure")
    assert not rules.is_budgeted("import.upload_refused", "denied")


def test_the_budget_is_a_signed_in_user_else_the_address_counted_like_the_throttle():
    assert rules.principal_key("u-1", "203.0.113.7") == "user:u-1"
    assert rules.principal_key(None, "203.0.113.7") == "address:203.0.113.7"
    assert rules.principal_key(None, "2001:db8:1:2:aaaa::1") == "address:2001:db8:1:2::/64"
    assert rules.principal_key(None, "-") == "address:-"


def test_windows_are_ten_minutes_aligned_to_the_clock():
    assert timedelta(minutes=10) == rules.WINDOW
    assert rules.window_start(NOW) == datetime(2026, 11, 30, 4, 40, tzinfo=UTC)
    boundary = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)  # Lima's midnight into the new month
    assert rules.window_start(boundary) == boundary
    assert rules.window_start(boundary - timedelta(microseconds=1)) == boundary - rules.WINDOW


def test_the_counter_is_keyed_by_principal_and_window_under_its_own_prefix():
    counter = rules.counter_id("address:203.0.113.7", rules.window_start(NOW))
    assert counter == "refusals#address:203.0.113.7#2026-11-30T04:40:00Z"
    assert counter.startswith(rules.COUNTER_PREFIX)


def test_within_the_budget_each_refusal_is_recorded():
    assert rules.BUDGET == 20
    assert [rules.disposition(n) for n in (1, 2, rules.BUDGET)] == [rules.Disposition.RECORD] * 3


def test_a_refusal_that_could_not_be_counted_is_recorded():
    assert rules.disposition(None) is rules.Disposition.RECORD


def test_the_first_refusal_past_the_budget_leaves_one_notice_and_the_rest_are_counted():
    assert rules.disposition(rules.BUDGET + 1) is rules.Disposition.NOTE_SUPPRESSION
    assert {rules.disposition(n) for n in range(rules.BUDGET + 2, 500)} == {
        rules.Disposition.COUNT_ONLY}


def test_the_notice_says_whose_refusals_from_when_and_where_they_are_counted():
    start = rules.window_start(NOW)
    notice = rules.suppression_notice(a_refusal(), "address:203.0.113.7", start)
    assert (notice.action, notice.outcome) == (rules.SUPPRESSED_ACTION, "denied")
    assert notice.action == "audit.refusals_suppressed"
    assert (notice.actor_id, notice.ip, notice.at) == ("anonymous", "203.0.113.7", NOW)
    assert notice.target == "address:203.0.113.7"
    assert notice.details == {
        "budget": "20", "window_start": "2026-11-30T04:40:00Z",
        "window_end": "2026-11-30T04:50:00Z", "first_suppressed": "auth.login",
        "counted_in": "security_counters refusals#address:203.0.113.7#2026-11-30T04:40:00Z"}


def test_the_notice_itself_is_never_budgeted():
    assert not rules.is_budgeted(rules.SUPPRESSED_ACTION, "denied")


def test_the_counter_outlives_its_window_so_the_flood_s_size_can_be_read():
    assert rules.COUNTER_LIFETIME > rules.WINDOW
