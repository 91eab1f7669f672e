"""E-mails are queued by requests and delivered by the notifier; a failed send is retried."""

from __future__ import annotations

import json

from chalicelib.domain.shared.emails import compose
from chalicelib.handlers.notifier import notifier
from chalicelib.services.shared import notifications
from chalicelib.store.shared import mail
from chalicelib.store.shared.aws import client


def test_a_queued_email_reaches_the_outbox_with_text_and_html(outbox):
    notifications.send_email(compose("socia@example.pe", "Activa tu cuenta", "Hola, Ñusta."))
    [sent] = outbox()
    assert sent["to"] == "socia@example.pe"
    assert sent["subject"] == "Activa tu cuenta"
    assert "Hola, Ñusta." in sent["text"]
    assert "<p>Hola, Ñusta.</p>" in sent["html"]
    assert sent["sent_at"].endswith("Z")


def test_a_failed_send_is_reported_for_retry_and_not_lost(aws, monkeypatch):
    notifications.send_email(compose("socio@example.pe", "Aviso", "Texto"))
    queue_url = mail.notifications_queue_url()
    received = client("sqs").receive_message(QueueUrl=queue_url, MaxNumberOfMessages=1)
    [message] = received["Messages"]
    record = {"messageId": message["MessageId"], "body": message["Body"]}

    def broken_send(**_: str) -> str:
        raise ConnectionError("SES no responde")

    monkeypatch.setattr(mail, "send", broken_send)
    assert notifier({"Records": [record]}, None) == {
        "batchItemFailures": [{"itemIdentifier": message["MessageId"]}]}
    monkeypatch.undo()
    assert notifier({"Records": [record]}, None) == {"batchItemFailures": []}
    assert json.loads(message["Body"])["to"] == "socio@example.pe"


def _buzon_emails(app) -> list[tuple[str, str]]:
    """Queue the buzón's e-mails of a short conversation; returns (to, subject) of each."""
    from chalicelib.domain.shared.permissions import Role
    from tests.functional.ticket_builders import Person, a_ticket

    member, admin = Person(app, Role.MEMBER), Person(app, Role.ADMIN)
    operator = Person(app, Role.OPERATOR)
    created = a_ticket(member)
    ticket_id, number = created["id"], created["number"]
    admin.api.post(f"/api/tickets/{ticket_id}/assign", {"operator_id": operator.id})
    operator.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "Revisado."})
    member.api.post(f"/api/tickets/{ticket_id}/messages", {"body": "Gracias."})
    operator.api.post(f"/api/tickets/{ticket_id}/status", {"status": "resolved"})
    return [(operator.email, f"Se te asignó el ticket N° {number}"),
            (member.email, f"Tu ticket N° {number} ya tiene un responsable"),
            (member.email, f"Nueva respuesta en tu ticket N° {number}"),
            (operator.email, f"El socio respondió en el ticket N° {number}"),
            (member.email, f"Tu ticket N° {number} está resuelto")]


def _queue_is_empty(queue_url: str) -> bool:
    sqs = client("sqs")
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    return attributes["ApproximateNumberOfMessages"] == "0" and \
        attributes["ApproximateNumberOfMessagesNotVisible"] == "0"


def _retry_at_once(queue_url: str) -> None:
    """SQS hands a reported failure out again when its visibility timeout ends; 0 s lets the test
    see that retry without waiting the production timeout."""
    client("sqs").set_queue_attributes(QueueUrl=queue_url, Attributes={"VisibilityTimeout": "0"})


def test_buzon_emails_survive_a_mail_service_outage_none_lost_none_doubled(app, monkeypatch):
    from dev.local_outbox import sent_emails
    from dev.queue_poller import drain, drain_once

    expected = _buzon_emails(app)
    queue_url = mail.notifications_queue_url()
    _retry_at_once(queue_url)
    attempts: list[str] = []

    def ses_down(**fields: str) -> str:
        attempts.append(fields["to"])
        raise ConnectionError("SES no responde")

    monkeypatch.setattr(mail, "send", ses_down)
    assert drain_once(queue_url, notifier) == 0  # the whole batch reported back to SQS
    assert len(attempts) == len(expected) and sent_emails() == []
    monkeypatch.undo()

    assert drain(queue_url, notifier) == len(expected)
    assert sorted((m["to"], m["subject"]) for m in sent_emails()) == sorted(expected)
    assert _queue_is_empty(queue_url)
    assert _queue_is_empty(client("sqs").get_queue_url(
        QueueName=f"{queue_url.rsplit('/', 1)[-1]}-dlq")["QueueUrl"])


def test_one_failed_send_in_a_batch_is_retried_alone(app, monkeypatch):
    from dev.local_outbox import sent_emails
    from dev.queue_poller import drain

    expected = _buzon_emails(app)
    queue_url = mail.notifications_queue_url()
    _retry_at_once(queue_url)
    real_send, failed_once = mail.send, []

    def flaky(**fields: str) -> str:
        if "está resuelto" in fields["subject"] and not failed_once:
            failed_once.append(fields["subject"])
            raise TimeoutError("SES tardó demasiado")
        return real_send(**fields)

    monkeypatch.setattr(mail, "send", flaky)
    assert drain(queue_url, notifier) == len(expected)
    assert failed_once  # it did fail once, and was delivered on the retry
    delivered = [(m["to"], m["subject"]) for m in sent_emails()]
    assert sorted(delivered) == sorted(expected)
    assert delivered[-1] == expected[-1]  # the retried one arrives last, once
    assert _queue_is_empty(queue_url)
