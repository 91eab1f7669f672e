"""«Mis datos» archives: their status items (table ``data_archives``), the zip in the reports
bucket (``archives/…``, the only prefix the import worker may write there) and the job message on
the imports queue.

Every read takes the signed-in user's id as the partition key: an archive id of someone else is
simply not there.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, TransactWriteError
from pynamodb.transactions import TransactWrite

from chalicelib.domain.shared import clock
from chalicelib.domain.shared.daily_quota import DailyQuota
from chalicelib.settings import settings
from chalicelib.store.shared import aws, daily_quotas, objects
from chalicelib.store.shared.aws import client
from chalicelib.store.shared.models import DataArchiveModel

ZIP = "application/zip"
LIST_LIMIT = 20


def create(item: DataArchiveModel, quota: DailyQuota) -> None:
    """One transaction: the quota's counter (below the limit) and the new item (a new key), so a
    refused request leaves nothing behind; a refusal raises the quota's 429."""
    try:
        with TransactWrite(connection=aws.transactions()) as tx:
            daily_quotas.take(tx, quota)
            tx.save(item, condition=DataArchiveModel.archive_id.does_not_exist())
    except TransactWriteError as error:
        # pynamodb sends the put before the update; the new random id cannot collide, so a
        # failed condition is the quota's.
        if daily_quotas.failed_at(error, 0) or daily_quotas.failed_at(error, 1):
            raise quota.refusal() from error
        raise


def get(user_id: str, archive_id: str) -> DataArchiveModel | None:
    """GetItem ``user_id, archive_id``."""
    try:
        return DataArchiveModel.get(user_id, archive_id, consistent_read=True)
    except DoesNotExist:
        return None


def of_user(user_id: str) -> list[DataArchiveModel]:
    """Key condition ``user_id = :u`` (a few a day, gone after one): newest first."""
    items = list(DataArchiveModel.query(user_id, limit=LIST_LIMIT))
    return sorted(items, key=lambda item: item.requested_at, reverse=True)


def mark_ready(item: DataArchiveModel, *, object_key: str, file_name: str, size: int,
               at: datetime) -> None:
    item.update(actions=[DataArchiveModel.status.set("ready"),
                         DataArchiveModel.object_key.set(object_key),
                         DataArchiveModel.file_name.set(file_name),
                         DataArchiveModel.size_bytes.set(size),
                         DataArchiveModel.ready_at.set(clock.iso_instant(at))])


def mark_failed(item: DataArchiveModel) -> None:
    item.update(actions=[DataArchiveModel.status.set("failed")])


def put_zip(key: str, data: bytes) -> None:
    """PutObject under ``archives/``, SSE-KMS; the bucket's lifecycle removes it after a day."""
    objects.put_bytes(settings().reports_bucket, key, data, ZIP)


def download_url(key: str, disposition: str, expires_seconds: int) -> str:
    """A presigned GetObject that downloads the zip under its Spanish file name."""
    return str(client("s3").generate_presigned_url(
        "get_object",
        Params={"Bucket": settings().reports_bucket, "Key": key,
                "ResponseContentDisposition": disposition, "ResponseContentType": ZIP},
        ExpiresIn=expires_seconds))


def queue_job(message: dict[str, Any]) -> None:
    """SendMessage on the imports queue, whose worker builds the archive (GetQueueUrl first:
    one call more per request, a few a day)."""
    sqs = client("sqs")
    url = sqs.get_queue_url(QueueName=settings().imports_queue_name)["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody=json.dumps(message, ensure_ascii=False))
