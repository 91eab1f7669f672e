"""The alerts the daily job e-mails members (issue 18): an installment about to fall due, one
overdue, a fixed deposit about to mature. Pure rules: what the import indexes for each product,
which alert a product's date fires on a given Lima day, the once-mark of each alert and its
Spanish e-mail.

The import writes, on each active loan and fixed deposit, the date the job looks for
(``due_entry``): the loan's first unpaid installment (its due date and amount) and the deposit's
maturity. A loan behind on a payment is therefore indexed by the overdue installment: its member
hears about that one, and about the next once the overdue one is paid and imported.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from chalicelib.domain.accounts.alert_preferences import (
    FIXED_DEPOSIT_MATURING,
    INSTALLMENT_DUE,
    INSTALLMENT_OVERDUE,
)
from chalicelib.domain.shared import product_status, products
from chalicelib.domain.shared.emails import Email, compose
from chalicelib.domain.shared.money import to_cents

ALERTS_JOB = "member_alerts"
"""The constant input ``{"job": ...}`` of the alerts function's daily schedule."""
ALERTS_LIMA_HOUR = 7
ALERTS_CRON = "cron(0 12 * * ? *)"
"""07:00 in Lima (UTC−5 all year, no daylight saving) is 12:00 UTC."""
DEFAULT_INSTALLMENT_DAYS_BEFORE = 3
DEFAULT_FIXED_DEPOSIT_DAYS_BEFORE = 7
OVERDUE_LOOKBACK_DAYS = 30
"""An installment that fell due up to this many days ago and is still unpaid is told once: a
job that missed days, or a file imported late, still reaches the member; older ones are left
to the office (and never read again: the index Query starts here)."""
MARK_PREFIX = "alert#"
"""The once-marks' key prefix in ``counters`` (the only items the job may write there)."""
MARK_KEPT_DAYS = OVERDUE_LOOKBACK_DAYS + 10
"""A mark outlives every run that could read its date again (the TTL removes it later)."""
ALERT_PRODUCTS = (products.LOANS, products.FIXED_DEPOSITS)


@dataclass(frozen=True)
class DueEntry:
    """What the index holds for one product: the date the job looks for and what its e-mail
    says (stored as ``due_on`` and the ``due_alert`` JSON)."""

    due_on: str
    number: str
    currency: str
    amount: str
    installment: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {"number": self.number, "currency": self.currency, "amount": self.amount,
                "n": self.installment}

    @classmethod
    def from_json(cls, due_on: str, data: dict[str, Any]) -> DueEntry:
        n = data.get("n")
        return cls(due_on=due_on, number=str(data.get("number") or ""),
                   currency=str(data.get("currency") or "PEN"),
                   amount=str(data.get("amount") or "0.00"),
                   installment=int(n) if n is not None else None)


@dataclass(frozen=True)
class AlertWindows:
    installment_days_before: int
    fixed_deposit_days_before: int


def due_entry(product: str, data: dict[str, Any]) -> DueEntry | None:
    """The indexed date of an active loan (its first unpaid installment) or fixed deposit (its
    maturity); None for anything else, a closed product or a loan with nothing left to pay."""
    if product not in ALERT_PRODUCTS or not product_status.is_active(product, data):
        return None
    if product == products.FIXED_DEPOSITS:
        if not data.get("matures_on"):
            return None
        return DueEntry(due_on=data["matures_on"], number=str(data.get("certificate") or ""),
                        currency=str(data.get("currency") or "PEN"),
                        amount=str(data.get("principal") or "0.00"))
    unpaid = [row for row in data.get("schedule") or [] if row.get("status") != "paid"]
    if not unpaid:
        return None
    first = min(unpaid, key=lambda row: int(row["n"]))
    return DueEntry(due_on=first["due_date"], number=str(data.get("number") or ""),
                    currency=str(data.get("currency") or "PEN"), amount=str(first["total"]),
                    installment=int(first["n"]))


