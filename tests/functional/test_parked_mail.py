"""SQS unreachable when a request queues an e-mail: the request still answers (its change is
committed), the e-mail is parked in DynamoDB, and the notifier's scheduled sweep queues it once
SQS is back, so it is neither lost nor sent twice.

The failure is injected at the boto3 SQS client the app really uses (``before-send``), raising the
connection error botocore raises when the endpoint cannot be reached; one attempt per call keeps
botocore's retry sleeps out of the test.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import EndpointConnectionError

from chalicelib.domain.shared.emails import compose
from chalicelib.domain.shared.permissions import Role
from chalicelib.handlers.notifier import notifier
from chalicelib.observability import MAIL_LOST, MAIL_PARKED
from chalicelib.services.shared import notifications
from chalicelib.store.shared import mail
from chalicelib.store.shared.aws import client, reset_clients
from dev.scheduler import scheduled_event
from tests.aws_faults import InjectedFault
from tests.functional.ticket_builders import Person, a_ticket


class SqsUnreachable(InjectedFault):
    """Every SendMessage fails to connect, as when SQS's endpoint is down."""

    service, operation = "sqs", "SendMessage"

    def answer(self, request: Any) -> None:
        raise EndpointConnectionError(endpoint_url=request.url)


@pytest.fixture
def one_attempt(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    reset_clients()
    yield
    reset_clients()


def _queued() -> list[dict[str, Any]]:
    """What the notifications queue holds now (received and deleted)."""
    sqs, url = client("sqs"), mail.notifications_queue_url()
    found = []
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages"):
        for message in messages:
            found.append(json.loads(message["Body"]))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return found


def _parked_subjects() -> list[str]:
    return [message["subject"] for _, message in mail.parked(100)]


def test_a_reply_saved_while_sqs_is_down_answers_201_and_its_email_goes_out_after_the_sweep(
        app: Any, one_attempt: None, outbox: Any, caplog: pytest.LogCaptureFixture) -> None:
    member, admin = Person(app, Role.MEMBER), Person(app, Role.ADMIN)
    operator = Person(app, Role.OPERATOR)
    ticket = a_ticket(member)
    assert admin.api.post(f"/api/tickets/{ticket['id']}/assign",
                          {"operator_id": operator.id}).status == 200
    outbox()  # the assignment's e-mails, delivered before the outage
    subject = f"Nueva respuesta en tu ticket N° {ticket['number']}"

    with SqsUnreachable() as sqs:
        answer = operator.api.post(f"/api/tickets/{ticket['id']}/messages",
                                   {"body": "Ya revisamos su aporte."})
        assert answer.status == 201, answer.json
        assert sqs.attempts == 1
        assert _parked_subjects() == [subject]
        parked_lines = [r for r in caplog.records if r.getMessage().startswith(MAIL_PARKED)]
        assert [r.levelname for r in parked_lines] == ["WARNING"]  # what the alarm counts
        # a sweep while SQS is still down keeps the e-mail parked
        assert notifier(scheduled_event(), None) == {"requeued": 0}
        assert _parked_subjects() == [subject]

    thread = member.api.get(f"/api/tickets/{ticket['id']}").json
    assert [m["body"] for m in thread["messages"]].count("Ya revisamos su aporte.") == 1
    assert notifier(scheduled_event(), None) == {"requeued": 1}
    assert _parked_subjects() == []
    assert notifier(scheduled_event(), None) == {"requeued": 0}
    sent = [(m["to"], m["subject"]) for m in outbox()]
    assert sent.count((member.email, subject)) == 1


def test_the_sweep_queues_oldest_first_and_stops_when_the_queue_fails_again(
        aws: None, one_attempt: None, monkeypatch: pytest.MonkeyPatch) -> None:
    with SqsUnreachable():
        for number in (1, 2, 3):
            notifications.send_email(compose("socia@example.pe", f"Aviso {number}", "Hola."))
    assert _parked_subjects() == ["Aviso 1", "Aviso 2", "Aviso 3"]

    real_enqueue, calls = mail.enqueue, []

    def enqueue_once_then_fail(message: dict[str, Any]) -> None:
        calls.append(message["subject"])
        if len(calls) > 1:
            raise EndpointConnectionError(endpoint_url="https://sqs.us-east-1.amazonaws.com")
        real_enqueue(message)

    monkeypatch.setattr(mail, "enqueue", enqueue_once_then_fail)
    assert notifications.requeue_parked() == 1
    assert calls == ["Aviso 1", "Aviso 2"]
    assert _parked_subjects() == ["Aviso 2", "Aviso 3"]
    monkeypatch.setattr(mail, "enqueue", real_enqueue)
    assert notifications.requeue_parked() == 2
    assert [m["subject"] for m in _queued()] == ["Aviso 1", "Aviso 2", "Aviso 3"]


def test_a_parked_email_keeps_its_text_html_and_expires_with_sqs_retention(
        aws: None, one_attempt: None) -> None:
    from chalicelib.store.shared.models import ParkedMailModel

    email = compose("socio@example.pe", "Activa tu cuenta", "Hola, Ñusta.\n\nhttps://x/activar")
    with SqsUnreachable():
        notifications.send_email(email)
    [item] = list(ParkedMailModel.query(mail.PARKED_SHELF))
    [(_, message)] = mail.parked(10)
    assert message == email.as_message()
    kept_for = item.expires_at - _parked_at(item.parked_id)  # TTL is whole epoch seconds
    assert timedelta(days=14) - timedelta(seconds=1) < kept_for <= timedelta(days=14)


def _parked_at(parked_id: str) -> datetime:
    return datetime.strptime(parked_id.split("#")[0], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


def test_when_neither_sqs_nor_the_table_answer_the_request_still_succeeds_and_logs_the_loss(
        app: Any, one_attempt: None, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    member, admin = Person(app, Role.MEMBER), Person(app, Role.ADMIN)
    operator = Person(app, Role.OPERATOR)
    ticket = a_ticket(member)

    def table_down(*_: Any, **__: Any) -> str:
        raise EndpointConnectionError(endpoint_url="https://dynamodb.us-east-1.amazonaws.com")

    monkeypatch.setattr(mail, "park", table_down)
    with SqsUnreachable(), caplog.at_level(logging.ERROR, logger=notifications.__name__):
        answer = admin.api.post(f"/api/tickets/{ticket['id']}/assign",
                                {"operator_id": operator.id})
    assert answer.status == 200, answer.json
    assert answer.json["assignee_id"] == operator.id
    lost = [r.getMessage() for r in caplog.records if r.getMessage().startswith(MAIL_LOST)]
    assert len(lost) == 2  # the operator's and the member's notices
    assert all("@" in line and member.email not in line and operator.email not in line
               for line in lost)
