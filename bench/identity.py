"""Identity: password hashing cost, login time in-process, and DynamoDB calls per login.

Issue 19 bounds a complete password sign-in to 4 DynamoDB calls and the TOTP step to 5
(``tests/functional/test_sign_in_round_trips.py``); the table below shows them by operation."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.figures import Figures, Request, one_sample, request_of
from bench.support import (
    CallCounter,
    by_operation,
    capacity_units,
    dynamodb_calls,
    moto_stage,
    request_headers,
)

HASH_RUNS = 9
LOGIN_RUNS = 9
PASSWORD = "Clave-Segura-2026"


def _median_ms(action: Callable[[], Any], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


KNOWN_BROWSER = "bench-browser-" + "b" * 40
"""The browser cookie of the everyday sign-in (its first run records it). «login, new browser»
sends none, so each of its runs pays the new sign-in alert: the link's token (one more item of
the sign-in's transaction, no call of its own since issue 19) and the queued job whose e-mail the
notifier writes."""


def _units(calls: Any) -> str:
    """The request's read and write units (a transaction's items cost twice a plain write)."""
    read, write = capacity_units(calls)
    return f"{read:.1f}/{write:.1f}"


def _post(client: Any, path: str, body: dict[str, Any], browser: str | None = None) -> Any:
    from chalicelib.domain.auth.new_sign_in import BROWSER_COOKIE

    headers = request_headers(json_body=True)
    if browser:
        headers["Cookie"] = f"{BROWSER_COOKIE}={browser}"
    response = client.http.request("POST", path, body=json.dumps(body).encode(), headers=headers)
    return response.status_code, json.loads(response.body) if response.body else None


def _hashing() -> None:
    from chalicelib.services.auth import passwords

    stored = passwords.hash_password(PASSWORD)
    hashing = _median_ms(lambda: passwords.hash_password(PASSWORD), HASH_RUNS)
    verifying = _median_ms(lambda: passwords.verify_password(stored, PASSWORD), HASH_RUNS)
    print(f"argon2id hash (m=19456 KiB, t=2, p=1): {hashing:.1f} ms; verify: {verifying:.1f} ms"
          f" (median of {HASH_RUNS})")


def _a_member(email: str, totp_secret: str | None) -> None:
    import uuid

    from chalicelib.domain.shared.clock import iso_instant, utc_now
    from chalicelib.services.auth import passwords
    from chalicelib.store.auth import secrets, users
    from chalicelib.store.shared.models import UserModel

    user_id, now = str(uuid.uuid4()), iso_instant(utc_now())
    users.create(UserModel(
        user_id=user_id, email=email, dni=str(40000000 + uuid.uuid4().int % 99999), role="member",
        first_name="Socia", last_name="Bench", sort_name="bench socia", status="active",
        password_hash=passwords.hash_password(PASSWORD), totp_enabled=bool(totp_secret),
        totp_secret_encrypted=secrets.encrypt_for_user(totp_secret, user_id) if totp_secret
        else None, created_at=now, updated_at=now))


def _logins(client: Any, counter: CallCounter) -> Figures:
    import pyotp

    secret = pyotp.random_base32()
    _a_member("sin2fa@bench.pe", None)
    _a_member("con2fa@bench.pe", secret)
    cases: list[tuple[str, Callable[[], Any]]] = [
        ("login, right password (no 2FA)",
         lambda: _post(client, "/api/auth/login", {"email": "sin2fa@bench.pe",
                                                   "password": PASSWORD, "remember": False},
                       KNOWN_BROWSER)),
        ("login, new browser (no 2FA)",
         lambda: _post(client, "/api/auth/login", {"email": "sin2fa@bench.pe",
                                                   "password": PASSWORD, "remember": False})),
        ("login, wrong password",
         lambda: _post(client, "/api/auth/login", {"email": "sin2fa@bench.pe",
                                                   "password": "otra-clave-9", "remember": False})),
        ("login, unknown e-mail",
         lambda: _post(client, "/api/auth/login", {"email": "nadie@bench.pe",
                                                   "password": PASSWORD, "remember": False})),
        ("login step 1 (2FA on)",
         lambda: _post(client, "/api/auth/login", {"email": "con2fa@bench.pe",
                                                   "password": PASSWORD, "remember": False})),
    ]
    print(f"{'request':<34}{'DynamoDB':>9}  {'by operation':<58}{'median ms':>10}"
          f"{'RRU/WRU':>12}")
    figures = Figures()
    for name, action in cases:
        samples, counts = [], []
        # four wrong passwords stay under the lockout threshold of five (an unknown e-mail
        # has a window of its own too; _locked measures both once locked)
        for _ in range(4 if "wrong" in name or "unknown" in name else LOGIN_RUNS):
            with counter.counting() as counted:
                started = time.perf_counter()
                action()
                samples.append(time.perf_counter() - started)
            counts.append(counted.copy())
        calls = counts[-1]
        print(f"{name:<34}{dynamodb_calls(calls):>9}  {by_operation(calls):<58}"
              f"{statistics.median(samples) * 1000:>10.1f}{_units(calls):>12}")
        figures.add(request_of("auth", name, samples, counts))
    figures.add(_totp_step(client, counter, secret))
    for request in _locked(client, counter):
        figures.add(request)
    for request in _forgot(client, counter):
        figures.add(request)
    return figures


FORGOT_RUNS = 15


def _forgot(client: Any, counter: CallCounter) -> list[Request]:
    """``/password/forgot`` for an existing account and for an unknown e-mail, interleaved, each
    from its own address (every request counts against its address's throttle): the request
    only checks the address and queues the typed e-mail, so both should cost the same."""
    cases = {"forgot, existing account": "sin2fa@bench.pe",
             "forgot, unknown e-mail": "nadie@bench.pe"}
    samples: dict[str, list[float]] = {name: [] for name in cases}
    counts: dict[str, list[Any]] = {name: [] for name in cases}
    for run in range(FORGOT_RUNS):
        for name, email in cases.items():
            headers = request_headers(json_body=True) | {
                "CloudFront-Viewer-Address": f"198.51.{run}.{len(samples[name]) + 1}:443"}
            with counter.counting() as counted:
                started = time.perf_counter()
                client.http.request("POST", "/api/auth/password/forgot",
                                    body=json.dumps({"email": email}).encode(), headers=headers)
                samples[name].append(time.perf_counter() - started)
            counts[name].append(counted.copy())
    medians = {name: statistics.median(found) * 1000 for name, found in samples.items()}
    for name in cases:
        calls = counts[name][-1]
        print(f"{name:<34}{dynamodb_calls(calls):>9}  {by_operation(calls):<58}"
              f"{medians[name]:>10.1f}{_units(calls):>12}")
    existing, unknown = medians.values()
    print(f"forgot: existing − unknown = {existing - unknown:+.1f} ms (median of {FORGOT_RUNS} "
          "each, interleaved; the account lookup and the mail run in the notifier)")
    return [request_of("auth", name, samples[name], counts[name]) for name in cases]


def _from_address(client: Any, number: int, body: dict[str, Any]) -> Any:
    headers = request_headers(json_body=True) | {
        "CloudFront-Viewer-Address": f"203.0.113.{number}:443"}
    return client.http.request("POST", "/api/auth/login", body=json.dumps(body).encode(),
                               headers=headers)


def _locked(client: Any, counter: CallCounter) -> list[Request]:
    """A locked account (its right password) and an unknown e-mail whose own window is locked
    too, interleaved, each attempt from its own address (the throttle stays out of it): both
    are refused with the same 401 after the same argon2 work and DynamoDB calls."""
    _a_member("bloqueada@bench.pe", None)
    cases = {"login, locked account": "bloqueada@bench.pe",
             "login, unknown e-mail (locked too)": "nadie-bloqueada@bench.pe"}
    for number, email in enumerate(list(cases.values()) * 5, start=1):
        _from_address(client, number, {"email": email, "password": "otra-clave-9"})
    samples: dict[str, list[float]] = {name: [] for name in cases}
    counts: dict[str, list[Any]] = {name: [] for name in cases}
    for run in range(LOGIN_RUNS):
        for offset, (name, email) in enumerate(cases.items()):
            with counter.counting() as counted:
                started = time.perf_counter()
                _from_address(client, 100 + 2 * run + offset, {"email": email,
                                                                "password": PASSWORD})
                samples[name].append(time.perf_counter() - started)
            counts[name].append(counted.copy())
    for name in cases:
        calls = counts[name][-1]
        print(f"{name:<34}{dynamodb_calls(calls):>9}  {by_operation(calls):<58}"
              f"{statistics.median(samples[name]) * 1000:>10.1f}{_units(calls):>12}")
    return [request_of("auth", name, samples[name], counts[name]) for name in cases]


def _totp_step(client: Any, counter: CallCounter, secret: str) -> Request:
    import pyotp

    _, body = _post(client, "/api/auth/login", {"email": "con2fa@bench.pe", "password": PASSWORD,
                                                "remember": False})
    with counter.counting() as counted:
        started = time.perf_counter()
        status, _ = _post(client, "/api/auth/login/totp", {"challenge": body["challenge"],
                                                           "code": pyotp.TOTP(secret).now()},
                          KNOWN_BROWSER)
        elapsed = time.perf_counter() - started
    print(f"{'login step 2 (TOTP code) → ' + str(status):<34}{dynamodb_calls(counted):>9}  "
          f"{by_operation(counted):<58}{elapsed * 1000:>10.1f}{_units(counted):>12}")
    return one_sample("auth", "login step 2 (TOTP code)", elapsed, counted)


def run() -> Figures:
    _hashing()
    from chalice.test import Client

    counter = CallCounter()
    with moto_stage(counter) as app, Client(app) as client:
        return _logins(client, counter)
