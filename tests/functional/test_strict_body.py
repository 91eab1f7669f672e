"""Strict bodies at the HTTP edge: a body is JSON sent as ``application/json`` and nothing else;
JSON Python would read (or crash on) but the API refuses answers 400 ``malformed_json``; each
refusal writes nothing."""

from __future__ import annotations

import pytest
from chalice.test import Client

from chalicelib.domain.shared.permissions import Role
from chalicelib.services.auth.sessions import SESSION_COOKIE
from tests.functional.credit_builders import Person, a_credit_product, simulation_inputs
from tests.functional.strict_input_builders import TICKET, error_of, nothing_written


@pytest.fixture
def member(app):
    a_credit_product()
    return Person(app, Role.MEMBER)


# --- JSON Python reads but the API refuses ---------------------------------------------------


def test_a_number_of_five_thousand_digits_answers_400_not_500(member):
    digits = "9" * 5000
    body = ('{"product_code": "CONSUMO", "amount": ' + digits + ', "term_months": 12, '
            '"payment_method": "planilla"}')
    answer = member.api.post("/api/credit/applications", raw=body.encode())
    error = error_of(answer, 400, "malformed_json")
    assert "JSON" in error["message"]
    nothing_written()


def test_thirty_thousand_nested_brackets_answer_400_not_500(member):
    answer = member.api.post("/api/tickets", raw=b"[" * 30_000)
    error_of(answer, 400, "malformed_json")
    nothing_written()


@pytest.mark.parametrize("extra", ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"])
def test_nan_infinity_and_floats_beyond_range_are_refused(member, extra):
    answer = member.api.post("/api/tickets", raw=f'{TICKET}, "note": {extra}}}'.encode())
    error_of(answer, 400, "malformed_json")
    nothing_written()


def test_a_repeated_key_is_refused_rather_than_the_last_one_winning(member):
    answer = member.api.post("/api/tickets", raw=f'{TICKET}, "category": "otros"}}'.encode())
    error_of(answer, 400, "malformed_json")
    nothing_written()


def test_nesting_deeper_than_the_api_ever_needs_is_refused(member):
    deep = "[" * 200 + "]" * 200
    answer = member.api.post("/api/tickets", raw=f'{TICKET}, "note": {deep}}}'.encode())
    error_of(answer, 400, "malformed_json")
    nothing_written()


def test_a_long_but_ordinary_json_number_is_still_read(member):
    answer = member.api.post("/api/credit/simulations",
                             simulation_inputs(amount=10000.5, term_months=12))
    assert answer.status == 200, answer.json


# --- the content type ------------------------------------------------------------------------


@pytest.mark.parametrize("content_type", [
    "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x", "application/octet-stream", "text/html",
    "application/json-patch+json", "application/xml",
])
def test_a_json_body_sent_as_another_content_type_answers_415(member, content_type):
    answer = member.api.post("/api/tickets", raw=f"{TICKET}}}".encode(),
                             headers={"Content-Type": content_type})
    error = error_of(answer, 415, "unsupported_media_type")
    assert "application/json" in error["message"]
    nothing_written()


def test_a_body_without_a_content_type_answers_415(app, member):
    client = Client(app)
    response = client.http.request(
        "POST", "/api/tickets", body=f"{TICKET}}}".encode(),
        headers={"X-Requested-With": "fetch", "Cookie": f"{SESSION_COOKIE}={member.api.cookie}"})
    assert response.status_code == 415, response.body
    assert b'"unsupported_media_type"' in response.body
    nothing_written()


def test_json_with_a_charset_parameter_is_accepted(member):
    answer = member.api.post("/api/tickets", raw=f"{TICKET}}}".encode(),
                             headers={"Content-Type": "Application/JSON; charset=UTF-8"})
    assert answer.status == 201, answer.json


def test_a_bodyless_post_needs_no_content_type(app, member):
    client = Client(app)
    response = client.http.request(
        "POST", "/api/auth/logout", body=b"",
        headers={"X-Requested-With": "fetch", "Cookie": f"{SESSION_COOKIE}={member.api.cookie}"})
    assert response.status_code == 204, response.body


def test_a_too_large_body_is_refused_on_a_route_that_never_reads_it(member):
    answer = member.api.post("/api/auth/logout", raw=b" " * (64 * 1024 + 1))
    error_of(answer, 400, "body_too_large")
    assert member.api.get("/api/auth/session").status == 200
