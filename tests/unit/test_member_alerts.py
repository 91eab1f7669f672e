"""The members' alerts (issue 18): what the import indexes, which alert a date fires on which Lima
day, the once-mark's key and the e-mails' wording. Pure rules, no AWS."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from chalicelib.domain.accounts import member_alerts as rules
from chalicelib.domain.accounts.alert_preferences import (
    FIXED_DEPOSIT_MATURING,
    INSTALLMENT_DUE,
    INSTALLMENT_OVERDUE,
)

WINDOWS = rules.AlertWindows(installment_days_before=3, fixed_deposit_days_before=7)
TODAY = date(2026, 12, 1)


def _loan(*statuses: str, loan_status: str = "vigente") -> dict:
    return {"number": "0210000000002", "currency": "PEN", "status": loan_status,
            "schedule": [{"n": n, "due_date": f"2026-{9 + n:02d}-04", "total": "1234.5",
                          "status": status} for n, status in enumerate(statuses, start=1)]}


def test_a_loan_is_indexed_by_its_first_unpaid_installment():
    entry = rules.due_entry("loans", _loan("paid", "pending", "pending"))
    assert entry == rules.DueEntry(due_on="2026-11-04", number="0210000000002", currency="PEN",
                                   amount="1234.5", installment=2)


@pytest.mark.parametrize("data", [_loan("paid", "paid"), _loan("pending", loan_status="cancelado")])
def test_a_paid_off_or_closed_loan_is_not_indexed(data):
    assert rules.due_entry("loans", data) is None


def test_a_fixed_deposit_is_indexed_by_its_maturity_while_active():
    active = {"certificate": "12345678", "currency": "USD", "principal": "500.00",
              "matures_on": "2026-12-08", "status": "active"}
    assert rules.due_entry("fixed_deposits", active).due_on == "2026-12-08"
    assert rules.due_entry("fixed_deposits", {**active, "status": "matured"}) is None
    assert rules.due_entry("savings", {"status": "activo"}) is None


@pytest.mark.parametrize(("due_on", "kind"), [
    (date(2026, 12, 5), None),  # four days ahead: not yet
    (date(2026, 12, 4), INSTALLMENT_DUE),  # three days ahead
    (date(2026, 12, 1), INSTALLMENT_DUE),  # today (a missed run catches up)
    (date(2026, 11, 30), INSTALLMENT_OVERDUE),  # yesterday
    (date(2026, 11, 1), INSTALLMENT_OVERDUE),  # 30 days ago
    (date(2026, 10, 31), None),  # older: left to the office
])
def test_which_installment_alert_a_due_date_fires(due_on, kind):
    assert rules.alert_kind("loans", due_on, TODAY, WINDOWS) == kind


@pytest.mark.parametrize(("matures_on", "kind"), [
    (date(2026, 12, 9), None), (date(2026, 12, 8), FIXED_DEPOSIT_MATURING),
    (date(2026, 12, 1), FIXED_DEPOSIT_MATURING), (date(2026, 11, 30), None)])
def test_which_fixed_deposits_alert_on_a_day(matures_on, kind):
    assert rules.alert_kind("fixed_deposits", matures_on, TODAY, WINDOWS) == kind


def test_the_query_windows_cover_exactly_the_dates_that_fire():
    assert rules.query_window("loans", TODAY, WINDOWS) == (date(2026, 11, 1), date(2026, 12, 4))
    assert rules.query_window("fixed_deposits", TODAY, WINDOWS) == (TODAY, date(2026, 12, 8))


def test_the_once_mark_names_member_kind_product_and_date():
    mark = rules.mark_id(INSTALLMENT_DUE, "u-1", "p-9", "2026-12-04")
    assert mark == "alert#installment_due#u-1#p-9#2026-12-04"
    assert mark != rules.mark_id(INSTALLMENT_OVERDUE, "u-1", "p-9", "2026-12-04")
    assert mark != rules.mark_id(INSTALLMENT_DUE, "u-1", "p-9", "2027-01-04")
    last_read = date(2026, 12, 4) + timedelta(days=rules.OVERDUE_LOOKBACK_DAYS)
    assert rules.mark_expiry(date(2026, 12, 4)) > last_read


def _mail(kind: str, entry: rules.DueEntry):
    return rules.alert_email(kind, to="socia@example.pe", first_name="Ana", entry=entry,
                             today=TODAY, site_url="https://portal.example.pe/")


def test_the_installment_e_mail_says_amount_date_and_masked_number_in_spanish():
    entry = rules.DueEntry("2026-12-04", "0210000000002", "PEN", "1234.5", 15)
    mail = _mail(INSTALLMENT_DUE, entry)
    assert mail.subject == "Tu cuota vence el 04/12/2026"
    assert "La cuota 15 de tu préstamo N° XXXXXXXXX0002 vence en 3 días, el 04/12/2026." \
        in mail.text
    assert "Monto de la cuota: S/ 1,234.50." in mail.text
    assert "https://portal.example.pe/prestamos" in mail.text
    assert "0210000000002" not in mail.text
    overdue = _mail(INSTALLMENT_OVERDUE, rules.DueEntry("2026-11-30", "0210000000002", "USD",
                                                        "80", 3))
    assert overdue.subject == "Tu cuota venció el 30/11/2026"
    assert "US$ 80.00" in overdue.text and "figura como pendiente" in overdue.text


def test_the_fixed_deposit_e_mail_names_no_amount():
    mail = _mail(FIXED_DEPOSIT_MATURING,
                 rules.DueEntry("2026-12-08", "12345678", "PEN", "10000.00"))
    assert mail.subject == "Tu plazo fijo vence el 08/12/2026"
    assert "N° XXXX5678 vence en 7 días, el 08/12/2026" in mail.text
    assert "S/" not in mail.text and "https://portal.example.pe/plazo-fijo" in mail.text
    assert "https://portal.example.pe/configuracion" in mail.text
