"""Credit applications' use cases (``services.credit.applications.ApplicationDesk``) on
in-memory ports: no moto, milliseconds. The HTTP contract of the same behaviour is in
tests/functional/test_credit_*.py."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.domain.credit.application import Person
from chalicelib.domain.credit.applications import Status, StatusChange
from chalicelib.domain.credit.products import CreditProduct
from chalicelib.domain.credit.requests import (
    AssignRequest,
    ListQuery,
    ObservationRequest,
    parse_application_request,
)
from chalicelib.domain.shared.errors import Conflict, InvalidInput, NotFound, Throttled
from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.credit.applications import ApplicationDesk
from tests.unit.in_memory import InMemoryPeople, RecordedAudit, RecordedMail
from tests.unit.in_memory_applications import FixedCatalogue, InMemoryApplications

CONTEXT = RequestContext(ip="203.0.113.9", user_agent="pytest")
CONSUMO = CreditProduct(code="CONSUMO", name="Crédito de consumo", tea=Decimal("0.1350"),
                        insurance_monthly_rate=Decimal("0.0005"), min_amount=Decimal("500"),
                        max_amount=Decimal("30000"), terms_months=(6, 12, 24),
                        payment_methods=("planilla", "ventanilla"))
EVERYONE = ListQuery(status=None, limit=20, cursor=None, assignee="")


@dataclass
class Credit:
    desk: ApplicationDesk
    applications: InMemoryApplications
    people: InMemoryPeople
    mail: RecordedMail
    audit: RecordedAudit
    clock: Any

    def person(self, role: Role, *, active: bool = True) -> Principal:
        user_id = uuid.uuid4().hex
        self.people.add(Person(user_id=user_id, role=role, name=f"{role.value} {user_id[:4]}",
                               email=f"{user_id}@example.pe", active=active, dni="12345678"))
        return Principal(user_id=user_id, role=role, dni=None, totp_enabled=False,
                         session_id="test")

    def later(self) -> None:
        self.clock.shift(timedelta(seconds=1))

    def submit(self, member: Principal, amount: str | None = None) -> str:
        """A new application; by default each one asks for a different amount, so none is a
        duplicate of an open one."""
        amount = amount or str(5000 + len(self.applications.applications))
        form = parse_application_request({"product_code": "consumo", "amount": amount,
                                          "term_months": 12, "payment_method": "ventanilla"})
        answer = self.desk.submit_application(member, form, CONTEXT)
        self.later()
        return str(answer["id"])

    def assign(self, admin: Principal, application_id: str,
               operator: Principal) -> dict[str, Any]:
        answer = self.desk.assign_application(admin, application_id,
                                              AssignRequest(operator.user_id), CONTEXT)
        self.later()
        return answer

    def move(self, staff: Principal, application_id: str, status: Status,
             observation: str | None = None) -> dict[str, Any]:
        answer = self.desk.change_status(staff, application_id,
                                         StatusChange(status, observation), CONTEXT)
        self.later()
        return answer

    def in_review(self, member: Principal, admin: Principal, operator: Principal) -> str:
        application_id = self.submit(member)
        self.assign(admin, application_id, operator)
        self.move(operator, application_id, Status.IN_REVIEW)
        return application_id

    def email_of(self, principal: Principal) -> str:
        return self.people.people[principal.user_id].email


@pytest.fixture
def credit(time_machine: Any) -> Credit:
    """A desk on in-memory ports, its clock stopped at the run's instant."""
    time_machine.move_to(datetime.now(UTC), tick=False)
    applications, people, mail, audit = InMemoryApplications(), InMemoryPeople(), \
        RecordedMail(), RecordedAudit()
    desk = ApplicationDesk(applications=applications, people=people,
                           catalogue=FixedCatalogue(CONSUMO), mailer=mail, audit_log=audit,
                           site_url="https://portal.example.pe/")
    return Credit(desk, applications, people, mail, audit, time_machine)


def cast(credit: Credit) -> tuple[Principal, Principal, Principal]:
    return credit.person(Role.MEMBER), credit.person(Role.ADMIN), credit.person(Role.OPERATOR)


