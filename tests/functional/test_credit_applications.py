"""Credit applications through the API: the workflow across the three roles, every refusal,
e-mails, history, lists, the dashboard, and optimistic locking."""

from __future__ import annotations

from chalicelib.domain.shared.permissions import Role
from chalicelib.store.shared.models import ApplicationModel, AuditModel
from tests.functional.builders import mails_to
from tests.functional.credit_builders import (
    Person,
    a_credit_product,
    an_application,
    assigned,
    moved,
    simulation_inputs,
    someone_else_observes_first,
)


def _people(app):
    a_credit_product()
    return (Person(app, Role.MEMBER, first_name="Rosa", last_name="Huamán Quispe"),
            Person(app, Role.OPERATOR, first_name="Óscar", last_name="Paredes"),
            Person(app, Role.ADMIN, first_name="Ada", last_name="Torres"))


def test_from_application_to_disbursement_across_the_three_roles(app, outbox):
    member, operator, admin = _people(app)
    # the same amount for both: an_application's default changes with every application sent
    simulation = member.api.post("/api/credit/simulations", simulation_inputs()).json
    application = an_application(member, amount=simulation_inputs()["amount"])
    assert application["status"] == "received" and application["number"] >= 1
    assert application["installment"] == simulation["installment"]
    assert application["schedule"] == simulation["schedule"]
    assert application["member_name"] == "Rosa Huamán Quispe"

    after_assign = assigned(admin, application, operator)
    assert (after_assign["status"], after_assign["assignee_id"]) == ("assigned", operator.id)
    moved(operator, application, "in_review")
    observed = moved(operator, application, "observed", "Adjunte su última boleta de pago.")
    assert observed["status"] == "observed"
    moved(operator, application, "in_review")
    approved = moved(operator, application, "approved")
    assert approved["decided_at"]
    disbursed = moved(admin, application, "disbursed")
    assert disbursed["status"] == "disbursed" and disbursed["allowed_statuses"] == []

    seen = member.api.get(f"/api/credit/applications/{application['id']}").json
    assert [(h["from"], h["to"]) for h in seen["history"]] == [
        (None, "received"), ("received", "assigned"), ("assigned", "in_review"),
        ("in_review", "observed"), ("observed", "in_review"), ("in_review", "approved"),
        ("approved", "disbursed")]
    observation = seen["history"][3]
    assert observation["actor"] == {"id": operator.id, "role": "operator",
                                    "name": "Óscar Paredes"}
    assert observation["observation"] == "Adjunte su última boleta de pago."
    assert observation["at"].endswith("Z")
    assert seen["history"][1]["assignee"] == {"id": operator.id, "name": "Óscar Paredes"}
    assert [o["text"] for o in seen["observations"]] == ["Adjunte su última boleta de pago."]

    to_operator = mails_to(outbox, operator.email)
    assert [mail["subject"] for mail in to_operator] == [
        f"Se te asignó la solicitud de crédito N° {application['number']}"]
    to_member = [mail["subject"] for mail in mails_to(outbox, member.email)]
    number = application["number"]
    assert to_member == [f"Tu solicitud de crédito N° {number}: {label}"
                         for label in ("observada", "aprobada", "desembolsada")]
    assert "boleta" not in "".join(mail["text"] for mail in mails_to(outbox, member.email))

    actions = [record.action for record in AuditModel.scan()
               if record.target == f"credit_application:{application['id']}"]
    assert actions.count("credit.application_status_changed") == 5
    assert {"credit.application_submitted", "credit.application_assigned"} <= set(actions)


def test_a_rejection_needs_its_reason_and_e_mails_the_member(app, outbox):
    member, operator, admin = _people(app)
    application = an_application(member)
    assigned(admin, application, operator)
    moved(operator, application, "in_review")
    without = operator.api.post(f"/api/credit/applications/{application['id']}/status",
                                {"status": "rejected"})
    assert without.status == 400 and "observation" in without.json["error"]["fields"]
    rejected = moved(operator, application, "rejected", "Capacidad de pago insuficiente.")
    assert rejected["status"] == "rejected" and rejected["observations"][0]["status"] == \
        "rejected"
    assert [m["subject"] for m in mails_to(outbox, member.email)] == [
        f"Tu solicitud de crédito N° {application['number']}: rechazada"]


def test_an_identical_application_while_one_is_open_is_409_naming_it_and_audited(app):
    """Same member, product, amount and term: refused until the open one is finished."""
    member, operator, admin = _people(app)
    first = an_application(member, amount="7000")
    again = member.api.post("/api/credit/applications",
                            simulation_inputs(amount="7000.00", payment_method="ventanilla"))
    assert again.status == 409
    assert again.json["error"] == {
        "code": "duplicate_application",
        "message": f"Ya tienes la solicitud N° {first['number']} de este crédito en curso. "
                   "Espera su respuesta o escríbenos por el Buzón."}
    assert an_application(member, amount="7001")["status"] == "received"
    denied = [r for r in AuditModel.scan()
              if r.action == "credit.application_submitted" and r.outcome == "denied"]
    assert [r.actor_id for r in denied] == [member.user.user_id]
    assert "duplicate_application" in str(denied[0].details)

    assigned(admin, first, operator)
    moved(operator, first, "in_review")
    moved(operator, first, "rejected", "Capacidad de pago insuficiente.")
    assert an_application(member, amount="7000")["status"] == "received"


