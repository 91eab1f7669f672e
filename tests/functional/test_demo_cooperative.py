"""The demo cooperative's CSVs (dev/demo_data.py) load through S3 → SQS → worker without a bad
row, and the first demo member sees the manual's figures (2.4.3–2.4.7) in the API."""

from __future__ import annotations

import json
from decimal import Decimal

from chalicelib.store.shared.models import ImportModel
from dev.demo_data import core_system_files
from tests.functional.accounts_builders import (
    a_member_session,
    run_worker,
    travel_to_lima_noon,
    upload,
)


def test_the_demo_loads_cleanly_and_the_first_member_sees_the_manuals_figures(api, another_api,
                                                                              time_machine):
    travel_to_lima_noon(time_machine, "2026-11-25")
    files = core_system_files()
    for kind, content in files.items():
        upload(kind, content, import_id=f"demo-{kind}")
    run_worker()
    for kind in files:
        run = ImportModel.get(f"demo-{kind}")
        assert (run.status, run.rows_rejected, json.loads(run.errors)) == ("completed", 0, []), \
            kind
        assert run.rows_loaded == files[kind].count(b"\n") - 1
    socio = a_member_session(api, "40000001")

    [account] = socio.get("/api/accounts/savings").json["items"]
    assert (account["balance"], account["rate"], account["opened_on"],
            account["last_movement_on"], account["type"], account["currency"]) == (
        "3105.97", "0.0100", "2016-12-05", "2026-10-03", "AHORRO", "PEN")
    assert len(account["masked_number"]) == 12

    loans = socio.get("/api/accounts/loans").json
    assert (loans["summary"]["count"], loans["summary"]["balance"],
            loans["summary"]["original_amount"]) == (1, "9191.10", "15000.00")
    [loan] = loans["items"]
    assert (loan["product"], loan["number"], loan["original_amount"], loan["balance"],
            loan["annual_rate"], loan["installments_total"], loan["installments_paid"],
            loan["progress_pct"]) == ("AMPLIACION PTMO. EDUCATIVO", "0210000000002",
                                      "15000.00", "9191.10", "0.1350", 24, 14, 58)
    assert (loan["installments_overdue"], loan["installments_pending"]) == (1, 9)
    [paid_off] = loans["closed"]  # the paid-off loan: history only, in no figure above
    assert (paid_off["number"], paid_off["status"], paid_off["closed_on"],
            paid_off["balance"]) == ("0210000000001", "cancelado", "2024-03-10", "0.00")
    schedule = socio.get(f"/api/accounts/loans/{loan['id']}").json["schedule"]
    assert schedule[13]["balance"] == "9191.10" and schedule[-1]["balance"] == "0.00"
    assert sum(Decimal(row["principal"]) for row in schedule) == Decimal("15000.00")

    family = socio.get("/api/accounts/family-benefit").json
    assert (family["monthly_fee"], family["annual_payment"], family["pending_installments"],
            family["status"], family["holder_death_amount"],
            family["beneficiary_death_amount"]) == ("30.00", "360.00", 9, "active", "6000.00",
                                                    "6000.00")
    assert [(b["name"], b["relationship"], b["percentage"], b["amount_on_holder_death"])
            for b in family["beneficiaries"] if Decimal(b["percentage"])] == [
        ("YAI", "Hijo/a", "100.00", "6000.00")]
    assert [b["name"] for b in family["beneficiaries"] if b["entitled"]] == [
        "YANQUI", "JUANA", "BRIAN"]

    dashboard = socio.get("/api/accounts/dashboard").json
    totals = dashboard["totals"]
    assert (totals["savings_pen"], totals["savings_usd"], totals["loans_balance"]) == (
        "3105.97", "0.00", "9191.10")
    assert all(Decimal(totals[name]) > 0 for name in ("contributions", "fixed_deposits_pen",
                                                      "cts_pen"))
    assert dashboard["loans"][0]["paid_installments"] == 14
    assert len(dashboard["recent_movements"]) == 10
    history = socio.get("/api/accounts/contributions").json["history"]
    assert len(history) == 24 and history[-1]["balance"] == totals["contributions"]

    socio2 = a_member_session(another_api, "40000002")
    savings2 = socio2.get("/api/accounts/savings").json
    assert len(savings2["items"]) == 3 and Decimal(savings2["totals"]["USD"]) > 0
    split = socio2.get("/api/accounts/family-benefit").json["beneficiaries"]
    assert sum(Decimal(b["amount_on_holder_death"]) for b in split) == Decimal("4000.00")


def test_the_demo_registry_has_e_mails_on_file_except_for_the_office_code_members():
    from dev.demo_data import registry_rows

    by_dni = {row["dni"]: row for row in registry_rows()}
    assert by_dni["40000001"]["email"] == "socio@demo.coopac.pe"
    assert by_dni["40000150"]["email"] == "socio40000150@demo.coopac.pe"
    assert by_dni["40000150"]["mobile"] == "940000150"
    assert [dni for dni in map(str, range(40000100, 40000200))
            if not by_dni[dni]["email"]] == [str(dni) for dni in range(40000190, 40000200)]