# --- submitting and reading ------------------------------------------------------------------


def test_a_member_submits_a_numbered_received_application_with_its_receipt(
        credit: Credit) -> None:
    member = credit.person(Role.MEMBER)
    form = parse_application_request({"product_code": "CONSUMO", "amount": "5000",
                                      "term_months": 12, "payment_method": "ventanilla"})
    first = credit.desk.submit_application(member, form, CONTEXT)
    second = credit.desk.submit_application(member, replace(form, simulation=replace(
        form.simulation, amount=Decimal("6000"))), CONTEXT)

    assert (first["number"], second["number"]) == (1, 2)
    assert (first["status"], first["version"], first["amount"]) == ("received", 1, "5000.00")
    assert first["installment"] and first["schedule"]  # the simulation, recomputed
    assert [line["to"] for line in first["history"]] == ["received"]
    assert first["history"][0]["actor"]["id"] == member.user_id
    assert "member_email" not in first
    assert credit.applications.counter_values["credit#status#received"] == 2
    assert credit.audit.actions() == ["credit.application_submitted"] * 2
    assert credit.audit.lines[0].details["product"] == "CONSUMO"
    assert credit.mail.sent == []


def test_an_amount_outside_the_product_is_refused_and_nothing_is_numbered(
        credit: Credit) -> None:
    member = credit.person(Role.MEMBER)
    form = parse_application_request({"product_code": "CONSUMO", "amount": "100",
                                      "term_months": 12, "payment_method": "ventanilla"})
    with pytest.raises(InvalidInput) as refused:
        credit.desk.submit_application(member, form, CONTEXT)
    assert set(refused.value.fields) == {"amount"}
    assert credit.applications.applications == {} and credit.applications.next_number() == 1


def test_staff_read_the_member_email_and_members_do_not(credit: Credit) -> None:
    member, admin, _ = cast(credit)
    application_id = credit.submit(member)

    assert credit.desk.read_application(admin, application_id, CONTEXT)["member_email"] == \
        credit.email_of(member)
    assert "member_email" not in credit.desk.read_application(member, application_id, CONTEXT)


def test_a_foreign_application_is_an_audited_404(credit: Credit) -> None:
    member, admin, operator = cast(credit)
    stranger = credit.person(Role.MEMBER)
    application_id = credit.submit(member)

    for who in (stranger, operator):
        with pytest.raises(NotFound) as hidden:
            credit.desk.read_application(who, application_id, CONTEXT)
        assert hidden.value.code == "application_not_found"
    denied = [line for line in credit.audit.lines if line.outcome == "denied"]
    assert [(line.action, line.actor_id, line.target) for line in denied] == [
        ("credit.application_access_denied", who.user_id, f"credit_application:{application_id}")
        for who in (stranger, operator)]
    with pytest.raises(NotFound):
        credit.desk.change_status(operator, application_id,
                                  StatusChange(Status.IN_REVIEW, None), CONTEXT)
    with pytest.raises(NotFound):  # no such application: nothing to audit
        credit.desk.read_application(admin, uuid.uuid4().hex, CONTEXT)
    assert len([line for line in credit.audit.lines if line.outcome == "denied"]) == 3


# --- lists -----------------------------------------------------------------------------------


def test_each_role_lists_what_it_may_see(credit: Credit) -> None:
    member, admin, operator = cast(credit)
    other_member, other_operator = credit.person(Role.MEMBER), credit.person(Role.OPERATOR)
    mine = credit.submit(member)
    theirs = credit.submit(other_member)
    credit.assign(admin, mine, operator)
    credit.assign(admin, theirs, other_operator)
    waiting = credit.submit(other_member)

    def ids(who: Principal, query: ListQuery = EVERYONE) -> list[str]:
        return [item["id"] for item in credit.desk.list_applications(who, query)["items"]]

    assert ids(member) == [mine]
    asking_for_another = ListQuery(None, 20, None, other_operator.user_id)
    assert ids(operator) == ids(operator, asking_for_another) == [mine]
    assert ids(admin) == [waiting, theirs, mine]  # received first, then newest first
    assert ids(admin, asking_for_another) == [theirs]
    assert ids(admin, ListQuery(Status.ASSIGNED, 1, None, "")) == [theirs]
    assert ids(admin, ListQuery(Status.ASSIGNED, 1, "1", "")) == [mine]


