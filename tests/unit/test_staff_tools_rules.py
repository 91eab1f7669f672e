"""Staff tools (issue 17): the summary of a member's products a case shows, the invitation and
member e-mail rules, and the e-mail correction's request."""

from __future__ import annotations

from datetime import date

import pytest

from chalicelib.domain.accounts.case_summary import case_products_view
from chalicelib.domain.admin import requests, users
from chalicelib.domain.imports import product_rows
from chalicelib.domain.shared import errors
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.products import ProductDocument
from tests.product_rows import a_contributions_row, a_loan, a_savings_row

TODAY = date(2026, 11, 25)


def docs():
    contributions = product_rows.contributions_document(
        [product_rows.check_contributions_row(a_contributions_row(balance="4850.00"), TODAY)[0]])
    soles = product_rows.savings_document(
        [product_rows.check_savings_row(a_savings_row(balance="3105.97"), TODAY)[0]])
    dollars = product_rows.savings_document([product_rows.check_savings_row(
        a_savings_row(account_number="001100000202", currency="USD", balance="120.50"),
        TODAY)[0]])
    loan = product_rows.loan_document(
        [product_rows.check_loan_row(row, TODAY)[0] for row in a_loan(paid=1)])
    return [contributions, soles, dollars, loan]


def test_the_summary_lists_each_kind_with_the_figures_the_member_sees():
    view = case_products_view(docs(), TODAY)
    assert view["contributions"]["balance"] == "4850.00"
    assert sorted((s["currency"], s["balance"]) for s in view["savings"]) == \
        [("PEN", "3105.97"), ("USD", "120.50")]
    assert view["totals"]["savings_pen"] == "3105.97"
    assert view["totals"]["savings_usd"] == "120.50"
    [loan] = view["loans"]
    assert (loan["installments_paid"], loan["installments_total"]) == (1, 4)
    assert loan["overdue"] is not None  # installments due in Aug–Oct 2026 are unpaid
    assert view["fixed_deposits"] == view["cts"] == []
    assert view["family_benefit"] is None
    assert view["as_of"] is not None


def test_closed_loans_follow_the_active_ones_and_stay_out_of_the_totals():
    active = docs()[3]
    closed = ProductDocument(dni=active.dni, product=active.product, product_id="closed1",
                             data={**active.data, "number": "0219999999999",
                                   "status": "cancelado", "closed_on": "2026-10-31"})
    view = case_products_view([active, closed], TODAY)
    assert [(loan["number"], loan["status"]) for loan in view["loans"]] == \
        [(active.data["number"], "vigente"), ("0219999999999", "cancelado")]
    assert view["loans"][1]["closed_on"] == "2026-10-31"
    assert view["totals"]["loans_balance"] == active.data["balance"]


def test_a_member_without_products_has_an_empty_summary():
    view = case_products_view([], TODAY)
    assert (view["as_of"], view["contributions"], view["savings"], view["loans"]) == \
        (None, None, [], [])
    assert view["totals"]["contributions"] == "0.00"


def test_only_a_pending_invitation_is_resent_or_revoked():
    users.require_invited("invited")
    for status in ("active", "inactive"):
        with pytest.raises(errors.Conflict) as refused:
            users.require_invited(status)
        assert refused.value.code == "not_invited"


@pytest.mark.parametrize(("role", "status", "email", "code"), [
    (Role.OPERATOR, "active", "nuevo@example.pe", "not_a_member"),
    (Role.ADMIN, "active", "nuevo@example.pe", "not_a_member"),
    (None, "active", "nuevo@example.pe", "not_a_member"),
    (Role.MEMBER, "pending_activation", "nuevo@example.pe", "user_not_active"),
    (Role.MEMBER, "inactive", "nuevo@example.pe", "user_not_active"),
    (Role.MEMBER, "active", "actual@example.pe", "same_email"),
])
def test_an_admin_corrects_only_an_active_members_email_to_another_address(
        role, status, email, code):
    with pytest.raises(errors.Conflict) as refused:
        users.check_member_email_correction(role, status, "actual@example.pe", email)
    assert refused.value.code == code


def test_an_active_members_new_address_passes_and_a_taken_one_reads_clearly():
    users.check_member_email_correction(Role.MEMBER, "active", "actual@example.pe",
                                        "nuevo@example.pe")
    taken = users.email_taken()
    assert taken.code == "email_taken" and "otra cuenta" in taken.message


def test_the_correction_takes_one_valid_address_and_nothing_else():
    assert requests.parse_member_email({"email": "  Nuevo@Example.PE "}) == "nuevo@example.pe"
    for body in ({}, {"email": "no-es-correo"}, {"email": 5}):
        with pytest.raises(errors.InvalidInput) as bad:
            requests.parse_member_email(body)
        assert "email" in bad.value.fields
    with pytest.raises(errors.InvalidInput) as smuggled:
        requests.parse_member_email({"email": "a@b.pe", "role": "admin"})
    assert smuggled.value.code == "read_only_field"
