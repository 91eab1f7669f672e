"""Fields and query parameters: amounts, terms and page sizes take ASCII digits only (``"٥٠٠٠"``
is not 5000, ``?limit=²`` is a 400, not a 500) and a forged page cursor is a 400. Each refusal
writes nothing."""

from __future__ import annotations

import base64

import pytest

from chalicelib.domain.shared.permissions import Role
from tests.functional.credit_builders import Person, a_credit_product, simulation_inputs
from tests.functional.strict_input_builders import error_of, nothing_written


@pytest.fixture
def member(app):
    a_credit_product()
    return Person(app, Role.MEMBER)


@pytest.mark.parametrize("amount", ["٥٠٠٠", "５０００", "۵۰۰۰"])
def test_an_amount_in_other_digits_is_refused_and_no_application_is_created(member, amount):
    answer = member.api.post("/api/credit/applications", simulation_inputs(amount=amount))
    error = error_of(answer, 400, "invalid_input")
    assert "amount" in error["fields"]
    nothing_written()


def test_a_term_in_other_digits_is_refused(member):
    answer = member.api.post("/api/credit/simulations", simulation_inputs(term_months="١٢"))
    error = error_of(answer, 400, "invalid_input")
    assert "term_months" in error["fields"]


@pytest.mark.parametrize("path", ["/api/tickets", "/api/credit/applications",
                                  "/api/accounts/movements"])
@pytest.mark.parametrize("limit", ["²", "٥", "８", "1" * 5000])
def test_a_page_size_in_other_digits_or_too_long_answers_400_not_500(member, path, limit):
    error = error_of(member.api.get(f"{path}?limit={limit}"), 400, "invalid_input")
    assert "limit" in error["fields"]


@pytest.mark.parametrize("limit", ["²", "٥", "1" * 5000])
def test_the_staff_user_list_page_size_takes_ascii_digits_only(app, limit):
    admin = Person(app, Role.ADMIN)
    error = error_of(admin.api.get(f"/api/admin/users?limit={limit}"), 400, "invalid_input")
    assert "limit" in error["fields"]


def test_a_cursor_of_deeply_nested_json_answers_400_not_500(member):
    cursor = base64.urlsafe_b64encode(b"[" * 1536).decode().rstrip("=")
    error_of(member.api.get(f"/api/credit/applications?cursor={cursor}"), 400, "invalid_cursor")
