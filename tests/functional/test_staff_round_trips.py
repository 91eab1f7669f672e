"""Issue 19, fewer round trips for staff reads: an admin's list across statuses is one Query of
``by_staff_order`` in the very order of the status partitions read one after the other, and the
admin dashboard is one BatchGetItem of counters that follow every state change (and equal a
recount of the items, which ``dev.recount`` also writes for items from before)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from chalicelib.domain.credit.applications import ADMIN_LIST_ORDER as APPLICATION_ORDER
from chalicelib.domain.shared.clock import iso_instant, utc_now
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.tickets.tickets import ADMIN_LIST_ORDER as TICKET_ORDER
from chalicelib.store.auth import users
from chalicelib.store.shared.models import ApplicationModel, CounterModel, TicketModel
from chalicelib.store.tickets import tickets as ticket_store
from dev import recount
from tests.functional.credit_builders import a_credit_product, an_application, assigned, moved
from tests.functional.ticket_builders import Person, a_ticket, daily_limits

SECRET = "JBSWY3DPEHPK3PXP"


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


def _calls_of(dynamodb_calls: Counter[str], request: Any) -> tuple[Any, Counter[str]]:
    dynamodb_calls.clear()
    answer = request()
    return answer, Counter(dynamodb_calls)


def _everything(api: Any, path: str, limit: int) -> list[str]:
    """Follow ``next_cursor`` to the end, ``limit`` a page."""
    ids: list[str] = []
    cursor = None
    for _ in range(50):
        suffix = f"&cursor={cursor}" if cursor else ""
        answer = api.get(f"{path}?limit={limit}{suffix}")
        assert answer.status == 200, answer.json
        ids += [item["id"] for item in answer.json["items"]]
        cursor = answer.json["next_cursor"]
        if cursor is None:
            return ids
    raise AssertionError("the cursor never ended")


def _tickets_in_every_state(app: Any, monkeypatch: Any
                            ) -> tuple[Person, Person, list[str], list[Person]]:
    """Eight tickets of two members (the first member's are the even ones): two open, two
    assigned, two in progress, one resolved, one closed."""
    admin, operator = Person(app, Role.ADMIN), Person(app, Role.OPERATOR)
    members = [Person(app, Role.MEMBER) for _ in range(2)]
    with daily_limits(monkeypatch, tickets=10):
        ids = [a_ticket(members[n % 2], subject=f"Consulta {n}")["id"] for n in range(8)]
    for ticket_id in ids[2:]:
        assert admin.api.post(f"/api/tickets/{ticket_id}/assign",
                              {"operator_id": operator.id}).status == 200
    for ticket_id, status in ((ids[3], "in_progress"), (ids[4], "resolved"),
                              (ids[5], "resolved"), (ids[6], "in_progress")):
        assert operator.api.post(f"/api/tickets/{ticket_id}/status",
                                 {"status": status}).status == 200
    assert admin.api.post(f"/api/tickets/{ids[5]}/status", {"status": "closed"}).status == 200
    return admin, operator, ids, members


def _ticket_ids_by_status_partitions() -> list[str]:
    """The order the list had before issue 19: each status's partition in turn."""
    return [item.ticket_id for status in TICKET_ORDER
            for item in TicketModel.by_status.query(status.value, scan_index_forward=False)]


def test_the_admin_s_ticket_list_across_statuses_is_one_query_in_the_same_order(
        app, monkeypatch, dynamodb_calls):
    admin, operator, _, _ = _tickets_in_every_state(app, monkeypatch)
    answer, calls = _calls_of(dynamodb_calls, lambda: admin.api.get("/api/tickets"))
    assert answer.status == 200
    assert calls["Query"] == 1 and "Scan" not in calls, calls
    expected = _ticket_ids_by_status_partitions()
    assert [item["id"] for item in answer.json["items"]] == expected
    assert _everything(admin.api, "/api/tickets", 3) == expected  # the cursors page it alike
    assigned_to_operator = operator.api.get("/api/tickets").json["items"]
    assert assigned_to_operator and \
        {item["assignee_id"] for item in assigned_to_operator} == {operator.id}


def test_the_admin_s_credit_list_across_statuses_is_one_query_in_the_same_order(
        app, dynamodb_calls):
    a_credit_product()
    member, operator = Person(app, Role.MEMBER), Person(app, Role.OPERATOR)
    admin = Person(app, Role.ADMIN)
    applications = [an_application(member) for _ in range(3)]
    moved(operator, assigned(admin, applications[0], operator), "in_review")
    assigned(admin, applications[1], operator)
    answer, calls = _calls_of(dynamodb_calls, lambda: admin.api.get("/api/credit/applications"))
    assert answer.status == 200
    assert calls["Query"] == 1 and "Scan" not in calls, calls
    expected = [item.application_id for status in APPLICATION_ORDER
                for item in ApplicationModel.by_status.query(status.value,
                                                             scan_index_forward=False)]
    assert [item["id"] for item in answer.json["items"]] == expected
    assert _everything(admin.api, "/api/credit/applications", 2) == expected
    mine = operator.api.get("/api/credit/applications").json["items"]
    assert {item["id"] for item in mine} == {applications[0]["id"], applications[1]["id"]}


def test_the_dashboard_is_at_most_three_dynamodb_calls(app, dynamodb_calls):
    admin = Person(app, Role.ADMIN)
    answer, calls = _calls_of(dynamodb_calls, lambda: admin.api.get("/api/admin/dashboard"))
    assert answer.status == 200
    assert sum(calls.values()) <= 3 and "Query" not in calls, calls
    assert calls["BatchGetItem"] == 1


def _recounted() -> dict[str, Any]:
    """The dashboard's figures counted from the items themselves (COUNT Queries)."""
    tickets = {status: int(TicketModel.by_status.count(status))
               for status in ("open", "assigned", "in_progress")}
    return {
        "members_registered": users.count_active("member"),
        "members_with_totp": users.count_active("member", with_totp=True),
        "staff_active": {role: users.count_active(role)
                         for role in ("operator", "admin", "super_admin")},
        "open_tickets": sum(tickets.values()), "tickets_by_status": tickets,
        "applications_by_status": {status.value: int(ApplicationModel.by_status.count(
            status.value)) for status in APPLICATION_ORDER},
    }


def _figures(admin: Person) -> dict[str, Any]:
    body = dict(admin.api.get("/api/admin/dashboard").json)
    return {name: body[name] for name in _recounted()}


def test_the_dashboard_s_counters_follow_every_state_change(app, monkeypatch):
    admin = Person(app, Role.SUPER_ADMIN)
    assert _figures(admin) == _recounted()
    _, operator, ids, members = _tickets_in_every_state(app, monkeypatch)
    reopened = members[0].api.post(f"/api/tickets/{ids[4]}/messages",
                                   {"body": "Sigue sin reflejarse."})
    assert reopened.status == 201, reopened.json
    member = Person(app, Role.MEMBER)
    a_credit_product()
    application = an_application(member)
    moved(operator, assigned(admin, application, operator), "in_review")
    assert admin.api.patch(f"/api/admin/users/{operator.user.user_id}",
                           {"role": "admin"}).status == 200
    other = Person(app, Role.OPERATOR)
    assert admin.api.patch(f"/api/admin/users/{other.user.user_id}",
                           {"active": False}).status == 200
    with_totp = users.get(Person(app, Role.MEMBER, totp_secret=SECRET).user.user_id)
    users.disable_totp(with_totp, iso_instant(utc_now()))
    pending = users.get(Person(app, Role.MEMBER, status="pending_activation").user.user_id)
    assert users.activate(pending, iso_instant(utc_now())) and pending.status == "active"
    assert users.disable_by_import(users.get(member.user.user_id), iso_instant(utc_now()))
    figures = _figures(admin)
    assert figures == _recounted()
    assert figures["tickets_by_status"] == {"open": 2, "assigned": 2, "in_progress": 3}
    assert figures["members_registered"] == 4 and figures["members_with_totp"] == 0


def test_the_recount_places_items_from_before_and_corrects_the_counters(app, monkeypatch):
    admin, _, ids, _ = _tickets_in_every_state(app, monkeypatch)
    older = ticket_store.get(ids[0])
    TicketModel._get_connection().update_item(  # as written before issue 19
        ids[0], actions=[TicketModel.staff_list.remove(), TicketModel.staff_order.remove()])
    CounterModel(counter_id="tickets#status#open", value=7).save()  # a counter gone wrong
    assert ids[0] not in [item["id"] for item in admin.api.get("/api/tickets").json["items"]]
    assert recount.place_in_staff_lists() == 1
    assert recount.place_in_staff_lists() == 0  # idempotent
    recount.recount()
    assert [item["id"] for item in admin.api.get("/api/tickets").json["items"]] == \
        _ticket_ids_by_status_partitions()
    assert _figures(admin) == _recounted()
    assert older is not None and ticket_store.get(ids[0]).version == older.version


def test_the_admin_s_beneficiary_change_list_across_states_is_one_query(app, time_machine,
                                                                         dynamodb_calls):
    from chalicelib.domain.accounts.beneficiary_change import ADMIN_LIST_ORDER
    from chalicelib.store.shared.models import BeneficiaryChangeModel
    from tests.functional.accounts_builders import load, travel_to_lima_noon
    from tests.product_rows import a_family_plan

    travel_to_lima_noon(time_machine, "2026-11-26")
    admin, operator = Person(app, Role.ADMIN), Person(app, Role.OPERATOR)
    changes = []
    for dni in ("40000001", "40000002", "40000003"):
        time_machine.shift(60)  # one a minute: each its own creation instant
        load("family_benefit", a_family_plan(dni))
        member = Person(app, Role.MEMBER, dni=dni)
        plan = member.api.get("/api/accounts/family-benefit").json["id"]
        asked = member.api.post("/api/accounts/beneficiary-changes", {
            "plan_id": plan, "beneficiaries": [{"name": "Rosa Mendoza", "dni": "41111111",
                                                "relationship": "Cónyuge",
                                                "percentage": "100"}]})
        assert asked.status == 201, asked.json
        changes.append(asked.json["id"])
    assert admin.api.post(f"/api/accounts/beneficiary-changes/{changes[1]}/assign",
                          {"operator_id": operator.id}).status == 200
    path = "/api/accounts/beneficiary-changes"
    answer, calls = _calls_of(dynamodb_calls, lambda: admin.api.get(path))
    assert answer.status == 200
    assert calls["Query"] == 1 and "Scan" not in calls, calls
    expected = [item.change_id for status in ADMIN_LIST_ORDER
                for item in BeneficiaryChangeModel.by_status.query(status.value,
                                                                   scan_index_forward=False)]
    assert [item["id"] for item in answer.json["items"]] == expected == [
        changes[2], changes[0], changes[1]]
    assert _everything(admin.api, path, 1) == expected
    mine = operator.api.get(path).json["items"]
    assert [item["id"] for item in mine] == [changes[1]]