def test_moves_outside_the_workflow_are_409_invalid_transition(app):
    member, operator, admin = _people(app)
    application = an_application(member)
    url = f"/api/credit/applications/{application['id']}/status"
    assert admin.api.post(url, {"status": "approved"}).error_code == "invalid_transition"
    assigned(admin, application, operator)
    for status in ("approved", "disbursed", "received", "assigned", "observed"):
        answer = operator.api.post(url, {"status": status, "observation": "x"})
        assert answer.status == 409 and answer.error_code == "invalid_transition", status
    moved(operator, application, "in_review")
    moved(operator, application, "rejected", "No califica.")
    assert operator.api.post(url, {"status": "in_review"}).status == 409
    reassign = admin.api.post(f"/api/credit/applications/{application['id']}/assign",
                              {"operator_id": operator.id})
    assert reassign.status == 409 and reassign.error_code == "invalid_transition"
    assert operator.api.post(url, {"status": "paid"}).status == 400


def test_an_admin_hands_an_open_application_to_another_operator(app, outbox):
    member, operator, admin = _people(app)
    other = Person(app, Role.OPERATOR)
    application = an_application(member)
    assigned(admin, application, operator)
    moved(operator, application, "in_review")
    handed = assigned(admin, application, other)
    assert (handed["status"], handed["assignee_id"]) == ("in_review", other.id)
    url = f"/api/credit/applications/{application['id']}"
    assert operator.api.get(url).status == 404
    assert other.api.get(url).status == 200
    assert len(mails_to(outbox, other.email)) == 1


def test_only_active_operators_are_assigned(app):
    member, _, admin = _people(app)
    application = an_application(member)
    url = f"/api/credit/applications/{application['id']}/assign"
    candidates = [Person(app, Role.OPERATOR, status="inactive").id, member.id, admin.id,
                  "no-such-user", "", None, 42, "x" * 500]
    for candidate in candidates:
        answer = admin.api.post(url, {"operator_id": candidate})
        assert answer.status == 400, candidate
        assert "operator_id" in answer.json["error"]["fields"]


# --- refusals ---------------------------------------------------------------------------------


def test_members_never_reach_the_staff_routes(app):
    member, _, _ = _people(app)
    application = an_application(member)
    base = f"/api/credit/applications/{application['id']}"
    assert member.api.post(f"{base}/assign", {"operator_id": member.id}).status == 403
    assert member.api.post(f"{base}/status", {"status": "in_review"}).status == 403
    assert member.api.get("/api/credit/stats").status == 403


def test_staff_do_not_apply_and_operators_do_not_assign(app):
    member, operator, _ = _people(app)
    application = an_application(member)
    assert operator.api.post("/api/credit/applications", simulation_inputs()).status == 403
    assert operator.api.post(f"/api/credit/applications/{application['id']}/assign",
                             {"operator_id": operator.id}).status == 403


def test_staff_without_totp_are_sent_to_enrolment(app):
    admin = Person(app, Role.ADMIN, totp_secret=None)
    answer = admin.api.get("/api/credit/applications")
    assert answer.status == 403 and answer.error_code == "totp_enrolment_required"


def test_another_members_application_is_404_and_the_refusal_is_audited(app):
    member, _, _ = _people(app)
    stranger = Person(app, Role.MEMBER)
    application = an_application(member)
    answer = stranger.api.get(f"/api/credit/applications/{application['id']}")
    assert answer.status == 404
    assert stranger.api.get(f"/api/credit/applications/{'0' * 32}").json == answer.json
    assert stranger.api.get("/api/credit/applications/not-an-id").status == 404
    denied = [r for r in AuditModel.scan() if r.action == "credit.application_access_denied"]
    assert [(r.actor_id, r.outcome) for r in denied] == [(stranger.user.user_id, "denied")]


def test_an_operator_cannot_read_or_move_another_operators_application(app):
    member, operator, admin = _people(app)
    other = Person(app, Role.OPERATOR)
    application = an_application(member)
    assigned(admin, application, operator)
    base = f"/api/credit/applications/{application['id']}"
    assert other.api.get(base).status == 404
    answer = other.api.post(f"{base}/status", {"status": "in_review"})
    assert answer.status == 404 and answer.error_code == "application_not_found"
    assert other.api.get("/api/credit/applications").json["items"] == []


