"""The client's address comes from CloudFront's ``CloudFront-Viewer-Address`` (which the client
cannot write), never from X-Forwarded-For (whose leading entries it can), and is stored only when
it is an IP address; IPv6 clients are counted by their /64 (domain.shared.edge,
domain.auth.address_throttle).

The edge path runs as a deployed stage would: CloudFront's secret header, the viewer's address
header, and whatever X-Forwarded-For the client chose to send."""

from __future__ import annotations

import dataclasses

import pytest

from chalicelib.domain.auth import address_throttle
from chalicelib.domain.shared.permissions import Role
from chalicelib.handlers import http
from chalicelib.settings import settings
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import DEFAULT_PASSWORD, FrozenClock, a_user

SECRET = "Zq8Rk2mVt5Lw9Xc3Hb7Nf1Pd6Gs4Jy0A"
WRONG = "Clave-Equivocada-99"
LIMIT = address_throttle.DEFAULT_FAILURES_PER_WINDOW
VIEWER = "203.0.113.7"


@pytest.fixture
def deployed(app, monkeypatch: pytest.MonkeyPatch) -> None:
    as_deployed = dataclasses.replace(settings(), stage="prod", origin_secret=SECRET)
    monkeypatch.setattr(http, "settings", lambda: as_deployed)


def through_cloudfront(viewer: str, forged: str | None = None) -> dict[str, str]:
    """What reaches the API from a viewer: CloudFront's secret and its viewer-address header,
    plus an X-Forwarded-For that starts with whatever the client wrote."""
    headers = {"X-Origin-Verify": SECRET, "CloudFront-Viewer-Address": viewer}
    if forged is not None:
        headers["X-Forwarded-For"] = f"{forged}, 130.176.0.1"
    return headers


def login(api, email, password=DEFAULT_PASSWORD, **headers):
    return api.post("/api/auth/login", {"email": email, "password": password},
                    headers=through_cloudfront(**headers))


def forged_chain(n: int) -> str:
    return f"198.51.100.{n}, 192.0.2.{n}, 10.0.0.{n}"


def test_a_forged_three_entry_forwarded_for_does_not_choose_the_throttle_key(api, deployed,
                                                                            time_machine):
    FrozenClock(time_machine)
    a_user(Role.MEMBER, email="socia@example.pe")
    for n in range(LIMIT):
        answer = login(api, f"nadie{n}@example.pe", WRONG, viewer=f"{VIEWER}:5{n:04d}",
                       forged=forged_chain(n))
        assert answer.status == 401
    refused = login(api, "socia@example.pe", viewer=f"{VIEWER}:40000", forged=forged_chain(99))
    assert refused.status == 429 and refused.error_code == "throttled"
    [record] = AuditModel.by_action.query("auth.throttle")
    assert record.target == f"address:{VIEWER}"
    assert login(api, "socia@example.pe", viewer="203.0.113.8:40000",
                 forged=forged_chain(1)).status == 200


def test_a_forged_forwarded_for_lands_neither_in_audit_nor_in_the_session_list(api, deployed):
    a_user(Role.MEMBER, email="socia@example.pe")
    assert login(api, "socia@example.pe", viewer=f"{VIEWER}:443", forged=forged_chain(5)).status \
        == 200
    sessions = api.get("/api/auth/sessions", headers=through_cloudfront(f"{VIEWER}:443"))
    assert [item["ip"] for item in sessions.json["items"]] == [VIEWER]
    records = list(AuditModel.by_action.query("auth.login"))
    assert records and {record.ip for record in records} == {VIEWER}


@pytest.mark.parametrize("header", ["not-an-ip <b>x</b>", "not-an-ip <b>x</b>:443", ""])
def test_a_viewer_address_that_is_not_an_ip_address_is_never_stored(api, deployed, header):
    a_user(Role.MEMBER, email="socia@example.pe")
    answer = login(api, "socia@example.pe", viewer=header, forged="not-an-ip <b>x</b>")
    assert answer.status == 200
    sessions = api.get("/api/auth/sessions", headers=through_cloudfront(f"{VIEWER}:443"))
    assert [item["ip"] for item in sessions.json["items"]] == ["-"]
    records = list(AuditModel.by_action.query("auth.login"))
    assert records and {record.ip for record in records} == {"-"}


def test_without_a_viewer_address_the_throttle_counts_the_gateways_source_ip(api, deployed,
                                                                             time_machine):
    """Not what CloudFront sends, but if it ever were missing, a client still cannot spread its
    failures over addresses it writes itself."""
    FrozenClock(time_machine)
    a_user(Role.MEMBER, email="socia@example.pe")
    for n in range(LIMIT):
        login(api, f"nadie{n}@example.pe", WRONG, viewer="", forged=forged_chain(n))
    assert login(api, "socia@example.pe", viewer="", forged=forged_chain(77)).status == 429


def test_ipv6_clients_are_counted_by_their_64(api, deployed, time_machine):
    FrozenClock(time_machine)
    a_user(Role.MEMBER, email="socia@example.pe")
    for n in range(LIMIT):
        answer = login(api, f"nadie{n}@example.pe", WRONG, viewer=f"2001:db8:1:2::{n + 1:x}:443")
        assert answer.status == 401
    same_64 = login(api, "socia@example.pe", viewer="2001:db8:1:2:abcd::9:443")
    assert same_64.status == 429
    [record] = AuditModel.by_action.query("auth.throttle")
    assert record.target == "address:2001:db8:1:2::/64"
    assert record.ip == "2001:db8:1:2::14"
    assert login(api, "socia@example.pe", viewer="2001:db8:1:3::1:443").status == 200
