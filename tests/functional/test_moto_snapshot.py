"""The copied moto resources every functional test starts from (``tests/moto_snapshot.py``)."""

from __future__ import annotations

from typing import Any

from moto import mock_aws

from chalicelib.store.shared.aws import client, reset_clients
from chalicelib.store.shared.models import ALL_MODELS
from tests.moto_snapshot import ensure_pristine_resources


def _fresh_stage() -> None:
    reset_clients()
    ensure_pristine_resources()


def _schema(table: str) -> dict[str, Any]:
    described = client("dynamodb").describe_table(TableName=table)["Table"]
    return {"keys": described["KeySchema"],
            "indexes": sorted(index["IndexName"]
                              for index in described.get("GlobalSecondaryIndexes", []))}


def test_a_copy_has_every_table_with_its_indexes_and_nothing_a_previous_test_wrote() -> None:
    table = ALL_MODELS[0].Meta.table_name
    with mock_aws():
        _fresh_stage()
        schemas = {model.Meta.table_name: _schema(model.Meta.table_name) for model in ALL_MODELS}
        client("s3").put_object(Bucket=_reports_bucket(), Key="left-behind", Body=b"x")
        client("sqs").send_message(QueueUrl=_queue_url(), MessageBody="left behind")
    with mock_aws():
        _fresh_stage()
        assert {model.Meta.table_name: _schema(model.Meta.table_name)
                for model in ALL_MODELS} == schemas
        assert client("dynamodb").scan(TableName=table)["Count"] == 0
        assert client("s3").list_objects_v2(Bucket=_reports_bucket())["KeyCount"] == 0
        assert "Messages" not in client("sqs").receive_message(QueueUrl=_queue_url())
        # A copied queue still takes and hands out messages (its lock is a new, unheld one).
        client("sqs").send_message(QueueUrl=_queue_url(), MessageBody="hola")
        [message] = client("sqs").receive_message(QueueUrl=_queue_url())["Messages"]
        assert message["Body"] == "hola"


def _reports_bucket() -> str:
    from chalicelib.settings import settings

    return settings().reports_bucket


def _queue_url() -> str:
    from chalicelib.settings import settings

    return str(client("sqs").get_queue_url(
        QueueName=settings().notifications_queue_name)["QueueUrl"])
