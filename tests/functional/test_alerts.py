"""The members' alerts (issue 18): the ``alerts`` function, invoked with its 07:00 schedule's
input, e-mails installments about to fall due, overdue ones and fixed deposits about to mature,
once each however often it runs, reading by date through ``member_products.by_due_date`` (no
Scan); and «Alertas por correo», the preferences it respects."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import AuditModel, UserModel
from dev.scheduler import member_alerts_event
from tests.functional.accounts_builders import load, travel_to_lima_noon
from tests.functional.builders import a_user, mails_to, signed_in
from tests.product_rows import a_fixed_deposit_row, a_loan

LOAN = "0210000000002"


def _run_job() -> dict[str, Any]:
    from chalicelib.handlers.alerts import alerts

    return alerts(member_alerts_event(), None)


@pytest.fixture
def dynamodb_calls(aws, monkeypatch):
    """Every DynamoDB operation the app makes from now on, by name."""
    from botocore.client import BaseClient

    original = BaseClient._make_api_call
    seen: Counter[str] = Counter()

    def counted(client: Any, operation: str, params: Any) -> Any:
        if client.meta.service_model.service_name == "dynamodb":
            seen[operation] += 1
        return original(client, operation, params)

    monkeypatch.setattr(BaseClient, "_make_api_call", counted)
    return seen


@pytest.fixture
def member_with_products(app, time_machine):
    """A member (DNI 40000011) with a loan whose second installment (S/ 257.50) falls due on
    04/12/2026 and a fixed deposit maturing on 08/12/2026, loaded on 26/11/2026."""
    travel_to_lima_noon(time_machine, "2026-11-26")
    member = a_user(Role.MEMBER, dni="40000011", email="socia11@example.pe", first_name="Rosa")
    load("loans", a_loan("40000011", number=LOAN, installments=4, paid=1,
                         first_due=date(2026, 11, 4)))
    load("fixed_deposits", [a_fixed_deposit_row("40000011", certificate="77001234",
                                                opened_on="2026-06-11", matures_on="2026-12-08")])
    return member


def test_an_installment_due_in_three_days_is_mailed_once_however_often_the_job_runs(
        member_with_products, time_machine, outbox, dynamodb_calls):
    travel_to_lima_noon(time_machine, "2026-11-30")  # four days before: nothing yet
    assert _run_job()["sent"] == 0
    travel_to_lima_noon(time_machine, "2026-12-01")
    dynamodb_calls.clear()
    first = _run_job()
    assert first["sent"] == 2  # the installment (04/12) and the deposit (08/12)
    assert _run_job() == {**first, "sent": 0, "already_sent": 2}
    assert "Scan" not in dynamodb_calls and dynamodb_calls["Query"] >= 20
    mails = mails_to(outbox, "socia11@example.pe")
    assert sorted(mail["subject"] for mail in mails) == [
        "Tu cuota vence el 04/12/2026", "Tu plazo fijo vence el 08/12/2026"]
    [installment] = [mail for mail in mails if "cuota" in mail["subject"]]
    assert "Hola, Rosa:" in installment["text"]
    assert "La cuota 2 de tu préstamo N° XXXXXXXXX0002 vence en 3 días, el 04/12/2026." \
        in installment["text"]
    assert "Monto de la cuota: S/ 257.50." in installment["text"]
    assert "/prestamos" in installment["text"] and "40000011" not in installment["text"]


def test_an_overdue_installment_is_mailed_the_day_after_and_once(
        member_with_products, time_machine, outbox):
    travel_to_lima_noon(time_machine, "2026-12-05")
    outcome = _run_job()
    assert outcome["sent"] == 2  # overdue since 04/12; the deposit's 7 days (not sent before)
    assert _run_job()["sent"] == 0
    travel_to_lima_noon(time_machine, "2026-12-06")
    assert _run_job()["sent"] == 0
    subjects = [mail["subject"] for mail in mails_to(outbox, "socia11@example.pe")]
    assert "Tu cuota venció el 04/12/2026" in subjects and len(subjects) == 2


def test_a_paid_installment_reimported_moves_the_alert_to_the_next_one(
        member_with_products, time_machine, outbox):
    load("loans", a_loan("40000011", number=LOAN, installments=4, paid=2,
                         first_due=date(2026, 11, 4)))  # the second paid: next due 03/01/2027
    travel_to_lima_noon(time_machine, "2026-12-05")
    assert _run_job()["sent"] == 1  # only the deposit
    assert len(mails_to(outbox, "socia11@example.pe")) == 1  # delivered before the clock moves
    travel_to_lima_noon(time_machine, "2026-12-31")
    assert _run_job()["sent"] == 1
    assert [mail["subject"] for mail in mails_to(outbox, "socia11@example.pe")][-1] == \
        "Tu cuota vence el 03/01/2027"


def test_an_alert_turned_off_in_configuracion_is_not_sent(member_with_products, api,
                                                         time_machine, outbox):
    signed_in(api, member_with_products)
    answer = api.put("/api/auth/alerts", {"installment_due": False})
    assert answer.status == 200
    travel_to_lima_noon(time_machine, "2026-12-01")
    outcome = _run_job()
    assert (outcome["sent"], outcome["turned_off"]) == (1, 1)
    assert [mail["subject"] for mail in mails_to(outbox, "socia11@example.pe")] == [
        "Tu plazo fijo vence el 08/12/2026"]


def test_members_without_an_active_account_get_nothing(app, time_machine, outbox):
    travel_to_lima_noon(time_machine, "2026-11-26")
    a_user(Role.MEMBER, dni="40000012", email="baja@example.pe", status="inactive")
    load("loans", a_loan("40000012", number=LOAN, installments=4, paid=1,
                         first_due=date(2026, 11, 4)))
    load("loans", a_loan("40000013", number="0210000000003", installments=4, paid=1,
                         first_due=date(2026, 11, 4)))  # no portal account at all
    travel_to_lima_noon(time_machine, "2026-12-01")
    assert _run_job()["no_account"] == 2 and mails_to(outbox, "baja@example.pe") == []


def test_the_function_acts_only_on_its_schedule_s_input(app):
    from chalicelib.handlers.alerts import alerts

    assert alerts({"detail-type": "Scheduled Event"}, None) == {"sent": 0, "refused": True}


# --- «Alertas por correo» ------------------------------------------------------------------


def test_a_member_reads_and_changes_their_alert_preferences_audited(app, api):
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    answer = api.get("/api/auth/alerts")
    assert answer.status == 200
    assert [(a["kind"], a["enabled"]) for a in answer.json["alerts"]] == [
        ("installment_due", True), ("installment_overdue", True),
        ("fixed_deposit_maturing", True), ("new_sign_in", True)]
    assert answer.json["alerts"][0]["label"] == "Cuota de préstamo por vencer"
    changed = api.put("/api/auth/alerts", {"installment_overdue": False, "new_sign_in": False})
    assert changed.status == 200
    assert {a["kind"]: a["enabled"] for a in changed.json["alerts"]}["new_sign_in"] is False
    assert UserModel.get(member.user_id).alerts_off == {"installment_overdue", "new_sign_in"}
    assert api.put("/api/auth/alerts", {"new_sign_in": True}).status == 200
    assert UserModel.get(member.user_id).alerts_off == {"installment_overdue"}
    records = [r for r in AuditModel.by_actor.query(member.user_id)
               if r.action == "alerts.preferences_changed"]
    assert len(records) == 2


def test_staff_choose_only_the_sign_in_alert(app, api):
    from tests.functional.accounts_builders import a_staff_session

    a_staff_session(api, Role.OPERATOR)
    assert [a["kind"] for a in api.get("/api/auth/alerts").json["alerts"]] == ["new_sign_in"]
    refused = api.put("/api/auth/alerts", {"installment_due": False})
    assert refused.status == 400 and "installment_due" in refused.json["error"]["fields"]


@pytest.mark.parametrize("body", [{}, {"installment_due": "no"}, {"weekly_digest": True}])
def test_a_bad_preferences_body_is_refused_whole(app, api, body):
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    answer = api.put("/api/auth/alerts", {**body, "installment_overdue": False}
                     if body else body)
    assert answer.status == 400 and answer.json["error"]["code"] == "invalid_input"
    assert UserModel.get(member.user_id).alerts_off is None
