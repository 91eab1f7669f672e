"""Failed sign-ins per client address (domain.auth.address_throttle): a burst from one address gets
429 ``throttled`` with Retry-After, the right password included; other addresses are unaffected."""

from __future__ import annotations

from chalicelib.domain.auth import address_throttle
from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import DEFAULT_PASSWORD, FrozenClock, a_user, totp_code

WRONG = "Clave-Equivocada-99"
LIMIT = address_throttle.DEFAULT_FAILURES_PER_WINDOW
SECRET = "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"


def from_address(address: str) -> dict[str, str]:
    """As the API sees a viewer behind CloudFront: CloudFront's viewer-address header (the
    viewer's IP and source port)."""
    return {"CloudFront-Viewer-Address": f"{address}:50123"}


def login(api, email, password=DEFAULT_PASSWORD, address="203.0.113.7"):
    return api.post("/api/auth/login", {"email": email, "password": password},
                    headers=from_address(address))


def test_a_burst_of_failures_from_one_address_is_throttled_with_retry_after(api, time_machine):
    FrozenClock(time_machine)
    # Many accounts, one address: credential stuffing, which the per-account lockout misses.
    emails = [f"socio{n}@example.pe" for n in range(LIMIT)]
    for email in emails[:3]:
        a_user(Role.MEMBER, email=email)
    answers = [login(api, email, WRONG) for email in emails]
    assert {a.status for a in answers} == {401}
    throttled = login(api, emails[0], WRONG)
    assert throttled.status == 429
    assert throttled.error_code == "throttled"
    assert 1 <= int(throttled.headers["Retry-After"]) <= 600
    right_password = login(api, emails[0])
    assert right_password.status == 429, "a throttled address learns nothing, not even success"
    assert "Set-Cookie" not in right_password.headers


def test_another_address_signs_in_while_one_is_throttled(api, time_machine):
    FrozenClock(time_machine)
    a_user(Role.MEMBER, email="socia@example.pe")
    for _ in range(LIMIT + 2):
        login(api, "nadie@example.pe", WRONG, address="198.51.100.9")
    assert login(api, "socia@example.pe", address="198.51.100.9").status == 429
    assert login(api, "socia@example.pe", address="203.0.113.50").status == 200


def test_the_throttle_ends_with_its_window(api, time_machine):
    clock = FrozenClock(time_machine)
    a_user(Role.MEMBER, email="socia@example.pe")
    for _ in range(LIMIT):
        login(api, "nadie@example.pe", WRONG)
    refused = login(api, "socia@example.pe")
    assert refused.status == 429
    clock.advance(seconds=int(refused.headers["Retry-After"]))
    assert login(api, "socia@example.pe").status == 200


def test_successful_sign_ins_from_a_shared_address_never_throttle(api, time_machine):
    FrozenClock(time_machine)
    for n in range(LIMIT + 5):
        a_user(Role.MEMBER, email=f"oficina{n}@example.pe")
    answers = [login(api, f"oficina{n}@example.pe", address="190.12.0.1")
               for n in range(LIMIT + 5)]
    assert {a.status for a in answers} == {200}


def test_wrong_totp_codes_count_for_the_address(api, time_machine):
    clock = FrozenClock(time_machine)
    a_user(Role.OPERATOR, email="operador@example.pe", totp_secret=SECRET)
    challenge = login(api, "operador@example.pe").json["challenge"]
    for _ in range(LIMIT):
        api.post("/api/auth/login/totp", {"challenge": challenge, "code": "000000"},
                 headers=from_address("203.0.113.7"))
    answer = api.post("/api/auth/login/totp",
                      {"challenge": challenge, "code": totp_code(SECRET, clock.now)},
                      headers=from_address("203.0.113.7"))
    assert answer.status == 429 and answer.error_code == "throttled"


def test_the_start_of_a_throttle_is_audited_once(api, time_machine):
    FrozenClock(time_machine)
    for _ in range(LIMIT + 3):
        login(api, "nadie@example.pe", WRONG, address="198.51.100.9")
    [record] = AuditModel.by_action.query("auth.throttle")
    assert record.target == "address:198.51.100.9"
    assert record.ip == "198.51.100.9"