def test_an_admin_asking_for_an_overlong_assignee_is_refused(credit: Credit) -> None:
    admin = credit.person(Role.ADMIN)
    with pytest.raises(InvalidInput) as refused:
        credit.desk.list_applications(admin, ListQuery(None, 20, None, "x" * 65))
    assert set(refused.value.fields) == {"assignee"}


# --- assignment ------------------------------------------------------------------------------


def test_an_assignment_moves_the_counters_and_mails_the_operator(credit: Credit) -> None:
    member, admin, operator = cast(credit)
    application_id = credit.submit(member)

    answer = credit.assign(admin, application_id, operator)

    assert (answer["status"], answer["assignee_id"], answer["version"]) == (
        "assigned", operator.user_id, 2)
    assert answer["history"][-1]["assignee"] == {"id": operator.user_id,
                                                 "name": credit.people.people[
                                                     operator.user_id].name}
    assert [e.to for e in credit.mail.sent] == [credit.email_of(operator)]
    assert "N° 1" in credit.mail.sent[0].subject
    counters = credit.applications.counter_values
    assert counters["credit#status#received"] == 0 and counters["credit#status#assigned"] == 1
    assert counters[f"credit#assignee#{operator.user_id}#status#assigned"] == 1
    assigned = credit.audit.lines[-1]
    assert (assigned.action, assigned.details["previous_assignee"],
            assigned.details["to_status"]) == ("credit.application_assigned", "-", "assigned")


def test_a_handover_keeps_the_state_and_moves_the_operators_counters(credit: Credit) -> None:
    member, admin, operator = cast(credit)
    other = credit.person(Role.OPERATOR)
    application_id = credit.in_review(member, admin, operator)

    answer = credit.assign(admin, application_id, other)

    assert (answer["status"], answer["assignee_id"]) == ("in_review", other.user_id)
    counters = credit.applications.counter_values
    assert counters[f"credit#assignee#{operator.user_id}#status#in_review"] == 0
    assert counters[f"credit#assignee#{other.user_id}#status#in_review"] == 1
    assert credit.audit.lines[-1].details["previous_assignee"] == operator.user_id


@pytest.mark.parametrize("assignee", ["admin", "inactive", "unknown", "none"])
def test_only_an_active_operator_takes_an_application(credit: Credit, assignee: str) -> None:
    member, admin, _ = cast(credit)
    application_id = credit.submit(member)
    operator_id = {"admin": admin.user_id,
                   "inactive": credit.person(Role.OPERATOR, active=False).user_id,
                   "unknown": uuid.uuid4().hex, "none": None}[assignee]

    with pytest.raises(InvalidInput) as refused:
        credit.desk.assign_application(admin, application_id, AssignRequest(operator_id),
                                       CONTEXT)
    assert refused.value.code == "invalid_assignee"
    assert credit.applications.writes == 0 and credit.mail.sent == []


def test_a_missing_application_wins_over_a_bad_operator(credit: Credit) -> None:
    admin = credit.person(Role.ADMIN)
    with pytest.raises(NotFound):
        credit.desk.assign_application(admin, uuid.uuid4().hex, AssignRequest(None), CONTEXT)


# --- status moves and observations -----------------------------------------------------------