def query_window(product: str, today: date, windows: AlertWindows) -> tuple[date, date]:
    """The due dates one run reads for a product kind (a Query ``BETWEEN`` on the index)."""
    if product == products.LOANS:
        return (today - timedelta(days=OVERDUE_LOOKBACK_DAYS),
                today + timedelta(days=windows.installment_days_before))
    return today, today + timedelta(days=windows.fixed_deposit_days_before)


def alert_kind(product: str, due_on: date, today: date, windows: AlertWindows) -> str | None:
    """Which alert a product's indexed date fires today: due within the days before (due today
    included), overdue since at most ``OVERDUE_LOOKBACK_DAYS``, maturing within its days."""
    if product == products.LOANS:
        if today <= due_on <= today + timedelta(days=windows.installment_days_before):
            return INSTALLMENT_DUE
        if today - timedelta(days=OVERDUE_LOOKBACK_DAYS) <= due_on < today:
            return INSTALLMENT_OVERDUE
        return None
    if product == products.FIXED_DEPOSITS and \
            today <= due_on <= today + timedelta(days=windows.fixed_deposit_days_before):
        return FIXED_DEPOSIT_MATURING
    return None


def mark_id(kind: str, user_id: str, product_id: str, due_on: str) -> str:
    """One alert's once-mark: the same member, kind, product and date never mail twice."""
    return f"{MARK_PREFIX}{kind}#{user_id}#{product_id}#{due_on}"


def mark_expiry(due_on: date) -> date:
    return due_on + timedelta(days=MARK_KEPT_DAYS)


# --- the e-mails --------------------------------------------------------------------------


def amount_text(amount: str, currency: str) -> str:
    """``S/ 1,234.56`` (``US$ 1,234.56`` for dollars)."""
    symbol = "US$" if currency == "USD" else "S/"
    return f"{symbol} {to_cents(Decimal(amount)):,.2f}"


def day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _in_days(due_on: date, today: date) -> str:
    days = (due_on - today).days
    if days == 0:
        return "hoy"
    return "mañana" if days == 1 else f"en {days} días"


def _footer(site_url: str) -> str:
    return ("Este es un aviso automático. Puedes elegir qué alertas recibes en Configuración: "
            f"{site_url}/configuracion")


def alert_email(kind: str, *, to: str, first_name: str, entry: DueEntry, today: date,
                site_url: str) -> Email:
    """The e-mail of one alert: the product's masked number, the date and, for a loan, the
    installment's amount; a link to the product's screen. Nothing else about the member."""
    site = site_url.rstrip("/")
    due_on = date.fromisoformat(entry.due_on)
    number = products.masked(entry.number)
    greeting = f"Hola, {first_name}:"
    if kind == FIXED_DEPOSIT_MATURING:
        return compose(
            to, f"Tu plazo fijo vence el {day_text(due_on)}", greeting,
            f"Tu depósito a plazo fijo N° {number} vence {_in_days(due_on, today)}, el "
            f"{day_text(due_on)}. Si deseas renovarlo o retirarlo, acércate a la oficina o "
            "escríbenos por el buzón antes de esa fecha.",
            f"Ver tus depósitos: {site}/plazo-fijo", _footer(site))
    installment = f"La cuota {entry.installment} de tu préstamo N° {number}"
    amount = f"Monto de la cuota: {amount_text(entry.amount, entry.currency)}."
    if kind == INSTALLMENT_OVERDUE:
        return compose(
            to, f"Tu cuota venció el {day_text(due_on)}", greeting,
            f"{installment} venció el {day_text(due_on)} y figura como pendiente. {amount}",
            "Si ya la pagaste, no tomes en cuenta este mensaje: el pago se verá en el portal "
            "con la siguiente actualización.",
            f"Ver tu cronograma: {site}/prestamos", _footer(site))
    return compose(
        to, f"Tu cuota vence el {day_text(due_on)}", greeting,
        f"{installment} vence {_in_days(due_on, today)}, el {day_text(due_on)}. {amount}",
        "Si ya la pagaste, no tomes en cuenta este mensaje.",
        f"Ver tu cronograma: {site}/prestamos", _footer(site))
