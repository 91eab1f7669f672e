"""E-mails are queued by requests and delivered by the notifier; a failed send is retried."""

from __future__ import annotations

import json

from chalicelib.domain.emails import compose
from chalicelib.handlers.notifier import notifier
from chalicelib.services import notifications
from chalicelib.store import mail
from chalicelib.store.aws import client


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
