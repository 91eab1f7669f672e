"""The Libro de Reclamaciones' own per-address budgets (domain.auth.address_throttle:
COMPLAINT_FILINGS, COMPLAINT_LOOKUPS), apart from the sign-ins': an office whose members share one
public address files reclamos without throttling its members' sign-ins, and a sign-in attack
from that address never closes the book."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.domain.auth import address_throttle
from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel, SecurityCounterModel
from tests.functional.builders import FrozenClock, a_user
from tests.functional.test_complaints import a_sheet

OFFICE = "190.12.0.1"
WRONG = "Clave-Equivocada-99"
SIGN_IN_LIMIT = address_throttle.DEFAULT_FAILURES_PER_WINDOW
FILING_LIMIT = address_throttle.DEFAULT_COMPLAINT_FILINGS_PER_WINDOW
LOOKUP_LIMIT = address_throttle.DEFAULT_COMPLAINT_LOOKUP_FAILURES_PER_WINDOW


def from_address(address: str) -> dict[str, str]:
    return {"CloudFront-Viewer-Address": f"{address}:50123"}


def file_sheet(api: Any, address: str = OFFICE, index: int = 0) -> Any:
    return api.post("/api/tickets/complaints", a_sheet(document_number=f"4200{index:04d}"),
                    headers=from_address(address))


def look_up(api: Any, code: str, document: str, address: str = OFFICE) -> Any:
    return api.post("/api/tickets/complaints/status",
                    {"code": code, "document_number": document}, headers=from_address(address))


def login(api: Any, email: str, password: str, address: str = OFFICE) -> Any:
    return api.post("/api/auth/login", {"email": email, "password": password},
                    headers=from_address(address))


def test_failed_sign_ins_from_an_address_do_not_close_the_book_to_it(api, time_machine):
    FrozenClock(time_machine)
    for _ in range(SIGN_IN_LIMIT):
        assert login(api, "nadie@example.pe", WRONG).status == 401
    assert login(api, "nadie@example.pe", WRONG).status == 429, "the sign-ins are throttled"
    filed = file_sheet(api)
    assert filed.status == 201, filed.json
    assert look_up(api, filed.json["code"], "42000000").status == 200
    assert look_up(api, "R-2020-000001", "42000000").status == 404


def test_filings_and_failed_lookups_do_not_throttle_sign_ins(api, time_machine):
    FrozenClock(time_machine)
    a_user(Role.MEMBER, email="socia@example.pe")
    for index in range(FILING_LIMIT + 1):
        file_sheet(api, index=index)
    for _ in range(LOOKUP_LIMIT + 1):
        look_up(api, "R-2020-000001", "40112233")
    assert file_sheet(api).status == 429 and look_up(api, "R-2020-000001", "40112233").status == 429
    assert login(api, "socia@example.pe", "Clave-Segura-2026").status == 200
    keys = {item.counter_id for item in SecurityCounterModel.scan()}  # a test may Scan
    assert any(key.startswith(f"complaint_address#filed#{OFFICE}#") for key in keys)
    assert any(key.startswith(f"complaint_address#status#{OFFICE}#") for key in keys)
    assert not any(key.startswith("login_address#") for key in keys)


def test_the_filing_limit_answers_429_in_spanish_until_the_hour_ends(api, time_machine):
    clock = FrozenClock(time_machine)
    statuses = [file_sheet(api, index=index).status for index in range(FILING_LIMIT)]
    assert statuses == [201] * FILING_LIMIT
    refused = file_sheet(api, index=99)
    assert refused.status == 429 and refused.error_code == "throttled"
    assert "hojas de reclamación" in refused.json["error"]["message"]
    assert "oficinas" in refused.json["error"]["message"], "the physical book stays open"
    assert 1 <= int(refused.headers["Retry-After"]) <= 3600
    assert file_sheet(api, address="203.0.113.50").status == 201, "another address files"
    [record] = AuditModel.by_action.query("auth.throttle")
    assert record.target == f"address:{OFFICE}"
    details = json.loads(record.details)
    assert details["after"] == "complaints.filed"
    assert details["budget"] == "complaint_address#filed"
    clock.advance(seconds=int(refused.headers["Retry-After"]))
    assert file_sheet(api, index=98).status == 201


def test_a_failed_status_lookup_counts_against_the_address(api, time_machine):
    FrozenClock(time_machine)
    code = file_sheet(api).json["code"]
    for _ in range(LOOKUP_LIMIT):
        assert look_up(api, code, "40999999").status == 404
    refused = look_up(api, code, "42000000")
    assert refused.status == 429 and refused.error_code == "throttled"
    assert "consultas" in refused.json["error"]["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 600
    assert look_up(api, code, "42000000", address="203.0.113.50").status == 200


def test_a_status_lookup_that_finds_the_sheet_does_not_count(api, time_machine):
    FrozenClock(time_machine)
    code = file_sheet(api).json["code"]
    found = [look_up(api, code, "42000000").status for _ in range(LOOKUP_LIMIT + 5)]
    assert found == [200] * (LOOKUP_LIMIT + 5)
    assert look_up(api, code, "40999999").status == 404, "not 429: nothing was counted"
