"""The member's money as the portal shows it (docs/design/API.md ``accounts``): pure functions from
the stored product and movement documents to the views' answers.

Money is ``Decimal`` inside and text with two decimals outside; totals are sums of the same
figures the product views show, so the dashboard always agrees with them.
"""

from __future__ import annotations

import calendar
import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chalicelib.domain.shared import errors, product_status, products
from chalicelib.domain.shared.input_fields import (
    DEFAULT_PAGE,
    MAX_PAGE,
    is_iso_date_text,
    small_natural,
)
from chalicelib.domain.shared.money import ZERO, money, split_by_percentage
from chalicelib.domain.shared.products import MovementDocument, ProductDocument

EVOLUTION_MONTHS = 12
HISTORY_MONTHS = 24
RECENT_MOVEMENTS = 10
CURRENCIES = ("PEN", "USD")
CURRENCY_SYMBOLS = {"PEN": "S/", "USD": "US$"}


def _amount(value: str | None) -> Decimal:
    return Decimal(value) if value else ZERO


def _totals(pairs: Iterable[tuple[str, Decimal]]) -> dict[str, str]:
    """``{"PEN": "...", "USD": "..."}`` from (currency, amount) pairs."""
    sums = dict.fromkeys(CURRENCIES, ZERO)
    for currency, amount in pairs:
        sums[currency] = sums.get(currency, ZERO) + amount
    return {currency: money(amount) for currency, amount in sums.items()}


# --- lifecycle (docs/imports.md, "Product status") ------------------------------------------


def active_and_closed(docs: Iterable[ProductDocument]) \
        -> tuple[list[ProductDocument], list[ProductDocument]]:
    """The products the «Activos» screens and totals count, and those shown under «Historial»."""
    active: list[ProductDocument] = []
    closed: list[ProductDocument] = []
    for doc in docs:
        (active if product_status.is_active(doc.product, doc.data) else closed).append(doc)
    return active, closed


def lifecycle_fields(doc: ProductDocument) -> dict[str, str | None]:
    """``status`` as the core system states it and ``closed_on`` (None while active)."""
    return {"status": product_status.status_of(doc.product, doc.data),
            "closed_on": doc.data.get("closed_on") or None}


def _newest_closed_first(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: item["closed_on"] or "", reverse=True)


# --- movements ----------------------------------------------------------------------------


def movement_view(doc: MovementDocument) -> dict[str, Any]:
    return {"id": doc.movement_id, "date": doc.date, "product": doc.product,
            "product_id": doc.product_id, "description": doc.data["description"],
            "amount": doc.data["amount"], "currency": doc.data["currency"],
            "balance": doc.data["balance"]}


@dataclass(frozen=True)
class PageRequest:
    limit: int
    cursor: str | None


@dataclass(frozen=True)
class MovementQuery:
    start: date | None
    end: date | None
    product: str | None
    page: PageRequest


def _query_date(params: dict[str, str], name: str, fields: dict[str, str]) -> date | None:
    text = (params.get(name) or "").strip()
    if not text:
        return None
    if not is_iso_date_text(text):
        fields[name] = "Use una fecha con el formato AAAA-MM-DD."
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        fields[name] = "Use una fecha con el formato AAAA-MM-DD."
        return None


def parse_page(params: dict[str, str], fields: dict[str, str] | None = None) -> PageRequest:
    """``limit`` (1–100, default 20) and the opaque ``cursor`` of the previous page."""
    collected: dict[str, str] = {} if fields is None else fields
    text = (params.get("limit") or "").strip()
    limit = DEFAULT_PAGE
    if text:
        limit = small_natural(text) or 0
        if not 1 <= limit <= MAX_PAGE:
            collected["limit"] = f"Debe ser un número entero entre 1 y {MAX_PAGE}."
    cursor = (params.get("cursor") or "").strip() or None
    if cursor and len(cursor) > 1000:
        collected["cursor"] = "Cursor no válido; vuelva a la primera página."
    if fields is None and collected:
        raise errors.InvalidInput("Revisa los parámetros de la consulta.", fields=collected)
    return PageRequest(limit=limit, cursor=cursor)


