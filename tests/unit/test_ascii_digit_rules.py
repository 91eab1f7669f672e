"""Every number a request or an import file carries is written in ASCII digits: ``Decimal``,
``int`` and ``str.isdigit`` take any script's digits (``int("²")`` even fails after
``"²".isdigit()`` said yes), so the parsers spell ``[0-9]``."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chalicelib.domain.accounts import accounts
from chalicelib.domain.auth import identity
from chalicelib.domain.imports import csv_fields
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import (
    FieldProblem,
    decimal_value,
    integer_value,
    is_iso_date_text,
    iso_date,
    parse_limit,
    small_natural,
)
from chalicelib.domain.shared.money import parse_amount, parse_percentage, parse_rate

OTHER_DIGITS = ["٥٠٠٠", "５０００", "۵۰۰۰", "५०००", "𝟓𝟎𝟎𝟎"]
"""5000 in Arabic-Indic, fullwidth, Extended Arabic-Indic, Devanagari and mathematical digits:
``Decimal`` and ``int`` read every one of them as 5000."""


@pytest.mark.parametrize("text", OTHER_DIGITS)
def test_amounts_in_other_digits_are_not_numbers(text):
    assert Decimal(text) == 5000  # what made them pass before
    with pytest.raises(FieldProblem):
        decimal_value(text, places=2)
    assert parse_amount(text) is None


def test_ascii_amounts_still_parse():
    assert decimal_value("5000.50", places=2) == Decimal("5000.50")
    assert decimal_value(" 5000 ", places=2) == Decimal("5000")
    assert decimal_value(Decimal("10000.5"), places=2) == Decimal("10000.5")  # a JSON fraction
    assert parse_amount("-50.5", signed=True) == Decimal("-50.50")


@pytest.mark.parametrize("text", ["٠.٥", "0.٥", "０.１３５０"])
def test_rates_and_percentages_in_other_digits_are_refused(text):
    assert parse_rate(text) is None
    assert parse_percentage(text) is None


@pytest.mark.parametrize("text", ["١٢", "１２", "12\u0663"])
def test_whole_numbers_in_other_digits_are_refused(text):
    with pytest.raises(FieldProblem):
        integer_value(text)
    assert small_natural(text) is None


@pytest.mark.parametrize("text", ["²", "¹²", "٥", "８", "-5", "+5", " 5", "1_000", "",
                                  "1" * 10, "1" * 5000])
def test_a_small_natural_is_one_to_nine_ascii_digits(text):
    assert small_natural(text) is None


def test_small_naturals_keep_their_value():
    assert small_natural("20") == 20 and small_natural("007") == 7
    assert small_natural("999999999") == 999_999_999


@pytest.mark.parametrize("limit", ["²", "٥", "８", "1" * 5000])
def test_page_sizes_take_ascii_digits_only_and_never_raise_a_value_error(limit):
    with pytest.raises(InvalidInput) as refused:
        parse_limit(limit)
    assert "limit" in refused.value.fields


@pytest.mark.parametrize("limit", ["²", "٥", "８", "1" * 5000])
def test_the_accounts_page_size_takes_ascii_digits_only(limit):
    with pytest.raises(InvalidInput) as refused:
        accounts.parse_page({"limit": limit})
    assert "limit" in refused.value.fields
    assert accounts.parse_page({"limit": "50"}).limit == 50


@pytest.mark.parametrize("day", ["２０２６-01-01", "2026-01-0١", "20260101", "2026-W01-1"])
def test_dates_are_yyyy_mm_dd_in_ascii_digits(day):
    assert not is_iso_date_text(day)
    with pytest.raises(FieldProblem):
        iso_date(day)
    with pytest.raises(InvalidInput) as refused:
        accounts.parse_movement_query({"from": day})
    assert "from" in refused.value.fields


@pytest.mark.parametrize("dni", ["４００００００１", "٤٠٠٠٠٠٠١", "4000000١", "40000001\n0"])
def test_a_dni_is_eight_ascii_digits(dni):
    assert identity.clean_dni(dni)[0] is None
    problems: csv_fields.Problems = []
    csv_fields.check_dni(dni, problems)
    assert problems


def test_an_import_count_in_other_digits_is_a_row_problem_not_a_crash():
    for text in ("²", "١٢", "1" * 5000):
        problems: csv_fields.Problems = []
        assert csv_fields.check_count(text, "n", problems, low=1, high=600) == ""
        assert problems == [("n", "Debe ser un número entero entre 1 y 600.")]
    assert csv_fields.check_count(" 012 ", "n", [], low=1, high=600) == "12"
