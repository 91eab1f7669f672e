"""The load run's accounts, made through the real API before the measured run.

- Members: registry members without an account (README: DNI 40000100–40000199, born 1990-01-01
  plus DNI − 40000100 days) sign up with ``POST /api/registration`` and follow the activation
  link e-mailed to the local outbox.
- Staff: the demo super_admin invites operators and admins (``POST /api/admin/users``); each sets
  a password from the invitation link, signs in and enrols TOTP. The two demo operators join them.

Each simulated user gets its own viewer address, as 60 people behind 60 connections would have.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import unquote

import pyotp

from dev.demo_data import email_on_file
from tests.load.client import STEP_SECONDS, ApiClient

FIRST_FREE_DNI = 40000100
MEMBER_PASSWORD = "Carga-Socio-2026!"
STAFF_PASSWORD = "Carga-Personal-2026!"
SUPER_ADMIN = ("admin@demo.coopac.pe", "Admin-Demo-2026", "WWGP4JEFVVIOFWG6QHNVZS4EKS4F7PT7")
DEMO_OPERATORS = (("operador@demo.coopac.pe", "Operador-Demo-2026",
                   "ETO7JEBQOPA5QAM7WHPWHH56OAJGKWGX"),
                  ("operador2@demo.coopac.pe", "Operador-Demo-2026",
                   "2O6KIRA3TIP4RDYX22YJW73M3RU2V4B6"))
FIRST_NAMES = ("Rosa", "Jorge", "Carmen", "Luis", "Elena", "César", "Patricia", "Víctor",
               "Julia", "Raúl")
LAST_NAMES = ("Huamán Quispe", "Flores Rojas", "Mendoza Vargas", "Chávez Torres",
              "Ramírez Castillo")
_TOKEN = re.compile(r"token=([^\s\"'<&]+)")
MAIL_TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    role: str
    viewer_ip: str
    user_id: str = ""
    totp_secret: str | None = None


def member_ip(index: int) -> str:
    return f"127.1.{index // 250}.{index % 250 + 1}"


def staff_ip(index: int) -> str:
    return f"127.2.{index // 250}.{index % 250 + 1}"


def _name(index: int) -> tuple[str, str]:
    return FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index // len(FIRST_NAMES)
                                                             % len(LAST_NAMES)]


def _tokens_by_recipient(stack_url: str, recipients: set[str], needle: str) -> dict[str, str]:
    """The newest link token e-mailed to each recipient whose mail contains ``needle``; waits
    for the notifier to deliver one to every recipient."""
    reader = ApiClient(stack_url)
    deadline = time.monotonic() + MAIL_TIMEOUT_SECONDS
    while True:
        found: dict[str, str] = {}
        for mail in reader.get("/dev/outbox")["items"]:
            text = f"{mail.get('text') or ''}\n{mail.get('html') or ''}"
            match = _TOKEN.search(text) if needle in text else None
            recipient = next((r for r in recipients if r in str(mail.get("to"))), None)
            if match and recipient:
                found[recipient] = unquote(match.group(1))
        if len(found) == len(recipients):
            return found
        assert time.monotonic() < deadline, \
            f"faltan correos ({needle}) para {sorted(recipients - set(found))[:5]}"
        time.sleep(0.3)


def register_members(stack_url: str, count: int) -> list[Account]:
    """``count`` members sign up and activate their accounts (registration e-mail link)."""
    client = ApiClient(stack_url, viewer_ip="127.0.2.200")
    accounts = []
    for index in range(count):
        dni = FIRST_FREE_DNI + index
        email = email_on_file(dni)  # the activation link goes only to the e-mail on file
        assert email, f"DNI {dni} has no e-mail on file (dev/demo_data.py)"
        # each from the member's own address: every sign-up counts against its address
        own_address = ApiClient(stack_url, viewer_ip=member_ip(index))
        answer = own_address.call("POST", "/api/registration", {
            "dni": str(dni), "birth_date": (date(1990, 1, 1) + timedelta(days=index)).isoformat(),
            "email": email, "password": MEMBER_PASSWORD,
            "password_confirmation": MEMBER_PASSWORD, "accept_terms": True})
        assert answer.status == 202, f"registro de {dni}: {answer.status} {answer.body}"
        accounts.append(Account(email, MEMBER_PASSWORD, "member", member_ip(index)))
    tokens = _tokens_by_recipient(stack_url, {a.email for a in accounts}, "/activar?token=")
    for account in accounts:
        answer = client.call("POST", "/api/registration/activate",
                             {"token": tokens[account.email]})
        assert answer.status == 200, f"activación de {account.email}: {answer.body}"
    return accounts


def _enrol_totp(client: ApiClient, email: str, password: str) -> str:
    """Set up (with the step-up's current password) and confirm TOTP; the confirmation spends
    the *previous* step (one step of drift backwards is accepted), so the user's first sign-in
    in the current step is not a replay."""
    setup = client.call("POST", "/api/auth/totp/setup", {"current_password": password})
    assert setup.status == 200, f"{email}: totp/setup {setup.status} {setup.body}"
    secret = setup.body["secret"]
    totp = pyotp.TOTP(secret)
    for code in (totp.at(time.time() - STEP_SECONDS), totp.now()):
        answer = client.call("POST", "/api/auth/totp/confirm", {"code": code})
        if answer.status == 200:
            return str(secret)
    raise AssertionError(f"{email}: totp/confirm {answer.status} {answer.body}")


def invite_staff(admin: ApiClient, roles: list[str], first_ip: int) -> list[Account]:
    """The signed-in super_admin invites one staff member per role; each sets a password through
    the invitation link and enrols TOTP (staff cannot work without it)."""
    stack_url = admin.base_url
    invited: list[tuple[str, str, str]] = []
    for index, role in enumerate(roles):
        first, last = _name(index + 3)
        email = f"{role}.carga{index:02d}@coopac.example.pe"
        answer = admin.call("POST", "/api/admin/users", {
            "first_name": first, "last_name": last, "email": email, "role": role})
        assert answer.status == 201, f"invitación de {email}: {answer.status} {answer.body}"
        invited.append((email, role, answer.body["id"]))
    tokens = _tokens_by_recipient(stack_url, {email for email, _, _ in invited}, "token=")
    accounts = []
    for offset, (email, role, user_id) in enumerate(invited):
        ip = staff_ip(first_ip + offset)
        client = ApiClient(stack_url, viewer_ip=ip)
        answer = client.call("POST", "/api/auth/password/reset", {
            "reset_token": tokens[email], "password": STAFF_PASSWORD,
            "password_confirmation": STAFF_PASSWORD})
        assert answer.status == 204, f"contraseña de {email}: {answer.status} {answer.body}"
        signed_in = client.sign_in(email, STAFF_PASSWORD)
        assert signed_in.status == 200 and signed_in.body["user"].get("totp_required"), \
            f"{email}: {signed_in.status} {signed_in.body}"
        secret = _enrol_totp(client, email, STAFF_PASSWORD)
        client.call("POST", "/api/auth/logout")
        accounts.append(Account(email, STAFF_PASSWORD, role, ip, user_id, secret))
    return accounts


def demo_operators(admin: ApiClient, first_ip: int) -> list[Account]:
    """The demo cooperative's two operators, with their ids from the admin's user search."""
    accounts = []
    for offset, (email, password, secret) in enumerate(DEMO_OPERATORS):
        found = admin.get(f"/api/admin/users?q={email}")["items"]
        assert len(found) == 1, f"{email}: {found}"
        accounts.append(Account(email, password, "operator", staff_ip(first_ip + offset),
                                found[0]["id"], secret))
    return accounts


def load_accounts(stack_url: str, members: int, operators: int,
                  admins: int) -> dict[str, Any]:
    """What the locust users read: members, staff (operators and admins) with their ids."""
    admin = ApiClient(stack_url, viewer_ip="127.0.2.201")
    signed_in = admin.sign_in(*SUPER_ADMIN)
    assert signed_in.status == 200, f"super_admin: {signed_in.status} {signed_in.body}"
    invited = invite_staff(admin, ["admin"] * admins
                           + ["operator"] * (operators - len(DEMO_OPERATORS)), first_ip=0)
    staff = invited + demo_operators(admin, first_ip=len(invited))
    return {"members": [asdict(a) for a in register_members(stack_url, members)],
            "staff": [asdict(a) for a in staff]}
