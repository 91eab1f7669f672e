"""A brute-force burst from one address: failed credential attempts are counted per client
address in a fixed 10-minute window; once ``LOGIN_FAILURES_PER_IP`` are reached both sign-in
steps answer 429 ``throttled`` with ``Retry-After`` until the window ends, even for the right
password, while other addresses sign in as usual.

The client address is ``CloudFront-Viewer-Address``, which the local stack (as CloudFront) writes
from the connection's peer, so each client here connects from its own loopback address.
"""

from __future__ import annotations

from tests.e2e.support import LocalStack
from tests.load.client import LOGIN_FAILURES_PER_IP, Answer, ApiClient

ATTACKER_IP = "127.0.2.66"
NEIGHBOUR_IP = "127.0.2.67"
REAL_MEMBER = ("socio2@demo.coopac.pe", "Socio-Demo-2026")
TARGETED_MEMBER = "socio@demo.coopac.pe"
OPERATOR = ("operador@demo.coopac.pe", "Operador-Demo-2026")
WINDOW_SECONDS = 600
BURST = 2 * LOGIN_FAILURES_PER_IP


def _guess(client: ApiClient, attempt: int) -> Answer:
    """Credential stuffing: most guesses name unknown e-mails, some a real member (whose own
    lockout then answers 423: attempts against a locked account still count)."""
    email = TARGETED_MEMBER if attempt % 4 == 0 else f"quien{attempt}@correo.example.pe"
    return client.call("POST", "/api/auth/login",
                       {"email": email, "password": f"Adivina-{attempt}-2026"})


def _is_throttled(answer: Answer) -> bool:
    retry_after = answer.headers.get("retry-after", "")
    return (answer.status == 429 and answer.code == "throttled" and retry_after.isdigit()
            and 0 < int(retry_after) <= WINDOW_SECONDS)


def test_a_burst_of_wrong_logins_from_one_address_is_throttled_for_that_address_only(
        local_stack: LocalStack) -> None:
    attacker = ApiClient(local_stack.url, viewer_ip=ATTACKER_IP)

    answers = [_guess(attacker, attempt) for attempt in range(BURST)]

    before, after = answers[:LOGIN_FAILURES_PER_IP], answers[LOGIN_FAILURES_PER_IP:]
    assert [a.status for a in before if a.status not in (401, 423)] == [], \
        [(a.status, a.body) for a in before]
    refused = [(a.status, a.code, a.headers.get("retry-after")) for a in after
               if not _is_throttled(a)]
    assert refused == [], f"tras {LOGIN_FAILURES_PER_IP} fallos se esperaba 429 con " \
                          f"Retry-After: {refused}"

    real_member_here = ApiClient(local_stack.url, viewer_ip=ATTACKER_IP)
    assert _is_throttled(real_member_here.call(
        "POST", "/api/auth/login", {"email": REAL_MEMBER[0], "password": REAL_MEMBER[1]})), \
        "la contraseña correcta desde la dirección bloqueada también debe esperar"
    assert "__Host-coopac_session" not in real_member_here.cookies

    neighbour = ApiClient(local_stack.url, viewer_ip=NEIGHBOUR_IP)
    signed_in = neighbour.sign_in(*REAL_MEMBER)
    assert signed_in.status == 200, signed_in.body
    assert neighbour.get("/api/auth/session")["user"]["email"] == REAL_MEMBER[0]


def test_the_second_step_is_throttled_too_for_an_address_over_the_limit(
        local_stack: LocalStack) -> None:
    attacker = ApiClient(local_stack.url, viewer_ip="127.0.2.68")
    for attempt in range(LOGIN_FAILURES_PER_IP):
        assert _guess(attacker, 1 + 4 * attempt).status == 401
    challenge = ApiClient(local_stack.url, viewer_ip=NEIGHBOUR_IP).call(
        "POST", "/api/auth/login", {"email": OPERATOR[0], "password": OPERATOR[1]})
    assert challenge.status == 200 and challenge.body["requires_totp"], challenge.body

    code_from_attacker = attacker.call("POST", "/api/auth/login/totp", {
        "challenge": challenge.body["challenge"], "code": "000000"})

    assert _is_throttled(code_from_attacker), (code_from_attacker.status,
                                               code_from_attacker.body)
