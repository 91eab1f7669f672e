"""Routing (issue 17) through the API: the admin's rules, a new case assigned on arrival (with its
e-mail and audit), shared queues and taking from them, and who may do what."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from chalicelib.domain.shared.errors import Conflict
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.principal import Principal
from chalicelib.services.shared import routing
from chalicelib.store.shared.models import AuditModel
from tests.functional.builders import TEST_CONTEXT
from tests.functional.credit_builders import a_credit_product, simulation_inputs
from tests.functional.ticket_builders import Person, a_ticket, daily_limits


@pytest.fixture
def cast(app):
    a_credit_product()
    return {"member": Person(app, Role.MEMBER, first_name="Rosa", last_name="Huamán"),
            "admin": Person(app, Role.ADMIN, first_name="Ada", last_name="Torres"),
            "luis": Person(app, Role.OPERATOR, first_name="Luis", last_name="Operador"),
            "vera": Person(app, Role.OPERATOR, first_name="Vera", last_name="Operadora"),
            "otro": Person(app, Role.OPERATOR, first_name="Otto", last_name="Ajeno")}


def _rule(admin: Person, kind: str, key: str, mode: str, *operators: Person):
    return admin.api.put(f"/api/admin/routing/{kind}/{key}",
                         {"mode": mode, "operators": [o.id for o in operators]})


def an_application(member: Person, amount: str = "12000") -> dict:
    """Sent the way the site sends it (not through ``credit_builders.an_application``, whose
    running amount other files' tests count on)."""
    answer = member.api.post("/api/credit/applications", simulation_inputs(amount=amount))
    assert answer.status == 201, answer.json
    return dict(answer.json)


def _audit(action: str) -> list[AuditModel]:
    return [record for record in AuditModel.scan() if record.action == action]


def test_round_robin_assigns_new_tickets_in_turn_and_tells_the_operator(cast, outbox,
                                                                        monkeypatch):
    admin, member, luis, vera = cast["admin"], cast["member"], cast["luis"], cast["vera"]
    answer = _rule(admin, "ticket", "aportes", "round_robin", luis, vera)
    assert answer.status == 200, answer.json
    assert [o["name"] for o in answer.json["operators"]] == ["Luis Operador", "Vera Operadora"]

    with daily_limits(monkeypatch, tickets=10):
        first, second, third = (a_ticket(member) for _ in range(3))
    assert [t["status"] for t in (first, second, third)] == ["assigned"] * 3
    assert [t["id"] for t in luis.api.get("/api/tickets").json["items"]] == \
        [third["id"], first["id"]]
    assert [t["id"] for t in vera.api.get("/api/tickets").json["items"]] == [second["id"]]

    mails = [m for m in outbox() if m["to"] == luis.email]
    assert mails[0]["subject"] == f"Nuevo ticket N° {first['number']} asignado a ti"
    assert "categoría: Aportes" in mails[0]["text"] and "/mensajes?ticket=" in mails[0]["text"]
    assert "Rosa" not in mails[0]["text"] and "Consulta" not in mails[0]["text"]
    [record] = [r for r in _audit("ticket.auto_assigned") if r.target == f"ticket:{first['id']}"]
    assert record.actor_id == "sistema"


def test_an_operator_no_longer_active_is_skipped(cast, monkeypatch):
    admin, member, luis, vera = cast["admin"], cast["member"], cast["luis"], cast["vera"]
    assert _rule(admin, "ticket", "cts", "round_robin", luis, vera).status == 200
    vera.user.update(actions=[type(vera.user).status.set("inactive")])
    with daily_limits(monkeypatch, tickets=10):
        tickets = [a_ticket(member, category="cts") for _ in range(3)]
    assert {t["id"] for t in luis.api.get("/api/tickets").json["items"]} == \
        {t["id"] for t in tickets}


def test_without_a_rule_a_ticket_waits_for_an_admin_who_can_still_reassign(cast):
    admin, member, luis, vera = cast["admin"], cast["member"], cast["luis"], cast["vera"]
    assert a_ticket(member, category="otros")["status"] == "open"
    assert _rule(admin, "ticket", "otros", "round_robin", luis).status == 200
    ticket = a_ticket(member, category="otros", subject="Otra consulta")
    assert ticket["status"] == "assigned"
    moved = admin.api.post(f"/api/tickets/{ticket['id']}/assign", {"operator_id": vera.id})
    assert moved.status == 200 and moved.json["assignee_id"] == vera.id


def test_a_credit_application_is_assigned_on_arrival(cast, outbox):
    admin, member, luis = cast["admin"], cast["member"], cast["luis"]
    assert _rule(admin, "credit", "CONSUMO", "round_robin", luis).status == 200
    application = an_application(member)
    assert application["status"] == "assigned" and application["assignee_id"] == luis.id
    assert [line["to"] for line in application["history"]] == ["received", "assigned"]
    [mail] = [m for m in outbox() if m["to"] == luis.email]
    assert "tipo de crédito: PTMO. CONSUMO" in mail["text"]
    assert _audit("credit.application_auto_assigned")[0].actor_id == "sistema"


def test_a_shared_queue_is_seen_by_its_operators_and_taken_once(cast):
    admin, member, luis, vera, otro = (cast[k] for k in ("admin", "member", "luis", "vera",
                                                         "otro"))
    assert _rule(admin, "ticket", "ahorros", "shared_queue", luis, vera).status == 200
    ticket = a_ticket(member, category="ahorros")
    assert ticket["status"] == "open"
    for operator in (luis, vera):
        queue = operator.api.get("/api/tickets/queue").json["items"]
        assert [item["id"] for item in queue] == [ticket["id"]]
        assert operator.api.get("/api/tickets").json["items"] == []  # not assigned to them
    assert otro.api.get("/api/tickets/queue").json["items"] == []
    assert otro.api.post(f"/api/tickets/{ticket['id']}/take").status == 404

    taken = luis.api.post(f"/api/tickets/{ticket['id']}/take")
    assert taken.status == 200 and taken.json["assignee_id"] == luis.id
    late = vera.api.post(f"/api/tickets/{ticket['id']}/take")
    assert late.status == 409 and late.json["error"]["code"] == "already_taken"
    assert vera.api.get("/api/tickets/queue").json["items"] == []
    assert luis.api.get(f"/api/tickets/{ticket['id']}").status == 200
    assert vera.api.get(f"/api/tickets/{ticket['id']}").status == 404


def test_two_operators_taking_at_once_one_wins(cast, atomic_requests):
    admin, member, luis, vera = cast["admin"], cast["member"], cast["luis"], cast["vera"]
    assert _rule(admin, "credit", "CONSUMO", "shared_queue", luis, vera).status == 200
    application = an_application(member)
    assert [a["id"] for a in vera.api.get("/api/credit/applications/queue").json["items"]] == \
        [application["id"]]
    start = threading.Barrier(2)

    def take(operator: Person) -> str:
        principal = Principal(user_id=operator.id, role=Role.OPERATOR, dni=None,
                              totp_enabled=True, session_id=operator.id)
        start.wait()
        try:
            return routing.take_application(principal, application["id"], TEST_CONTEXT)[
                "assignee_id"]
        except Conflict as refusal:
            return refusal.code

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(take, (luis, vera)))
    assert results.count("already_taken") == 1
    winner = next(r for r in results if r != "already_taken")
    detail = admin.api.get(f"/api/credit/applications/{application['id']}").json
    assert detail["assignee_id"] == winner and detail["status"] == "assigned"


