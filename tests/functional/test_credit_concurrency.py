"""Applications sent at the same moment: numbers from the atomic sequence, never duplicated, and
of identical ones exactly one taken.

Twenty threads call the service function together. moto's in-process DynamoDB is not
thread-safe inside one request (its TransactWriteItems deep-copies tables that another thread may
be writing), so the fixture below makes moto process one request at a time, as DynamoDB
processes each request atomically; the threads still interleave freely *between* requests,
which is where a read-then-write numbering would hand out duplicates.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from chalicelib.domain.credit.requests import parse_application_request
from chalicelib.domain.shared.errors import Conflict, Throttled
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.principal import Principal
from chalicelib.services.credit import applications as credit_applications
from chalicelib.store.shared.models import ApplicationModel, CounterModel
from tests.functional.builders import TEST_CONTEXT, a_user
from tests.functional.credit_builders import a_credit_product, simulation_inputs
from tests.functional.ticket_builders import daily_limits

SENDERS = 20


def test_twenty_applications_sent_at_once_get_twenty_consecutive_numbers(atomic_requests,
                                                                         monkeypatch):
    a_credit_product()
    members = [a_user(Role.MEMBER) for _ in range(4)]
    principals = [Principal(user_id=m.user_id, role=Role.MEMBER, dni=m.dni, totp_enabled=False,
                            session_id=f"s{i}") for i, m in enumerate(members)]
    start = threading.Barrier(SENDERS)

    def send(index: int) -> int:
        start.wait()  # all twenty ask for a number in the same instant
        answer = credit_applications.submit_application(
            principals[index % len(principals)],
            parse_application_request(simulation_inputs(amount=1000 + index)), TEST_CONTEXT)
        return int(answer["number"])

    with daily_limits(monkeypatch, applications=5), \
            ThreadPoolExecutor(max_workers=SENDERS) as pool:
        numbers = list(pool.map(send, range(SENDERS)))

    assert sorted(numbers) == list(range(1, SENDERS + 1))
    stored = sorted(int(a.number) for a in ApplicationModel.scan())
    assert stored == list(range(1, SENDERS + 1))
    assert int(CounterModel.get("credit#status#received").value) == SENDERS


IDENTICAL = 10


def test_ten_identical_applications_sent_at_once_yield_exactly_one(atomic_requests):
    """The open claim is written in each application's own transaction only if free: one wins,
    nine are refused with the 409 naming it, and nothing of theirs is stored."""
    a_credit_product()
    member = a_user(Role.MEMBER)
    principal = Principal(user_id=member.user_id, role=Role.MEMBER, dni=member.dni,
                          totp_enabled=False, session_id="s")
    start = threading.Barrier(IDENTICAL)

    def send(_: int) -> int | str:
        start.wait()
        try:
            answer = credit_applications.submit_application(
                principal, parse_application_request(simulation_inputs()), TEST_CONTEXT)
        except Conflict as refused:
            return refused.code
        return int(answer["number"])

    with ThreadPoolExecutor(max_workers=IDENTICAL) as pool:
        outcomes = list(pool.map(send, range(IDENTICAL)))

    accepted = [outcome for outcome in outcomes if isinstance(outcome, int)]
    assert len(accepted) == 1
    assert outcomes.count("duplicate_application") == IDENTICAL - 1
    assert [int(a.number) for a in ApplicationModel.scan()] == accepted
    assert int(CounterModel.get("credit#status#received").value) == 1


def test_ten_different_applications_at_once_take_only_the_days_limit(atomic_requests):
    """The daily quota is counted in each application's own transaction, only below the limit
    (three by default): of ten sent at once, three are taken and seven are 429."""
    a_credit_product()
    member = a_user(Role.MEMBER)
    principal = Principal(user_id=member.user_id, role=Role.MEMBER, dni=member.dni,
                          totp_enabled=False, session_id="s")
    start = threading.Barrier(IDENTICAL)

    def send(index: int) -> str:
        start.wait()
        try:
            credit_applications.submit_application(
                principal, parse_application_request(simulation_inputs(amount=2000 + index)),
                TEST_CONTEXT)
        except Throttled as refused:
            return refused.code
        return "taken"

    with ThreadPoolExecutor(max_workers=IDENTICAL) as pool:
        outcomes = list(pool.map(send, range(IDENTICAL)))

    assert sorted(outcomes) == ["daily_limit_reached"] * 7 + ["taken"] * 3
    assert len(list(ApplicationModel.scan())) == 3
