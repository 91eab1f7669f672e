"""The notifier while SES fails: the e-mails stay on the queue, not lost, and go out once.

tests/functional/test_notifier.py already proves a failed send is reported and retried (with
``mail.send`` replaced and a zero visibility timeout). Here SES itself fails, at the boto3
client the notifier really uses, and SQS runs for real on moto's server: the message is hidden
for its visibility timeout and handed out again, lands in the dead-letter queue after the
queue's maxReceiveCount, and once SES recovers each e-mail is delivered exactly once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse

from chalicelib.domain.shared.emails import compose
from chalicelib.handlers.notifier import notifier
from chalicelib.services.shared import notifications
from chalicelib.store.shared import mail
from chalicelib.store.shared.aws import client, reset_clients
from dev.local_outbox import sent_emails
from tests.aws_faults import InjectedFault
from tests.faults.conftest import Stack

VISIBILITY_SECONDS = 1


class _Body:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


class SesFailing(InjectedFault):
    """SES answers every SendRawEmail with ``code``: the request never leaves the process, and
    botocore parses the error as it would SES's own answer."""

    service, operation = "ses", "SendRawEmail"

    def __init__(self, code: str, status: int) -> None:
        super().__init__()
        self.code, self.status = code, status

    def answer(self, request: Any) -> AWSResponse:
        body = ('<ErrorResponse xmlns="http://ses.amazonaws.com/doc/2010-12-01/"><Error>'
                f'<Type>Sender</Type><Code>{self.code}</Code><Message>SES no disponible'
                '</Message></Error><RequestId>fault-test</RequestId></ErrorResponse>')
        return AWSResponse(request.url, self.status, {"Content-Type": "text/xml"},
                           _Body(body.encode()))


@pytest.fixture
def queue(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> str:
    """The app's notifications queue (its redrive policy untouched) with a short visibility
    timeout. botocore's own retries of a throttled call happen inside one send, with backoff
    sleeps; one attempt per send keeps the test fast and changes nothing the queue sees."""
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    reset_clients()
    url = mail.notifications_queue_url()
    client("sqs").set_queue_attributes(
        QueueUrl=url, Attributes={"VisibilityTimeout": str(VISIBILITY_SECONDS)})
    return url


def _poll(queue_url: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """One poll of the event source mapping: receive a batch, invoke the notifier, delete the
    records it did not report as failed."""
    sqs = client("sqs")
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10,
                                   AttributeNames=["All"]).get("Messages", [])
    if not messages:
        return [], {}
    answer = notifier({"Records": [{"messageId": m["MessageId"], "body": m["Body"],
                                    "receiptHandle": m["ReceiptHandle"],
                                    "eventSource": "aws:sqs"} for m in messages]}, None)
    failed = {item["itemIdentifier"] for item in answer["batchItemFailures"]}
    for message in messages:
        if message["MessageId"] not in failed:
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
    return messages, answer


def _after_visibility_timeout() -> None:
    time.sleep(VISIBILITY_SECONDS + 0.2)


def _receive_counts(messages: list[dict[str, Any]]) -> set[str]:
    return {m["Attributes"]["ApproximateReceiveCount"] for m in messages}


def _queued_mails(count: int) -> list[tuple[str, str]]:
    """Queue ``count`` e-mails as the requests do; returns their (to, subject)."""
    mails = [(f"socio{n}@example.pe", f"Tu ticket N° {n} ya tiene un responsable")
             for n in range(1, count + 1)]
    for to, subject in mails:
        notifications.send_email(compose(to, subject, "Hola."))
    return mails


def _depth(queue_url: str) -> tuple[str, str]:
    attributes = client("sqs").get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    return (attributes["ApproximateNumberOfMessages"],
            attributes["ApproximateNumberOfMessagesNotVisible"])


def _dead_letter_queue(queue_url: str) -> tuple[str, int]:
    attributes = client("sqs").get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["RedrivePolicy"])["Attributes"]
    policy = json.loads(attributes["RedrivePolicy"])
    name = policy["deadLetterTargetArn"].rsplit(":", 1)[-1]
    return (client("sqs").get_queue_url(QueueName=name)["QueueUrl"],
            int(policy["maxReceiveCount"]))


def _sent() -> list[tuple[str, str]]:
    return sorted((m["to"], m["subject"]) for m in sent_emails())


def test_mails_wait_on_the_queue_while_ses_throttles_and_go_out_once_when_it_recovers(
        queue: str) -> None:
    expected = _queued_mails(3)
    with SesFailing("Throttling", 400) as ses:
        for attempt in ("1", "2"):
            messages, answer = _poll(queue)
            assert len(messages) == 3 and _receive_counts(messages) == {attempt}
            assert sorted(f["itemIdentifier"] for f in answer["batchItemFailures"]) == sorted(
                m["MessageId"] for m in messages)
            assert _poll(queue) == ([], {}), "hidden until the visibility timeout ends"
            assert _depth(queue) == ("0", "3")
            _after_visibility_timeout()
    assert ses.attempts == 6 and sent_emails() == []

    messages, answer = _poll(queue)
    assert _receive_counts(messages) == {"3"} and answer == {"batchItemFailures": []}
    assert _sent() == sorted(expected)
    _after_visibility_timeout()
    assert _poll(queue) == ([], {}) and _depth(queue) == ("0", "0")
    assert _depth(_dead_letter_queue(queue)[0]) == ("0", "0")
    assert _sent() == sorted(expected), "each e-mail exactly once"


def test_a_mail_ses_keeps_refusing_is_kept_in_the_dead_letter_queue_and_sent_once_redriven(
        queue: str) -> None:
    [expected] = _queued_mails(1)
    dead_letters, max_receives = _dead_letter_queue(queue)
    assert max_receives == 5  # resources.py and infra's MAX_RECEIVE_COUNT
    with SesFailing("ServiceUnavailable", 503) as ses:
        for attempt in range(1, max_receives + 1):
            messages, answer = _poll(queue)
            assert _receive_counts(messages) == {str(attempt)}
            assert answer["batchItemFailures"] == [{"itemIdentifier": messages[0]["MessageId"]}]
            _after_visibility_timeout()
        assert _poll(queue) == ([], {}), "past maxReceiveCount SQS moves it, not the notifier"
    assert ses.attempts == max_receives and sent_emails() == []
    assert _depth(queue) == ("0", "0") and _depth(dead_letters) == ("1", "0")

    # SES is back; an operator moves the dead letters to their source queue (what SQS's
    # StartMessageMoveTask does; moto has no such task).
    sqs = client("sqs")
    [dead] = sqs.receive_message(QueueUrl=dead_letters, MaxNumberOfMessages=10)["Messages"]
    assert json.loads(dead["Body"])["to"] == expected[0]
    sqs.send_message(QueueUrl=queue, MessageBody=dead["Body"])
    sqs.delete_message(QueueUrl=dead_letters, ReceiptHandle=dead["ReceiptHandle"])

    messages, answer = _poll(queue)
    assert len(messages) == 1 and answer == {"batchItemFailures": []}
    _after_visibility_timeout()
    assert _poll(queue) == ([], {}) and _depth(dead_letters) == ("0", "0")
    assert _sent() == [expected]
