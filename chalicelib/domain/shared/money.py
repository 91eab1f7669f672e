"""Money and rates: exact decimals, never floats.

Amounts are ``Decimal`` rounded half-up to cents; the API and the CSV files carry them as plain
strings with a dot and two decimals (``"3105.97"``). Rates are fractions with four decimals
(``"0.1350"`` is 13.50%).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
RATE_PLACES = Decimal("0.0001")

_AMOUNT_TEXT = re.compile(r"-?[0-9]{1,12}(\.[0-9]{1,2})?")
_RATE_TEXT = re.compile(r"[0-9](\.[0-9]{1,4})?")
_PERCENT_TEXT = re.compile(r"[0-9]{1,3}(\.[0-9]{1,2})?")
"""ASCII digits only (``[0-9]``, not ``\\d``): ``Decimal("٥٠٠٠")`` is 5000 too."""


def to_cents(value: Decimal) -> Decimal:
    """Round half-up to cents (the rule for every amount the portal shows)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money(value: Decimal | str) -> str:
    """``Decimal("3105.97")`` → ``"3105.97"``: the API's money format."""
    return f"{to_cents(Decimal(value)):.2f}"


def rate(value: Decimal | str) -> str:
    """A fraction with four decimals: ``Decimal("0.135")`` → ``"0.1350"``."""
    return f"{Decimal(value).quantize(RATE_PLACES, rounding=ROUND_HALF_UP):.4f}"


def parse_amount(text: str, *, signed: bool = False) -> Decimal | None:
    """A plain decimal with a dot and up to two decimals (``"3105.97"``, ``"-50"``), or None.

    No thousands separators, no currency symbols, no exponent: core-system files are exact.
    """
    text = text.strip()
    if not _AMOUNT_TEXT.fullmatch(text) or (text.startswith("-") and not signed):
        return None
    return to_cents(Decimal(text))


def parse_rate(text: str) -> Decimal | None:
    """A fraction below 1 with up to four decimals (``"0.0100"`` is 1%), or None."""
    text = text.strip()
    if not _RATE_TEXT.fullmatch(text):
        return None
    value = Decimal(text)
    return value if value < 1 else None


def parse_percentage(text: str) -> Decimal | None:
    """A percentage from 0 to 100 with up to two decimals, or None."""
    text = text.strip()
    if not _PERCENT_TEXT.fullmatch(text):
        return None
    value = Decimal(text)
    return value if value <= HUNDRED else None


def split_by_percentage(total: Decimal, percentages: Sequence[Decimal]) -> list[Decimal]:
    """Share ``total`` by ``percentages`` (adding to 100) so the shares add up to ``total``.

    Each share is ``total × percentage / 100`` rounded half-up to cents. When those roundings do
    not add up to the total, the shares are floored and the cents left over go, one each, to the
    shares with the largest remainders (earlier beneficiaries first on ties): the largest
    remainder method, which gives the half-up result whenever half-up already adds up.
    """
    if sum(percentages, Decimal(0)) != HUNDRED:
        raise ValueError("percentages must add up to 100")
    exact = [total * percentage / HUNDRED for percentage in percentages]
    rounded = [to_cents(share) for share in exact]
    if sum(rounded, ZERO) == total:
        return rounded
    floors = [share.quantize(CENT, rounding=ROUND_DOWN) for share in exact]
    left_over = int((total - sum(floors, ZERO)) / CENT)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for index in by_remainder[:left_over]:
        floors[index] += CENT
    return floors