def parse_movement_query(params: dict[str, str]) -> MovementQuery:
    """Filters of «Últimos movimientos»: ``from``, ``to`` (dates), ``product`` (a product type),
    paged; every bad one is named in the 400's ``fields``."""
    fields: dict[str, str] = {}
    start = _query_date(params, "from", fields)
    end = _query_date(params, "to", fields)
    if start and end and start > end:
        fields["to"] = "La fecha final no puede ser anterior a la inicial."
    product = (params.get("product") or "").strip() or None
    if product and product not in products.MOVEMENT_PRODUCTS:
        fields["product"] = f"Use uno de: {', '.join(products.MOVEMENT_PRODUCTS)}."
    page = parse_page(params, fields)
    if fields:
        raise errors.InvalidInput("Revisa los filtros de la consulta.", fields=fields)
    return MovementQuery(start=start, end=end, product=product, page=page)


# --- month-end balances -------------------------------------------------------------------


def last_months(today: date, count: int, until: date | None = None) -> list[tuple[str, date]]:
    """``[("2025-12", 2025-12-31), ..., ("2026-11", today)]``: the month and the day its balance
    is taken (the month's last day; today for the current month). The last month is ``until``'s
    (never after today's) when given."""
    months = []
    end = min(until, today) if until else today
    year, month = end.year, end.month
    for _ in range(count):
        last_day = date(year, month, calendar.monthrange(year, month)[1])
        months.append((f"{year:04d}-{month:02d}", min(last_day, today)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(months))


def _opened_on(doc: ProductDocument) -> str:
    return str(doc.data.get("opened_on") or doc.data.get("disbursed_on") or "")


def balance_on(doc: ProductDocument, movements: Sequence[MovementDocument], day: date,
               today: date) -> Decimal:
    """The product's balance at the end of ``day``.

    Today's is the product's current balance (so charts end on the totals). Before that, the
    balance after the product's last movement up to that day; before its first known movement,
    that movement's balance minus its amount; a product not yet opened holds 0.
    ``movements`` are the product's, oldest first.
    """
    if _opened_on(doc) > day.isoformat():
        return ZERO
    if day >= today or not movements:
        return _amount(doc.data.get("balance"))
    iso_day = day.isoformat()
    before = [movement for movement in movements if movement.date <= iso_day]
    if before:
        return _amount(before[-1].data["balance"])
    first = movements[0]
    return _amount(first.data["balance"]) - _amount(first.data["amount"])


def _movements_by_product(movements: Iterable[MovementDocument]) \
        -> dict[str, list[MovementDocument]]:
    grouped: dict[str, list[MovementDocument]] = defaultdict(list)
    for movement in sorted(movements, key=lambda m: (m.date, m.movement_id)):
        grouped[movement.product_id].append(movement)
    return grouped


def history(accounts: Sequence[ProductDocument], movements: Iterable[MovementDocument],
            today: date, months: int) -> list[dict[str, str]]:
    """``[{month, balance}]``: the accounts' summed balance at each month's end."""
    by_product = _movements_by_product(movements)
    return [{"month": month, "balance": money(sum(
        (balance_on(doc, by_product[doc.product_id], day, today) for doc in accounts), ZERO))}
        for month, day in last_months(today, months)]


# --- contributions, savings, fixed deposits, CTS -------------------------------------------


def contributions_view(accounts: Sequence[ProductDocument],
                       movements: Sequence[MovementDocument], today: date) -> dict[str, Any]:
    """Aportes: balance and monthly fee (summed over accounts, in soles), movements newest
    first, and the balance at each of the last 24 months' ends."""
    accounts, closed = active_and_closed(accounts)
    first = accounts[0] if accounts else None
    return {
        "currency": "PEN",
        "balance": money(sum((_amount(a.data["balance"]) for a in accounts), ZERO)),
        "monthly_fee": money(sum((_amount(a.data["monthly_fee"]) for a in accounts), ZERO)),
        "account": None if first is None else {
            "id": first.product_id, "masked_number": products.masked(first.data["number"]),
            "opened_on": first.data["opened_on"], "as_of": first.data["as_of"]},
        "movements": [movement_view(m) for m in movements],
        "history": history(accounts, movements, today, HISTORY_MONTHS),
        "closed": _newest_closed_first([
            {"id": doc.product_id, "masked_number": products.masked(doc.data["number"]),
             "balance": doc.data["balance"], "opened_on": doc.data["opened_on"],
             **lifecycle_fields(doc)} for doc in closed]),
    }


def savings_item(doc: ProductDocument) -> dict[str, Any]:
    data = doc.data
    return {"id": doc.product_id, "masked_number": products.masked(data["number"]),
            "type": data["type"], "currency": data["currency"], "balance": data["balance"],
            "rate": data["rate"], "opened_on": data["opened_on"],
            "last_movement_on": data["last_movement_on"] or None, "as_of": data["as_of"],
            **lifecycle_fields(doc)}


def savings_view(accounts: Sequence[ProductDocument]) -> dict[str, Any]:
    """Active accounts and their totals; closed ones apart (``closed``, newest first)."""
    active, closed = active_and_closed(accounts)
    items = [savings_item(doc) for doc in sorted(active, key=lambda d: d.data["opened_on"])]
    return {"items": items,
            "totals": _totals((item["currency"], _amount(item["balance"])) for item in items),
            "closed": _newest_closed_first([savings_item(doc) for doc in closed])}


SAVINGS_CSV_HEADER = ("Cuenta", "Tipo", "Moneda", "Saldo", "Tasa anual", "Apertura",
                      "Último movimiento")


def _spreadsheet_text(value: str) -> str:
    """Text a spreadsheet will not run as a formula."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _day_month_year(iso: str | None) -> str:
    return date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def _percent(rate_text: str) -> str:
    return f"{(Decimal(rate_text) * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"


def savings_csv(view: dict[str, Any]) -> str:
    """«Descargar Cuentas»: the savings table as CSV with Spanish headers; a BOM first so
    spreadsheets read it as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(SAVINGS_CSV_HEADER)
    for item in view["items"]:
        writer.writerow([item["masked_number"], _spreadsheet_text(item["type"]),
                         CURRENCY_SYMBOLS.get(item["currency"], item["currency"]),
                         item["balance"], _percent(item["rate"]),
                         _day_month_year(item["opened_on"]),
                         _day_month_year(item["last_movement_on"])])
    return "\ufeff" + buffer.getvalue()


def _deposit_item(doc: ProductDocument) -> dict[str, Any]:
    data = doc.data
    term = date.fromisoformat(data["matures_on"]) - date.fromisoformat(data["opened_on"])
    return {"id": doc.product_id, "certificate": data["certificate"],
            "currency": data["currency"], "principal": data["principal"],
            "rate": data["rate"], "opened_on": data["opened_on"],
            "matures_on": data["matures_on"], "term_days": term.days,
            "interest_accrued": data["interest_accrued"],
            "interest_at_maturity": data["interest_at_maturity"],
            "as_of": data["as_of"], **lifecycle_fields(doc)}


def fixed_deposits_view(deposits: Sequence[ProductDocument]) -> dict[str, Any]:
    """Active certificates with their term and the totals of their principal; matured and
    cancelled ones apart (``closed``, newest first)."""
    active, closed = active_and_closed(deposits)
    items = [_deposit_item(doc) for doc in sorted(active, key=lambda d: d.data["matures_on"])]
    totals = _totals((item["currency"], _amount(item["principal"])) for item in items)
    return {"items": items, "totals": totals,
            "closed": _newest_closed_first([_deposit_item(doc) for doc in closed])}


def _cts_item(doc: ProductDocument) -> dict[str, Any]:
    data = doc.data
    balance, available = _amount(data["balance"]), _amount(data["available_to_withdraw"])
    return {"id": doc.product_id, "masked_number": products.masked(data["number"]),
            "employer": data["employer"], "currency": data["currency"],
            "balance": data["balance"], "available_to_withdraw": money(available),
            "intangible": money(balance - available), "opened_on": data["opened_on"],
            "as_of": data["as_of"], **lifecycle_fields(doc)}


def cts_view(accounts: Sequence[ProductDocument],
             movements: Sequence[MovementDocument]) -> dict[str, Any]:
    """CTS: each active deposit's balance, the part the member may withdraw and the intangible
    rest; closed deposits apart (``closed``, newest first)."""
    active, closed = active_and_closed(accounts)
    items = [_cts_item(doc) for doc in sorted(active, key=lambda d: d.data["opened_on"])]
    return {"items": items,
            "closed": _newest_closed_first([_cts_item(doc) for doc in closed]),
            "totals": _totals((item["currency"], _amount(item["balance"])) for item in items),
            "available_totals": _totals((item["currency"], _amount(item["available_to_withdraw"]))
                                        for item in items),
            "movements": [movement_view(m) for m in movements]}


# --- loans --------------------------------------------------------------------------------


def installment_status(installment: dict[str, Any], today: date) -> str:
    """paid, or pending; a pending installment whose due date is before today is overdue."""
    if installment["status"] == "paid":
        return "paid"
    return "overdue" if installment["due_date"] < today.isoformat() else "pending"


def progress_pct(paid: int, total: int) -> int:
    """Installments paid over installments, as a whole percentage rounded half-up (14/24 → 58)."""
    if total <= 0:
        return 0
    return int((Decimal(paid * 100) / Decimal(total)).quantize(Decimal(1), ROUND_HALF_UP))


def overdue_summary(overdue_rows: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """What the member owes past its date: how many installments, their total and the oldest
    due date (the alert on Inicio and on the loan's card); None when the loan is up to date."""
    if not overdue_rows:
        return None
    return {"count": len(overdue_rows),
            "amount": money(sum((Decimal(str(row["total"])) for row in overdue_rows), ZERO)),
            "oldest_due_date": min(row["due_date"] for row in overdue_rows)}


def loan_item(doc: ProductDocument, today: date) -> dict[str, Any]:
    """A loan's card. «Próxima cuota» (``next_due``) is the next installment not yet due; the
    overdue ones are told apart (``overdue``), never as a «próxima» with a past date. A loan
    that is no longer ``vigente`` has neither: the core system closed it."""
    data = doc.data
    open_loan = product_status.is_active(doc.product, data)
    statuses = [installment_status(row, today) for row in data["schedule"]]
    paid = statuses.count("paid")
    rows_by_status = list(zip(data["schedule"], statuses, strict=True))
    upcoming = [row for row, status in rows_by_status if status == "pending"]
    overdue = [row for row, status in rows_by_status if status == "overdue"]
    total = int(data["installments_total"])
    return {"id": doc.product_id, "number": data["number"], "product": data["product"],
            "currency": data["currency"], "original_amount": data["original_amount"],
            "balance": data["balance"], "annual_rate": data["annual_rate"],
            "disbursed_on": data["disbursed_on"], "installments_total": total,
            "installments_paid": paid, "installments_pending": statuses.count("pending"),
            "installments_overdue": statuses.count("overdue"),
            "progress_pct": progress_pct(paid, total),
            "next_due": {"date": upcoming[0]["due_date"], "amount": upcoming[0]["total"]}
            if upcoming and open_loan else None,
            "overdue": overdue_summary(overdue) if open_loan else None,
            "as_of": data["as_of"], **lifecycle_fields(doc)}


def loans_view(loans: Sequence[ProductDocument], today: date) -> dict[str, Any]:
    """«Mis préstamos»: the summary (in soles; dollar loans apart), the balance by product and
    each active loan's card; loans no longer ``vigente`` apart (``closed``, newest first)."""
    active, closed = active_and_closed(loans)
    items = [loan_item(doc, today) for doc in sorted(active, key=lambda d: d.data["number"])]
    pen = [item for item in items if item["currency"] == "PEN"]
    usd = [item for item in items if item["currency"] == "USD"]
    by_product: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for item in items:
        by_product[(item["product"], item["currency"])] += _amount(item["balance"])
    return {
        "summary": {
            "count": len(items),
            "balance": money(sum((_amount(i["balance"]) for i in pen), ZERO)),
            "original_amount": money(sum((_amount(i["original_amount"]) for i in pen), ZERO)),
            "balance_usd": money(sum((_amount(i["balance"]) for i in usd), ZERO)),
            "original_amount_usd": money(sum((_amount(i["original_amount"]) for i in usd),
                                             ZERO)),
            "by_product": [{"product": product, "currency": currency, "balance": money(amount)}
                           for (product, currency), amount in by_product.items()],
        },
        "items": items,
        "closed": _newest_closed_first([loan_item(doc, today) for doc in closed]),
    }


def loan_detail(doc: ProductDocument, today: date) -> dict[str, Any]:
    """The loan's card with its whole schedule, each installment paid, pending or overdue."""
    schedule = [{"n": row["n"], "due_date": row["due_date"], "principal": row["principal"],
                 "interest": row["interest"], "insurance": row["insurance"],
                 "total": row["total"], "balance": row["balance"],
                 "status": installment_status(row, today)} for row in doc.data["schedule"]]
    return {**loan_item(doc, today), "schedule": schedule}


# --- family benefit -----------------------------------------------------------------------

def family_benefit_view(plan: ProductDocument | None) -> dict[str, Any]:
    """«Beneficio familiar»: the holder's death amount split by the beneficiaries' percentages
    (adding to the total to the cent), and the amount paid for each entitled beneficiary."""
    if plan is None:
        return {"enrolled": False, "monthly_fee": None, "annual_payment": None,
                "pending_installments": None, "status": None, "holder_death_amount": None,
                "beneficiary_death_amount": None, "beneficiaries": []}
    data = plan.data
    beneficiaries = data["beneficiaries"]
    shares = split_by_percentage(_amount(data["holder_death_amount"]),
                                 [Decimal(b["percentage"]) for b in beneficiaries])
    return {
        "enrolled": True, "id": plan.product_id, "monthly_fee": data["monthly_fee"],
        "annual_payment": money(
            products.family_benefit_annual_payment(_amount(data["monthly_fee"]))),
        "pending_installments": data["pending_installments"], "status": data["status"],
        "holder_death_amount": data["holder_death_amount"],
        "beneficiary_death_amount": data["beneficiary_death_amount"],
        "total_distributed": money(sum(shares, ZERO)),
        "beneficiaries": [{"name": b["name"], "relationship": b["relationship"],
                           "percentage": b["percentage"], "amount_on_holder_death": money(share),
                           "entitled": b["entitled"]}
                          for b, share in zip(beneficiaries, shares, strict=True)],
        "as_of": data["as_of"],
    }


# --- dashboard ----------------------------------------------------------------------------


def _of(docs: Iterable[ProductDocument], product: str,
        currency: str | None = None) -> list[ProductDocument]:
    return [doc for doc in docs if doc.product == product
            and (currency is None or doc.data.get("currency") == currency)]


def _sum_balances(docs: Iterable[ProductDocument], field: str = "balance") -> str:
    return money(sum((_amount(doc.data[field]) for doc in docs), ZERO))


def dashboard_totals(docs: Sequence[ProductDocument]) -> dict[str, str]:
    """The same sums the product views show (savings totals, loans summary...): active
    products only."""
    docs = active_and_closed(docs)[0]
    active_deposits = _of(docs, products.FIXED_DEPOSITS)
    return {
        "contributions": _sum_balances(_of(docs, products.CONTRIBUTIONS)),
        "savings_pen": _sum_balances(_of(docs, products.SAVINGS, "PEN")),
        "savings_usd": _sum_balances(_of(docs, products.SAVINGS, "USD")),
        "fixed_deposits_pen": _sum_balances(_of(active_deposits, products.FIXED_DEPOSITS, "PEN"),
                                            "principal"),
        "fixed_deposits_usd": _sum_balances(_of(active_deposits, products.FIXED_DEPOSITS, "USD"),
                                            "principal"),
        "cts_pen": _sum_balances(_of(docs, products.CTS, "PEN")),
        "cts_usd": _sum_balances(_of(docs, products.CTS, "USD")),
        "loans_balance": _sum_balances(_of(docs, products.LOANS, "PEN")),
        "loans_balance_usd": _sum_balances(_of(docs, products.LOANS, "USD")),
    }


EVOLUTION_SERIES: tuple[tuple[str, str, str | None], ...] = (
    ("contributions", products.CONTRIBUTIONS, None),
    ("savings", products.SAVINGS, "PEN"),
    ("savings_usd", products.SAVINGS, "USD"),
    ("cts", products.CTS, "PEN"),
    ("cts_usd", products.CTS, "USD"),
    ("loans_balance", products.LOANS, "PEN"),
)
"""The chart's series (soles; dollar products in their own series)."""


def data_cut_off(docs: Iterable[ProductDocument]) -> date | None:
    """The imported data's cut-off: the latest ``as_of`` among the products (None without one)."""
    latest = max((str(doc.data.get("as_of") or "") for doc in docs), default="")
    return date.fromisoformat(latest) if latest else None


def evolution_months(docs: Sequence[ProductDocument], today: date) -> list[tuple[str, date]]:
    """The chart's 12 months, ending at the data's cut-off month (today's without data): a chart
    that ran on to today would draw a flat tail the core system has not reported yet."""
    return last_months(today, EVOLUTION_MONTHS, until=data_cut_off(docs))


def evolution(docs: Sequence[ProductDocument], movements: Iterable[MovementDocument],
              today: date) -> list[dict[str, str]]:
    """The 12 months' end balances per series up to the cut-off; today's month equals the
    totals."""
    by_product = _movements_by_product(movements)
    series = {name: _of(docs, product, currency) for name, product, currency in EVOLUTION_SERIES}
    points = []
    for month, day in evolution_months(docs, today):
        point = {"month": month}
        for name, members_docs in series.items():
            point[name] = money(sum((balance_on(doc, by_product[doc.product_id], day, today)
                                     for doc in members_docs), ZERO))
        points.append(point)
    return points


def dashboard_view(docs: Sequence[ProductDocument], movements: Sequence[MovementDocument],
                   today: date) -> dict[str, Any]:
    """«Inicio»: totals per product and currency, the 12-month evolution, recent movements and
    the loans' progress, of the active products only. ``movements`` are the last 12 months',
    newest first."""
    docs = active_and_closed(docs)[0]
    cut_off = data_cut_off(docs)
    loans = [loan_item(doc, today) for doc in sorted(_of(docs, products.LOANS),
                                                     key=lambda d: d.data["number"])]
    return {
        "as_of": cut_off.isoformat() if cut_off else None,
        "totals": dashboard_totals(docs),
        "evolution": evolution(docs, movements, today),
        "recent_movements": [movement_view(m) for m in movements[:RECENT_MOVEMENTS]],
        "loans": [{"id": loan["id"], "number": loan["number"], "product": loan["product"],
                   "currency": loan["currency"], "balance": loan["balance"],
                   "paid_installments": loan["installments_paid"],
                   "total_installments": loan["installments_total"],
                   "progress_pct": loan["progress_pct"], "overdue": loan["overdue"]}
                  for loan in loans],
        "family_benefit": _family_benefit_summary(_of(docs, products.FAMILY_BENEFIT)),
    }


def _family_benefit_summary(plans: list[ProductDocument]) -> dict[str, Any] | None:
    if not plans:
        return None
    data = plans[0].data
    return {"status": data["status"], "monthly_fee": data["monthly_fee"],
            "pending_installments": data["pending_installments"]}


def evolution_window_start(docs: Sequence[ProductDocument], today: date) -> str:
    """The first day of the oldest month in the evolution chart (the dashboard's 2nd Query)."""
    return evolution_months(active_and_closed(docs)[0], today)[0][0] + "-01"
