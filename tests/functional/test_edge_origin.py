"""Deployed, the API answers only what came through CloudFront (domain/shared/edge.py): a caller
going
straight to execute-api gets 403 ``direct_access_refused`` before anything is read or counted,
so it can neither sign in nor write its own CloudFront-Viewer-Address past the per-address
throttle.

The functions run here as a deployed stage would (``requires_edge``) with a known secret; the
local stack and the other tests run as the ``test`` stage, which needs no header.
"""

from __future__ import annotations

import dataclasses

import pytest

from chalicelib.domain.auth import address_throttle
from chalicelib.domain.shared.permissions import Role
from chalicelib.handlers import http
from chalicelib.settings import settings
from tests.functional.builders import DEFAULT_PASSWORD, a_user

SECRET = "Zq8Rk2mVt5Lw9Xc3Hb7Nf1Pd6Gs4Jy0A"
THROUGH_CLOUDFRONT = {"X-Origin-Verify": SECRET}


@pytest.fixture
def deployed(app, monkeypatch: pytest.MonkeyPatch) -> None:
    as_deployed = dataclasses.replace(settings(), stage="prod", origin_secret=SECRET)
    monkeypatch.setattr(http, "settings", lambda: as_deployed)


def _login(api, headers, email="socia@example.pe", password=DEFAULT_PASSWORD):
    return api.post("/api/auth/login", {"email": email, "password": password}, headers=headers)


def test_a_direct_call_is_refused_and_signs_no_one_in(api, deployed) -> None:
    a_user(Role.MEMBER, email="socia@example.pe")
    for headers in ({}, {"X-Origin-Verify": "adivinanza"}, {"X-Origin-Verify": SECRET[:-1]},
                    {"X-Origin-Verify": "ñandú"}):
        answer = _login(api, headers)
        assert answer.status == 403, headers
        assert answer.error_code == "direct_access_refused"
        assert "Set-Cookie" not in answer.headers
    assert api.get("/api/auth/session").status == 403


def test_through_cloudfront_the_same_requests_work(api, deployed) -> None:
    a_user(Role.MEMBER, email="socia@example.pe")
    assert _login(api, THROUGH_CLOUDFRONT).status == 200
    assert api.get("/api/auth/session", headers=THROUGH_CLOUDFRONT).status == 200


def test_spoofed_addresses_straight_to_execute_api_cannot_dodge_the_throttle(api, deployed):
    """The throttle's address is CloudFront-Viewer-Address. Straight to execute-api a caller
    could write a new address in every request; those requests now never get that far, and
    through CloudFront the header is CloudFront's own (test_client_address.py)."""
    a_user(Role.MEMBER, email="socia@example.pe")
    for n in range(address_throttle.DEFAULT_FAILURES_PER_WINDOW + 5):
        spoofed = {"CloudFront-Viewer-Address": f"198.51.100.{n}:443",
                   "X-Forwarded-For": f"198.51.100.{n}, 203.0.113.66"}
        assert _login(api, spoofed, password="Clave-Equivocada-99").status == 403
    assert _login(api, THROUGH_CLOUDFRONT).status == 200


def test_a_deployed_function_without_its_secret_refuses_everything(api, app, monkeypatch) -> None:
    misconfigured = dataclasses.replace(settings(), stage="prod", origin_secret="")
    monkeypatch.setattr(http, "settings", lambda: misconfigured)
    a_user(Role.MEMBER, email="socia@example.pe")
    assert _login(api, {"X-Origin-Verify": ""}).status == 403
    assert _login(api, THROUGH_CLOUDFRONT).status == 403