def test_only_admins_reach_the_rules_and_bad_input_is_refused_in_spanish(cast):
    admin, luis, member, otro = cast["admin"], cast["luis"], cast["member"], cast["otro"]
    assert luis.api.get("/api/admin/routing").status == 403
    assert member.api.put("/api/admin/routing/ticket/aportes",
                          {"mode": "none", "operators": []}).status == 403
    view = admin.api.get("/api/admin/routing").json
    assert {"kind": "credit", "key": "CONSUMO"}.items() <= next(
        q for q in view["queues"] if q["kind"] == "credit").items()
    assert {o["id"] for o in view["operators"]} >= {luis.id, otro.id}

    bad = [({"mode": "turnos", "operators": []}, "mode"),
           ({"mode": "round_robin", "operators": []}, "operators"),
           ({"mode": "round_robin", "operators": [luis.id, luis.id]}, "operators"),
           ({"mode": "round_robin", "operators": [admin.id]}, "operators"),
           ({"mode": "round_robin", "operators": [member.id]}, "operators")]
    for body, field in bad:
        answer = admin.api.put("/api/admin/routing/ticket/aportes", body)
        assert answer.status == 400, body
        assert field in answer.json["error"]["fields"]
    assert admin.api.put("/api/admin/routing/ticket/nada",
                         {"mode": "none", "operators": []}).status == 400
    assert admin.api.put("/api/admin/routing/otro/aportes",
                         {"mode": "none", "operators": []}).status == 400
    assert _rule(admin, "ticket", "aportes", "shared_queue", luis, otro).status == 200
    [record] = _audit("routing.rule_changed")
    assert record.target == "routing:ticket#aportes"


def test_the_demo_cooperative_routes_access_tickets_to_its_operators_by_turns(app):
    from dev import seed

    seed.create_demo_users()
    seed.set_demo_routing()
    seed.set_demo_routing()  # idempotent: a rule already there is kept
    member = Person(app, Role.MEMBER)
    first, second = (a_ticket(member, category="acceso", subject=f"Acceso {n}")
                     for n in (1, 2))
    assert first["status"] == second["status"] == "assigned"
    admin = Person(app, Role.ADMIN)
    names = {admin.api.get(f"/api/tickets/{t['id']}").json["assignee_name"]
             for t in (first, second)}
    assert names == {"Carlos Paredes Núñez", "Lucía Salazar Díaz"}
    assert a_ticket(member, category="aportes", subject="Sin reparto")["status"] == "open"


def test_tickets_arriving_at_once_alternate_between_the_operators(cast, atomic_requests):
    from chalicelib.domain.tickets.tickets import parse_new_ticket
    from chalicelib.services.tickets import tickets

    admin, member, luis, vera = cast["admin"], cast["member"], cast["luis"], cast["vera"]
    assert _rule(admin, "ticket", "prestamos", "round_robin", luis, vera).status == 200
    principal = Principal(user_id=member.id, role=Role.MEMBER, dni=member.user.dni,
                          totp_enabled=False, session_id="s")
    start = threading.Barrier(4)

    def open_one(index: int) -> str:
        form = parse_new_ticket({"subject": f"Cuota {index}", "category": "prestamos",
                                 "message": "¿Cuándo vence mi cuota?"})
        start.wait()
        return tickets.open_ticket(principal, form, TEST_CONTEXT)["status"]

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(open_one, range(4))) == ["assigned"] * 4
    assert len(luis.api.get("/api/tickets").json["items"]) == 2
    assert len(vera.api.get("/api/tickets").json["items"]) == 2
