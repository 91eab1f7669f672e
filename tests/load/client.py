"""A small HTTP client of the portal's API for the load suite's setup, checks and burst: one
session cookie, the CSRF header, and a viewer address of its own: the client connects from its
own loopback address (anything in 127.0.0.0/8 reaches the stack on 127.0.0.1), which the local
stack, like CloudFront, passes to the app as ``CloudFront-Viewer-Address``; so the app sees one
client per address, and nothing a client writes in a header chooses it.
"""

from __future__ import annotations

import functools
import http.client
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.cookies import SimpleCookie
from typing import Any

import pyotp

STEP_SECONDS = 30
LOGIN_FAILURES_PER_IP = 20
"""The per-address limit of failed sign-ins the suite starts its stack with (the default)."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def code(self) -> str | None:
        """The error shape's ``error.code``, when the answer is an error."""
        if isinstance(self.body, dict) and isinstance(self.body.get("error"), dict):
            return self.body["error"].get("code")
        return None


class ApiClient:
    def __init__(self, base_url: str, viewer_ip: str | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.viewer_ip = viewer_ip
        self.cookies: dict[str, str] = {}
        self._opener = urllib.request.build_opener(*([FromAddress(viewer_ip)] if viewer_ip
                                                     else []))

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Answer:
        headers = {"Content-Type": "application/json", "X-Requested-With": "fetch"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 (the local stack's URL)
            f"{self.base_url}{path}", data=data, method=method, headers=headers)
        try:
            with self._opener.open(request, timeout=30) as response:
                self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
                return _answer(int(response.status), response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            self._keep_cookies(error.headers.get_all("Set-Cookie") or [])
            return _answer(int(error.code), error.read(), dict(error.headers))

    def _keep_cookies(self, set_cookies: list[str]) -> None:
        for header in set_cookies:
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def get(self, path: str) -> Any:
        """The JSON of a GET that must answer 200."""
        answer = self.call("GET", path)
        assert answer.status == 200, f"GET {path} → {answer.status} {answer.body}"
        return answer.body

    def every_item(self, path: str) -> list[dict[str, Any]]:
        """All pages of a list endpoint (``{items, next_cursor}``)."""
        items: list[dict[str, Any]] = []
        cursor = None
        separator = "&" if "?" in path else "?"
        while True:
            page = self.get(f"{path}{separator}limit=100"
                            + (f"&cursor={urllib.request.quote(cursor)}" if cursor else ""))
            items.extend(page["items"])
            cursor = page["next_cursor"]
            if not cursor:
                return items

    def sign_in(self, email: str, password: str, totp_secret: str | None = None) -> Answer:
        """Password, then (2FA on) the current code; a code is accepted once per user and step,
        so a refused code is retried with the next step's."""
        answer = self.call("POST", "/api/auth/login", {"email": email, "password": password})
        if answer.status != 200 or not answer.body.get("requires_totp"):
            return answer
        assert totp_secret, f"{email} pide un código TOTP"
        challenge = answer.body["challenge"]
        for attempt in range(3):
            if attempt:
                wait_for_next_step()
            answer = self.call("POST", "/api/auth/login/totp",
                               {"challenge": challenge, "code": pyotp.TOTP(totp_secret).now()})
            if answer.status != 401 or answer.code != "invalid_code":
                return answer
        return answer


class FromAddress(urllib.request.HTTPHandler):
    """Connects from ``source`` (a loopback address): the viewer the local stack reports."""

    def __init__(self, source: str) -> None:
        super().__init__()
        self.source = source

    def http_open(self, req: urllib.request.Request) -> Any:
        connection = functools.partial(http.client.HTTPConnection,
                                       source_address=(self.source, 0))
        return self.do_open(connection, req)


def wait_for_next_step() -> None:
    time.sleep(STEP_SECONDS - time.time() % STEP_SECONDS + 0.5)


def _answer(status: int, raw: bytes, headers: dict[str, str]) -> Answer:
    try:
        body = json.loads(raw) if raw else None
    except json.JSONDecodeError:
        body = raw.decode("utf-8", errors="replace")
    return Answer(status, body, {name.lower(): value for name, value in headers.items()})
