"""Guesses sent at the same moment: the lockout's fifth failure is never passed.

Each attempt reserves its place in the account's window with one conditional write before its
password is looked at, so twenty simultaneous guesses get at most five password verifications,
and an attempt that finds the window full is refused without verifying anything (it answers the
wrong password's 401 after the same argon2 work on a throwaway hash, so the answer never tells a
locked account from an unknown e-mail).

The threads call the sign-in service itself, each from its own address (a botnet, which the
per-address throttle does not stop). moto's in-process DynamoDB does not serialize one request
against another (its conditional writes check and then write in Python), so the fixture below
makes moto process one request at a time, as DynamoDB applies each write atomically; the
threads still interleave freely between requests, and the slow password hashing runs in
parallel, which is where a read-then-count lockout lets every guess through.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from chalicelib.domain.auth.requests import parse_login_request, parse_totp_login_request
from chalicelib.domain.shared.errors import AccountLocked, NotAuthenticated
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.auth import login, passwords, totp
from chalicelib.store.auth import login_failures
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import DEFAULT_PASSWORD, a_user, mails_to

WRONG = "Clave-Equivocada-99"
GUESSERS = 20
EMAIL = "socia@example.pe"
SECRET = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"


class CountedVerifier:
    """Wraps the password verifier: counts the passwords it is asked to check and can hold the
    first five wrong ones in flight until the test lets them go."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, hold_wrong: bool = False) -> None:
        self.checked: list[str] = []
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._hold_wrong = hold_wrong
        self._verify: Callable[[str, str], bool] = passwords.verify_password
        monkeypatch.setattr(passwords, "verify_password", self)

    def __call__(self, password_hash: str, password: str) -> bool:
        if password_hash in passwords._DUMMY_HASH:  # the equal-time work checks no account
            return self._verify(password_hash, password)
        with self._lock:
            self.checked.append(password)
            held = self._hold_wrong and password == WRONG and len(self.checked) <= 5
        if held:
            assert self.release.wait(timeout=20), "the test never let the guesses go"
        return self._verify(password_hash, password)

    def wait_for(self, count: int) -> None:
        for _ in range(2000):
            with self._lock:
                if len(self.checked) >= count:
                    return
            threading.Event().wait(0.005)
        raise AssertionError(f"only {len(self.checked)} passwords reached the verifier")


def sign_in(password: str, address: str) -> int:
    """The HTTP status the sign-in would answer."""
    try:
        login.sign_in(parse_login_request({"email": EMAIL, "password": password}),
                      RequestContext(ip=address, user_agent="pytest"))
    except AccountLocked:
        return 423
    except NotAuthenticated:
        return 401
    return 200


def test_twenty_simultaneous_wrong_passwords_get_five_verifications_and_one_lock(
        atomic_requests, outbox, monkeypatch):
    member = a_user(Role.MEMBER, email=EMAIL)
    verifier = CountedVerifier(monkeypatch)
    start = threading.Barrier(GUESSERS)

    def guess(index: int) -> int:
        start.wait()  # all twenty are sent in the same instant
        return sign_in(WRONG, f"203.0.113.{index + 1}")

    with ThreadPoolExecutor(max_workers=GUESSERS) as pool:
        statuses = list(pool.map(guess, range(GUESSERS)))

    assert len(verifier.checked) == 5, "the fifth failure is never passed"
    assert statuses == [401] * GUESSERS, "a locked account answers as a wrong password"
    assert login_failures.get(member.user_id).value == 5
    assert login_failures.get(member.user_id).locked_until
    [mail] = mails_to(outbox, EMAIL)
    assert "bloqueada" in mail["subject"]
    actions = [r.action for r in AuditModel.by_actor.query(member.user_id)]
    assert actions.count("auth.lockout") == 1
    assert actions.count("auth.login") == GUESSERS
    assert sign_in(DEFAULT_PASSWORD, "198.51.100.1") == 401
    assert len(verifier.checked) == 5


