"""Small builders for test data: users, sessions, an API client that behaves like the site."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from chalice.test import Client

from chalicelib.domain.auth.new_sign_in import BROWSER_COOKIE
from chalicelib.domain.shared.clock import iso_instant, utc_now
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.principal import RequestContext
from chalicelib.services.auth import passwords, sessions
from chalicelib.store.auth import registry, secrets, users
from chalicelib.store.shared.models import UserModel

DEFAULT_PASSWORD = "Clave-Segura-2026"
TEST_CONTEXT = RequestContext(ip="127.0.0.1", user_agent="pytest")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    @property
    def error_code(self) -> str | None:
        payload = self.json
        if isinstance(payload, dict) and "error" in payload:
            return str(payload["error"]["code"])
        return None


class ApiClient:
    """Calls the app through chalice.test.Client like the site does: JSON, CSRF header, cookie."""

    def __init__(self, client: Client) -> None:
        self._client = client
        self.cookie: str | None = None
        self.browser: str | None = None
        """The long-lived browser cookie (the new sign-in alert's), kept like a browser does."""

    def request(self, method: str, path: str, body: Any = None, *, csrf: bool = True,
                raw: bytes | None = None, headers: dict[str, str] | None = None) -> Answer:
        sent = {"Content-Type": "application/json", "User-Agent": "pytest"}
        if csrf:
            sent["X-Requested-With"] = "fetch"
        jar = [f"{sessions.SESSION_COOKIE}={self.cookie}" if self.cookie else "",
               f"{BROWSER_COOKIE}={self.browser}" if self.browser else ""]
        if any(jar):
            sent["Cookie"] = "; ".join(cookie for cookie in jar if cookie)
        sent.update(headers or {})
        payload = raw if raw is not None else (json.dumps(body).encode() if body is not None
                                               else b"")
        response = self._client.http.request(method, path, headers=sent, body=payload)
        answer = Answer(response.status_code, dict(response.headers), response.body)
        for header in set_cookies(answer):
            self._remember_cookie(header)
        return answer

    def _remember_cookie(self, header: str) -> None:
        name, _, rest = header.partition("=")
        value = rest.split(";", 1)[0] or None
        if name == sessions.SESSION_COOKIE:
            self.cookie = value
        elif name == BROWSER_COOKIE:
            self.browser = value

    def get(self, path: str, **kwargs: Any) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Answer:
        return self.request("POST", path, body, **kwargs)

    def put(self, path: str, body: Any = None, **kwargs: Any) -> Answer:
        return self.request("PUT", path, body, **kwargs)

    def patch(self, path: str, body: Any = None, **kwargs: Any) -> Answer:
        return self.request("PATCH", path, body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Answer:
        return self.request("DELETE", path, **kwargs)


def set_cookies(answer: Answer) -> list[str]:
    """Every Set-Cookie of an answer (a complete sign-in sets the session's and the browser's)."""
    header: Any = answer.headers.get("Set-Cookie") or answer.headers.get("set-cookie") or []
    return [header] if isinstance(header, str) else list(header)


def session_set_cookie(answer: Answer) -> str:
    """The session cookie's Set-Cookie of an answer ('' when it sets none)."""
    return next((c for c in set_cookies(answer) if c.startswith(f"{sessions.SESSION_COOKIE}=")),
                "")


def a_registry_member(dni: str = "40000001", first_name: str = "María Elena",
                      last_name: str = "Quispe Rojas", birth_date: str = "1980-05-17",
                      status: str = "active", email: str = "",
                      mobile: str = "") -> dict[str, str]:
    record = {"dni": dni, "first_name": first_name, "last_name": last_name,
              "birth_date": birth_date, "status": status, "email": email, "mobile": mobile}
    registry.put_many([record])
    return record


def a_user(role: Role = Role.MEMBER, *, email: str | None = None, dni: str | None = None,
           password: str = DEFAULT_PASSWORD, totp_secret: str | None = None,
           first_name: str = "Ana", last_name: str = "Flores Díaz",
           status: str = "active") -> UserModel:
    """An account stored as registration/staff creation would leave it."""
    user_id = str(uuid.uuid4())
    now = iso_instant(utc_now())
    if role is Role.MEMBER and dni is None:
        dni = str(40000000 + uuid.uuid4().int % 99999).zfill(8)
    user = UserModel(
        user_id=user_id, email=(email or f"{user_id[:8]}@example.pe").lower(), dni=dni,
        role=role.value, first_name=first_name, last_name=last_name,
        sort_name=f"{last_name} {first_name}".lower(), status=status,
        password_hash=passwords.hash_password(password), totp_enabled=bool(totp_secret),
        totp_secret_encrypted=secrets.encrypt_for_user(totp_secret, user_id) if totp_secret
        else None, created_at=now, updated_at=now,
    )
    users.create(user)
    return user


def signed_in(api: ApiClient, user: UserModel, *, remember: bool = False) -> ApiClient:
    """Give ``api`` a live session of ``user`` without going through the login endpoint."""
    started = sessions.start_session(user_id=user.user_id, role=Role(user.role), dni=user.dni,
                                     totp_enabled=bool(user.totp_enabled), remember=remember,
                                     context=TEST_CONTEXT,
                                     security_stamp=users.security_stamp(user))
    api.cookie = started.token
    return api


# --- identity helpers: a frozen clock, TOTP codes, links in the outbox ------------------------


class FrozenClock:
    """Stops the whole process's clock (time-machine, through pytest's ``time_machine``
    fixture) at the start of a TOTP step, one second in, counted from wherever the run's clock
    is (tests/conftest.py may have moved it), so a test controls steps and expiries exactly."""

    def __init__(self, time_machine: Any) -> None:
        from datetime import UTC, datetime

        step = int(datetime.now(UTC).timestamp()) // 30
        self.now = datetime.fromtimestamp(step * 30 + 1, UTC)
        self._time_machine = time_machine
        time_machine.move_to(self.now, tick=False)

    def advance(self, **delta: float) -> None:
        from datetime import timedelta

        self.now += timedelta(**delta)
        self._time_machine.move_to(self.now, tick=False)


def totp_code(secret: str, moment: Any) -> str:
    """The code an authenticator app shows at ``moment`` (a datetime)."""
    import pyotp

    return str(pyotp.TOTP(secret).at(moment))


def mails_to(outbox: Any, address: str) -> list[dict[str, Any]]:
    return [mail for mail in outbox() if mail["to"] == address]


def token_in_link(text: str, path: str) -> str:
    """The ``token`` of the first ``<site>/<path>?token=...`` link in an e-mail's text."""
    import re
    from urllib.parse import unquote

    match = re.search(rf"/{path}\?token=([A-Za-z0-9_%\-]+)", text)
    assert match, f"no /{path} link in: {text}"
    return unquote(match.group(1))