def test_a_member_cannot_set_status_number_owner_or_assignee_of_an_application(app):
    """Mass assignment: workflow fields are refused (400 ``read_only_field``, as in the buzón);
    figures sent back from a simulation are ignored and recomputed on the server."""
    member, operator, _ = _people(app)
    victim = Person(app, Role.MEMBER)
    owned = {"status": "approved", "number": 1, "member_id": victim.id,
             "assignee_id": operator.id, "id": "0" * 32, "history": []}
    for name, value in owned.items():
        answer = member.api.post("/api/credit/applications",
                                 simulation_inputs(**{name: value}))
        assert answer.status == 400 and answer.error_code == "read_only_field", name
        assert list(answer.json["error"]["fields"]) == [name]
    assert member.api.get("/api/credit/applications").json["items"] == []

    figures = simulation_inputs(installment="1.00", tea="0.0001", tcea="0.0001", schedule=[],
                                total_payable="1.00")
    answer = member.api.post("/api/credit/applications", figures)
    assert answer.status == 201
    body = answer.json
    assert (body["status"], body["member_id"], body["assignee_id"]) == (
        "received", member.id, None)
    assert body["tea"] == "0.1800" and body["installment"] != "1.00"
    assert len(body["schedule"]) == 12 and body["total_payable"] != "1.00"
    stored = ApplicationModel.get(body["id"])
    assert (stored.member_id, stored.status, stored.assignee_id) == (member.id, "received",
                                                                     None)
    assert victim.api.get("/api/credit/applications").json["items"] == []


def test_bad_application_inputs_are_400_like_the_simulation(app):
    member, _, _ = _people(app)
    answer = member.api.post("/api/credit/applications", simulation_inputs(amount="1"))
    assert answer.status == 400 and "amount" in answer.json["error"]["fields"]
    assert member.api.get("/api/credit/applications").json["items"] == []


# --- lists and the dashboard ---------------------------------------------------------------


def test_each_role_lists_what_it_may_see_with_filters_and_pages(app):
    member, operator, admin = _people(app)
    other_member = Person(app, Role.MEMBER)
    mine = [an_application(member) for _ in range(3)]
    theirs = an_application(other_member)
    assigned(admin, mine[0], operator)
    assigned(admin, theirs, operator)

    own = member.api.get("/api/credit/applications").json
    assert [item["id"] for item in own["items"]] == [a["id"] for a in reversed(mine)]
    assert "schedule" not in own["items"][0] and own["next_cursor"] is None
    queue = operator.api.get("/api/credit/applications").json["items"]
    assert {item["id"] for item in queue} == {mine[0]["id"], theirs["id"]}
    by_status = admin.api.get("/api/credit/applications?status=received").json["items"]
    assert {item["id"] for item in by_status} == {mine[1]["id"], mine[2]["id"]}
    by_assignee = admin.api.get(f"/api/credit/applications?assignee={operator.id}").json
    assert len(by_assignee["items"]) == 2

    seen, cursor = [], None
    while True:
        page = admin.api.get("/api/credit/applications?limit=3"
                             + (f"&cursor={cursor}" if cursor else "")).json
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 4 and len(set(seen)) == 4
    assert seen[:2] == [mine[2]["id"], mine[1]["id"]]  # received first, newest first

    for bad in ("?status=paid", "?limit=0", "?limit=500", "?cursor=garbage"):
        assert admin.api.get(f"/api/credit/applications{bad}").status == 400, bad


def test_the_dashboard_counts_by_status_mine_and_all_and_days_to_decision(app):
    member, operator, admin = _people(app)
    other = Person(app, Role.OPERATOR)
    first, second, third = (an_application(member) for _ in range(3))
    for application in (first, second):
        assigned(admin, application, operator)
        moved(operator, application, "in_review")
    moved(operator, first, "approved")
    assigned(admin, third, other)

    stats = operator.api.get("/api/credit/stats")
    assert stats.status == 200
    body = stats.json
    assert body["all"]["by_status"] == {"received": 0, "assigned": 1, "in_review": 1,
                                        "observed": 0, "approved": 1, "rejected": 0,
                                        "disbursed": 0}
    assert body["all"]["total"] == 3 and body["all"]["decided"] == 1
    assert body["mine"]["by_status"]["in_review"] == 1
    assert body["mine"]["by_status"]["approved"] == 1 and body["mine"]["total"] == 2
    assert body["mine"]["average_days_to_decision"] == 0.0
    assert [s["label"] for s in body["statuses"]][:2] == ["Recibida", "Asignada"]
    admin_view = admin.api.get("/api/credit/stats").json
    assert admin_view["all"] == body["all"] and admin_view["mine"]["total"] == 0
    assert admin_view["mine"]["average_days_to_decision"] is None


# --- optimistic locking -------------------------------------------------------------------


def test_two_staff_changing_one_application_at_once_never_lose_a_write(app, monkeypatch):
    """Both read version N; the first write wins, the second gets 409 and writes nothing."""
    member, operator, admin = _people(app)
    application = an_application(member)
    assigned(admin, application, operator)
    moved(operator, application, "in_review")
    someone_else_observes_first(monkeypatch, admin, application["id"])
    loser = operator.api.post(f"/api/credit/applications/{application['id']}/status",
                              {"status": "approved"})
    assert loser.status == 409 and loser.error_code == "concurrent_update"

    final = admin.api.get(f"/api/credit/applications/{application['id']}").json
    assert final["status"] == "observed"
    assert [h["to"] for h in final["history"]][-1] == "observed"
    stats = admin.api.get("/api/credit/stats").json["all"]
    assert stats["by_status"]["observed"] == 1 and stats["decided"] == 0
