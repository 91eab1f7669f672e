"""Refusal audits rate-limited per principal (issue 14, finding 8; domain.shared.refusal_audit): a
flood
of refusals leaves at most the budget's records and one notice per window, counted in
``security_counters``; other principals' refusals, successes and state changes still appear."""

from __future__ import annotations

import pytest

from chalicelib.domain.shared import refusal_audit
from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel, SecurityCounterModel
from tests.functional.builders import DEFAULT_PASSWORD, FrozenClock, a_user, signed_in

BUDGET = refusal_audit.BUDGET
FLOOD = 100
WRONG = "Clave-Equivocada-99"
NOTICE = refusal_audit.SUPPRESSED_ACTION


@pytest.fixture
def no_address_throttle(monkeypatch):
    """The address throttle would answer 429 (unaudited) after 20 failures; with it out of the
    way the flood reaches the audit, as it would from behind a large NAT or with a high limit."""
    from chalicelib.settings import settings

    monkeypatch.setenv("LOGIN_FAILURES_PER_IP", "1000")
    settings.cache_clear()
    yield
    settings.cache_clear()


def from_address(address: str) -> dict[str, str]:
    return {"CloudFront-Viewer-Address": f"{address}:50123"}


def login(api, email, password=WRONG, address="203.0.113.7"):
    return api.post("/api/auth/login", {"email": email, "password": password},
                    headers=from_address(address))


def records(action: str, ip: str | None = None) -> list[AuditModel]:
    return [r for r in AuditModel.by_action.query(action) if ip is None or r.ip == ip]


def test_a_flood_of_wrong_sign_ins_from_one_address_writes_the_budget_and_one_notice(
        api, time_machine, no_address_throttle):
    FrozenClock(time_machine)
    answers = [login(api, f"nadie{n}@example.pe") for n in range(FLOOD)]
    assert {a.status for a in answers} == {401}, "the answer never changes"
    refused = records("auth.login", ip="203.0.113.7")
    [notice] = records(NOTICE)
    assert len(refused) == BUDGET, "budget + 1 records: the refusals and the one notice"
    assert notice.target == "address:203.0.113.7" and notice.outcome == "denied"
    assert notice.ip == "203.0.113.7" and '"first_suppressed": "auth.login"' in notice.details
    [counter] = [c for c in SecurityCounterModel.scan()
                 if c.counter_id.startswith("refusals#address:203.0.113.7#")]
    assert counter.value == FLOOD, "the flood's whole size is counted"


def test_wrong_passwords_on_a_real_account_are_budgeted_by_address_too(
        api, time_machine, no_address_throttle):
    FrozenClock(time_machine)
    member = a_user(Role.MEMBER, email="socia@example.pe")
    for _ in range(FLOOD):
        login(api, "socia@example.pe")
    by_member = list(AuditModel.by_actor.query(member.user_id))
    refusals = [r for r in by_member if r.outcome == "failure"]
    assert len(refusals) <= BUDGET
    assert [r.action for r in by_member if r.outcome == "success"] == ["auth.lockout"], \
        "the lock, a state change, is always recorded"
    assert len(records(NOTICE)) == 1


def test_another_address_s_refusals_are_still_recorded(api, time_machine, no_address_throttle):
    FrozenClock(time_machine)
    for n in range(FLOOD):
        login(api, f"nadie{n}@example.pe")
    login(api, "otra@example.pe", address="198.51.100.9")
    login(api, "otra@example.pe", address="2001:db8:1:2::99")
    assert len(records("auth.login", ip="198.51.100.9")) == 1
    assert len(records("auth.login", ip="2001:db8:1:2::99")) == 1


def test_successes_are_recorded_even_past_the_budget(api, time_machine, no_address_throttle):
    FrozenClock(time_machine)
    member = a_user(Role.MEMBER, email="socia@example.pe")
    for n in range(BUDGET + 5):
        login(api, f"nadie{n}@example.pe")
    assert login(api, "socia@example.pe", DEFAULT_PASSWORD).status == 200
    successes = [r for r in records("auth.login", ip="203.0.113.7") if r.outcome == "success"]
    assert [r.actor_id for r in successes] == [member.user_id]


def test_a_signed_in_user_s_denials_are_budgeted_per_user(api, another_api, time_machine):
    FrozenClock(time_machine)
    member, other = a_user(Role.MEMBER), a_user(Role.MEMBER)
    signed_in(api, member)
    signed_in(another_api, other)
    answers = [api.get("/api/admin/users") for _ in range(BUDGET + 10)]
    assert {a.status for a in answers} == {403}
    assert another_api.get("/api/admin/users").status == 403
    denied = records("authorization.denied")
    assert len([r for r in denied if r.actor_id == member.user_id]) == BUDGET
    assert len([r for r in denied if r.actor_id == other.user_id]) == 1
    [notice] = records(NOTICE)
    assert notice.actor_id == member.user_id and notice.target == f"user:{member.user_id}"


def test_a_new_window_records_refusals_again(api, time_machine, no_address_throttle):
    clock = FrozenClock(time_machine)
    for n in range(BUDGET + 3):
        login(api, f"nadie{n}@example.pe")
    clock.advance(minutes=10)
    login(api, "nadie@example.pe")
    assert len(records("auth.login", ip="203.0.113.7")) == BUDGET + 1
    assert len(records(NOTICE)) == 1


def test_a_refusal_is_recorded_when_its_budget_cannot_be_counted(api, time_machine, monkeypatch):
    """A failed count (throttled table, a missing grant) never turns a refusal into a 500 and
    never loses its record: without a count the refusal is recorded as before the budget."""
    from pynamodb.exceptions import UpdateError

    update = SecurityCounterModel.update

    def refusals_unavailable(counter, *args, **kwargs):
        if counter.counter_id.startswith(refusal_audit.COUNTER_PREFIX):
            raise UpdateError("ProvisionedThroughputExceededException")
        return update(counter, *args, **kwargs)

    FrozenClock(time_machine)
    monkeypatch.setattr(SecurityCounterModel, "update", refusals_unavailable)
    assert login(api, "nadie@example.pe").status == 401
    assert len(records("auth.login", ip="203.0.113.7")) == 1