def test_the_workflow_to_disbursement_writes_its_history_and_tells_the_member(
        credit: Credit) -> None:
    member, admin, operator = cast(credit)
    application_id = credit.in_review(member, admin, operator)
    credit.move(operator, application_id, Status.OBSERVED, "Falta la boleta.")
    credit.move(operator, application_id, Status.IN_REVIEW)
    approved = credit.move(operator, application_id, Status.APPROVED)
    disbursed = credit.move(admin, application_id, Status.DISBURSED)

    assert [line["to"] for line in disbursed["history"]] == [
        "received", "assigned", "in_review", "observed", "in_review", "approved", "disbursed"]
    assert [o["text"] for o in disbursed["observations"]] == ["Falta la boleta."]
    assert approved["decided_at"] is not None and disbursed["decided_at"] == \
        approved["decided_at"]
    assert (disbursed["allowed_statuses"], disbursed["can_observe"]) == ([], False)
    assert [e.subject for e in credit.mail.to(credit.email_of(member))] == [
        "Tu solicitud de crédito N° 1: observada", "Tu solicitud de crédito N° 1: aprobada",
        "Tu solicitud de crédito N° 1: desembolsada"]
    counters = credit.applications.counter_values
    assert (counters["credit#decided#count"], counters["credit#decided#seconds"]) == (1, 5)
    assert counters[f"credit#assignee#{operator.user_id}#decided#count"] == 1
    assert credit.applications.histories[application_id] == disbursed["history"]


def test_a_move_off_the_workflow_is_refused_and_writes_nothing(credit: Credit) -> None:
    member, admin, operator = cast(credit)
    application_id = credit.submit(member)
    credit.assign(admin, application_id, operator)
    writes = credit.applications.writes

    with pytest.raises(Conflict) as refused:
        credit.move(operator, application_id, Status.APPROVED)
    assert refused.value.code == "invalid_transition"
    assert credit.applications.writes == writes


def test_a_member_is_not_mailed_once_their_account_is_inactive(credit: Credit) -> None:
    member, admin, operator = cast(credit)
    application_id = credit.in_review(member, admin, operator)
    credit.people.add(replace(credit.people.people[member.user_id], active=False))
    credit.mail.sent.clear()

    credit.move(operator, application_id, Status.APPROVED)
    assert credit.mail.sent == []


def test_an_observation_joins_the_history_without_a_move_or_a_mail(credit: Credit) -> None:
    member, admin, operator = cast(credit)
    application_id = credit.in_review(member, admin, operator)
    credit.mail.sent.clear()

    noted = credit.desk.add_observation(operator, application_id,
                                        ObservationRequest("Llamé al socio."), CONTEXT)

    assert noted["status"] == "in_review"
    assert (noted["history"][-1]["from"], noted["history"][-1]["to"]) == ("in_review",
                                                                         "in_review")
    assert [o["text"] for o in noted["observations"]] == ["Llamé al socio."]
    assert credit.mail.sent == []
    assert credit.audit.lines[-1].details == {"number": 1, "status": "in_review",
                                              "observation_length": 15}
    assert credit.desk.read_application(member, application_id, CONTEXT)["observations"] == \
        noted["observations"]


def test_a_finished_application_takes_no_observation(credit: Credit) -> None:
    member, admin, operator = cast(credit)
    application_id = credit.in_review(member, admin, operator)
    credit.move(operator, application_id, Status.REJECTED, "Sin capacidad de pago.")

    with pytest.raises(Conflict) as refused:
        credit.desk.add_observation(operator, application_id, ObservationRequest("Otra."),
                                    CONTEXT)
    assert refused.value.code == "application_finished"


# --- races and figures -----------------------------------------------------------------------


def test_of_two_racing_staff_changes_the_loser_gets_a_conflict(credit: Credit) -> None:
    member, admin, operator = cast(credit)
    application_id = credit.in_review(member, admin, operator)
    credit.applications.before_next_write(
        lambda: credit.move(admin, application_id, Status.OBSERVED, "Falta DNI."))

    with pytest.raises(Conflict) as lost:
        credit.desk.add_observation(operator, application_id, ObservationRequest("Llamé."),
                                    CONTEXT)
    assert lost.value.code == "concurrent_update"
    stored = credit.applications.applications[application_id]
    assert stored.status is Status.OBSERVED
    assert [line["to"] for line in credit.applications.histories[application_id]][-1] == \
        "observed"
    assert credit.audit.actions()[-1] == "credit.application_status_changed"


