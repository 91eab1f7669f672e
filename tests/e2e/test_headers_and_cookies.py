"""Security headers and the session cookie as the local stack really sends them (issue 9): the
same values CloudFront sends in production (``chalicelib/web_security.py``)."""

from __future__ import annotations

import json
import re
import urllib.request
from http.client import HTTPResponse

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.support import MEMBER, LocalStack, sign_in

pytestmark = pytest.mark.e2e


def _fetch(stack: LocalStack, path: str, body: dict[str, str] | None = None) -> HTTPResponse:
    request = urllib.request.Request(  # noqa: S310 (local URL)
        f"{stack.url}{path}", data=json.dumps(body).encode() if body else None,
        method="POST" if body else "GET",
        headers={"Content-Type": "application/json", "X-Requested-With": "fetch"})
    try:
        return urllib.request.urlopen(request, timeout=10)  # noqa: S310
    except urllib.error.HTTPError as error:
        return error  # type: ignore[return-value]


def _directives(policy: str) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else ""
            for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.parametrize("path", ["/", "/ahorros", "/api/auth/session", "/api/no-existe"])
def test_every_answer_carries_the_security_headers(local_stack: LocalStack, path: str) -> None:
    with _fetch(local_stack, path) as response:
        headers = response.headers
    csp = _directives(headers["Content-Security-Policy"])
    assert csp["default-src"] == "'self'"
    assert csp["script-src"] == "'self'", "no inline scripts, no eval, no other origin"
    assert "unsafe" not in headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    hsts = headers["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000  # type: ignore[union-attr]
    assert "includeSubDomains" in hsts
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_session_cookie_is_http_only_secure_and_strict(local_stack: LocalStack) -> None:
    email, password = MEMBER
    with _fetch(local_stack, "/api/auth/login", {"email": email, "password": password}) as answer:
        assert answer.status == 200
        cookie = answer.headers["Set-Cookie"]
    name_value, *flags = [part.strip() for part in cookie.split(";")]
    # __Host-: a browser keeps it only if Secure, Path=/ and without Domain, so no subdomain or
    # plain-http page can set or shadow the session cookie.
    assert name_value.startswith("__Host-coopac_session=") and len(name_value) > 40
    assert {"HttpOnly", "Secure", "SameSite=Strict", "Path=/"} <= set(flags)
    assert not any(flag.lower().startswith("domain=") for flag in flags), "host-only cookie"


def test_the_browser_keeps_the_cookie_out_of_reach_of_scripts(page: Page) -> None:
    sign_in(page, *MEMBER)
    expect(page.get_by_role("heading", name=re.compile("Hola|Inicio"))).to_be_visible()
    [cookie] = [c for c in page.context.cookies() if c["name"] == "__Host-coopac_session"]
    assert cookie["httpOnly"] is True
    assert cookie["secure"] is True
    assert cookie["sameSite"] == "Strict"
    assert "coopac_session" not in page.evaluate("document.cookie")


def test_the_local_stack_like_cloudfront_reports_the_connections_own_address(
        local_stack: LocalStack) -> None:
    """A client cannot choose its address by writing CloudFront's header or X-Forwarded-For:
    the local stack replaces the one and the app never reads the other."""
    email, password = MEMBER
    forged = {"Content-Type": "application/json", "X-Requested-With": "fetch",
              "CloudFront-Viewer-Address": "203.0.113.9:443",
              "X-Forwarded-For": "198.51.100.1, 192.0.2.1, 10.0.0.1"}
    login = urllib.request.Request(  # noqa: S310 (local URL)
        f"{local_stack.url}/api/auth/login", method="POST", headers=forged,
        data=json.dumps({"email": email, "password": password}).encode())
    with urllib.request.urlopen(login, timeout=10) as answer:  # noqa: S310
        cookie = answer.headers["Set-Cookie"].split(";", 1)[0]
    listing = urllib.request.Request(  # noqa: S310 (local URL)
        f"{local_stack.url}/api/auth/sessions", headers={**forged, "Cookie": cookie})
    with urllib.request.urlopen(listing, timeout=10) as answer:  # noqa: S310
        sessions = json.loads(answer.read())["items"]
    [current] = [item for item in sessions if item["current"]]
    assert current["ip"] == "127.0.0.1"