def test_the_right_password_behind_five_guesses_in_flight_is_refused_unverified(
        atomic_requests, outbox, monkeypatch):
    a_user(Role.MEMBER, email=EMAIL)
    verifier = CountedVerifier(monkeypatch, hold_wrong=True)
    with ThreadPoolExecutor(max_workers=5) as pool:
        guesses = [pool.submit(sign_in, WRONG, f"203.0.113.{n}") for n in range(1, 6)]
        verifier.wait_for(5)  # five guesses are being checked, none has failed yet
        sixth = sign_in(DEFAULT_PASSWORD, "198.51.100.1")
        verifier.release.set()
        statuses = sorted(g.result() for g in guesses)

    assert sixth == 401, "a sixth attempt is refused even with the right password"
    assert verifier.checked == [WRONG] * 5
    assert statuses == [401] * 5
    assert len(mails_to(outbox, EMAIL)) == 1


def test_a_guess_refused_while_the_window_is_full_is_audited_without_a_verification(
        atomic_requests, monkeypatch):
    member = a_user(Role.MEMBER, email=EMAIL)
    verifier = CountedVerifier(monkeypatch, hold_wrong=True)
    with ThreadPoolExecutor(max_workers=5) as pool:
        guesses = [pool.submit(sign_in, WRONG, f"203.0.113.{n}") for n in range(1, 6)]
        verifier.wait_for(5)
        refused = sign_in(WRONG, "198.51.100.1")
        verifier.release.set()
        for guess in guesses:
            guess.result()

    assert refused == 401
    assert len(verifier.checked) == 5
    reasons = [r.details for r in AuditModel.by_actor.query(member.user_id)
               if r.action == "auth.login" and "wrong_password" not in (r.details or "")]
    assert len(reasons) == 1 and "locked" in reasons[0]


def test_twenty_simultaneous_wrong_totp_codes_get_five_checks_and_one_lock(
        atomic_requests, outbox, monkeypatch):
    member = a_user(Role.MEMBER, email=EMAIL, totp_secret=SECRET)
    challenge = login.sign_in(
        parse_login_request({"email": EMAIL, "password": DEFAULT_PASSWORD}),
        RequestContext(ip="198.51.100.1", user_agent="pytest")).body["challenge"]
    checked: list[str] = []
    use_code = totp.use_code

    def counted(user: Any, code: Any) -> bool:
        checked.append(code)
        return use_code(user, code)

    monkeypatch.setattr(totp, "use_code", counted)
    start = threading.Barrier(GUESSERS)

    def guess(index: int) -> int:
        start.wait()
        try:
            code = f"{index:06d}"
            login.sign_in_with_code(
                parse_totp_login_request({"challenge": challenge, "code": code}),
                RequestContext(ip=f"203.0.113.{index + 1}", user_agent="pytest"))
        except AccountLocked:
            return 423
        except NotAuthenticated:
            return 401
        return 200

    with ThreadPoolExecutor(max_workers=GUESSERS) as pool:
        statuses = list(pool.map(guess, range(GUESSERS)))

    assert len(checked) == 5
    assert sorted(statuses) == [401] * 4 + [423] * (GUESSERS - 4)
    assert login_failures.get(member.user_id).value == 5
    assert len(mails_to(outbox, EMAIL)) == 1


def test_the_right_password_gives_its_place_back_so_it_never_fills_the_window(api):
    a_user(Role.MEMBER, email=EMAIL, totp_secret=SECRET)
    for _ in range(4):
        api.post("/api/auth/login", {"email": EMAIL, "password": WRONG})
    answers = [api.post("/api/auth/login", {"email": EMAIL, "password": DEFAULT_PASSWORD})
               for _ in range(3)]
    assert [a.status for a in answers] == [200, 200, 200]
    assert all(a.json["requires_totp"] for a in answers)
    assert api.post("/api/auth/login", {"email": EMAIL, "password": WRONG}).status == 401
    assert api.post("/api/auth/login", {"email": EMAIL, "password": DEFAULT_PASSWORD}
                    ).status == 401, "the fifth failure locked it"