def test_the_dashboard_counts_everyone_and_the_caller(credit: Credit) -> None:
    member, admin, operator = cast(credit)
    application_id = credit.in_review(member, admin, operator)
    credit.submit(member)
    credit.clock.shift(timedelta(days=2))
    credit.move(operator, application_id, Status.APPROVED)

    stats = credit.desk.credit_stats(operator)
    assert (stats["all"]["total"], stats["mine"]["total"]) == (2, 1)
    assert stats["all"]["by_status"]["received"] == 1
    assert stats["mine"]["by_status"]["approved"] == 1
    assert stats["mine"]["average_days_to_decision"] == 2.0
    assert stats["statuses"][0]["status"] == "received"


# --- identical applications --------------------------------------------------------------


def test_an_identical_application_while_one_is_open_is_refused_naming_it(credit: Credit) -> None:
    member = credit.person(Role.MEMBER)
    credit.submit(member, "5000")

    with pytest.raises(Conflict) as refused:
        credit.submit(member, "5000.00")

    assert refused.value.code == "duplicate_application"
    assert refused.value.message == ("Ya tienes la solicitud N° 1 de este crédito en curso. "
                                     "Espera su respuesta o escríbenos por el Buzón.")
    assert len(credit.applications.applications) == 1
    denied = credit.audit.lines[-1]
    assert (denied.action, denied.outcome) == ("credit.application_submitted", "denied")
    assert denied.details["reason"] == "duplicate_application"


def test_another_amount_or_another_member_is_not_a_duplicate(credit: Credit) -> None:
    member, other = credit.person(Role.MEMBER), credit.person(Role.MEMBER)
    credit.submit(member, "5000")
    credit.submit(member, "5001")
    credit.submit(other, "5000")
    assert len(credit.applications.applications) == 3


def test_once_the_open_one_is_finished_the_same_application_is_taken_again(
        credit: Credit) -> None:
    member, admin, operator = cast(credit)
    application_id = credit.in_review(member, admin, operator)
    amount = credit.applications.applications[application_id].simulation["amount"]
    credit.move(operator, application_id, Status.REJECTED, "Sin capacidad de pago.")

    credit.submit(member, str(amount))
    assert len(credit.applications.applications) == 2


def test_past_the_daily_limit_a_member_waits_for_lima_midnight(credit: Credit) -> None:
    """Three a Lima day by default: the fourth is an audited 429 until midnight in Lima."""
    credit.clock.move_to(datetime(2026, 12, 3, 4, 0, tzinfo=UTC), tick=False)  # 23:00 in Lima
    member = credit.person(Role.MEMBER)
    for amount in ("5000", "5001", "5002"):
        credit.submit(member, amount)

    with pytest.raises(Throttled) as refused:
        credit.submit(member, "5003")

    assert (refused.value.code, refused.value.retry_after_seconds) == (
        "daily_limit_reached", 3600 - 3)  # each submission moved the clock a second
    assert refused.value.message == ("Alcanzaste el máximo de 3 solicitudes de crédito por "
                                     "día. Podrás enviar otra mañana.")
    assert len(credit.applications.applications) == 3
    denied = credit.audit.lines[-1]
    assert (denied.outcome, denied.details["reason"]) == ("denied", "daily_limit_reached")

    credit.clock.shift(timedelta(hours=1))
    credit.submit(member, "5003")
    assert len(credit.applications.applications) == 4


def test_every_record_on_an_application_names_its_member_as_the_subject(
        credit: Credit) -> None:
    member, admin, operator = cast(credit)
    application_id = credit.in_review(member, admin, operator)
    credit.move(operator, application_id, Status.OBSERVED, "Falta la boleta")

    assert [(line.action, line.subject_id) for line in credit.audit.lines] == [
        ("credit.application_submitted", member.user_id),
        ("credit.application_assigned", member.user_id),
        ("credit.application_status_changed", member.user_id),
        ("credit.application_status_changed", member.user_id)]
