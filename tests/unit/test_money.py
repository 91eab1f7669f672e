from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.domain.shared.money import (
    money,
    parse_amount,
    parse_percentage,
    parse_rate,
    rate,
    split_by_percentage,
    to_cents,
)


def test_amounts_round_half_up_to_cents():
    assert to_cents(Decimal("2.005")) == Decimal("2.01")
    assert to_cents(Decimal("2.0049")) == Decimal("2.00")
    assert to_cents(Decimal("-2.005")) == Decimal("-2.01")
    assert money(Decimal("3105.9700")) == "3105.97"
    assert money("6000") == "6000.00"


def test_rates_are_fractions_with_four_decimals():
    assert rate(Decimal("0.135")) == "0.1350"
    assert rate("0.01") == "0.0100"


def test_core_system_amounts_are_plain_decimals_with_a_dot():
    assert parse_amount("3105.97") == Decimal("3105.97")
    assert parse_amount(" 15000 ") == Decimal("15000.00")
    for bad in ("3,105.97", "3105,97", "S/ 3105.97", "1e3", "3105.971", "", "-5", "nan"):
        assert parse_amount(bad) is None, bad
    assert parse_amount("-50.5", signed=True) == Decimal("-50.50")


def test_rates_and_percentages_have_their_ranges():
    assert parse_rate("0.1350") == Decimal("0.1350")
    assert parse_rate("1.0000") is None and parse_rate("13.5") is None
    assert parse_rate("0.13505") is None
    assert parse_percentage("100") == Decimal(100)
    assert parse_percentage("33.33") == Decimal("33.33")
    assert parse_percentage("100.01") is None and parse_percentage("-1") is None


def test_the_manuals_holder_death_amount_goes_whole_to_the_only_beneficiary():
    shares = split_by_percentage(Decimal("6000.00"), [Decimal(100), Decimal(0), Decimal(0)])
    assert shares == [Decimal("6000.00"), Decimal("0.00"), Decimal("0.00")]


def test_a_three_way_split_adds_up_to_the_total():
    shares = split_by_percentage(Decimal("100.00"), [Decimal("33.33"), Decimal("33.33"),
                                                     Decimal("33.34")])
    assert shares == [Decimal("33.33"), Decimal("33.33"), Decimal("33.34")]
    thirds = split_by_percentage(Decimal("0.10"), [Decimal("33.33"), Decimal("33.33"),
                                                   Decimal("33.34")])
    assert sum(thirds) == Decimal("0.10")


def test_when_half_up_overshoots_the_largest_remainder_takes_the_cent():
    # 0.01 in halves: half-up would give 0.01 + 0.01 = 0.02
    assert split_by_percentage(Decimal("0.01"), [Decimal(50), Decimal(50)]) == [
        Decimal("0.01"), Decimal("0.00")]
    # 0.03 in halves: 0.015 each, half-up 0.02 + 0.02; the first beneficiary keeps the cent
    assert split_by_percentage(Decimal("0.03"), [Decimal(50), Decimal(50)]) == [
        Decimal("0.02"), Decimal("0.01")]


def test_percentages_not_adding_to_100_are_refused():
    with pytest.raises(ValueError):
        split_by_percentage(Decimal("6000.00"), [Decimal(60), Decimal(30)])


@st.composite
def percentages(draw: st.DrawFn) -> list[Decimal]:
    """Between 1 and 6 percentages with two decimals adding to exactly 100."""
    count = draw(st.integers(min_value=1, max_value=6))
    cuts = sorted(draw(st.lists(st.integers(min_value=0, max_value=10000), min_size=count - 1,
                                max_size=count - 1)))
    bounds = [0, *cuts, 10000]
    return [Decimal(high - low) / 100 for low, high in pairwise(bounds)]


amounts = st.integers(min_value=0, max_value=10**9).map(lambda cents: Decimal(cents) / 100)


@given(total=amounts, shares=percentages())
def test_shares_always_add_up_to_the_total(total, shares):
    result = split_by_percentage(total, shares)
    assert sum(result, Decimal("0.00")) == total
    assert all(value == value.quantize(Decimal("0.01")) for value in result)


@given(total=amounts, shares=percentages())
def test_each_share_is_within_a_cent_of_its_exact_value(total, shares):
    for value, percentage in zip(split_by_percentage(total, shares), shares, strict=True):
        assert abs(value - total * percentage / 100) < Decimal("0.01")


@given(total=amounts, shares=percentages())
def test_when_half_up_adds_up_the_shares_are_half_up(total, shares):
    half_up = [to_cents(total * percentage / 100) for percentage in shares]
    if sum(half_up, Decimal("0.00")) == total:
        assert split_by_percentage(total, shares) == half_up
