"""import worker: loads the core system's CSV exports, fed by S3 → SQS (one message per upload).

The same queue carries the members' «Mis datos» archives (``{"job": "data_archive", …}``, queued
by the reports function): a bounded read of one member and one zip written to the reports bucket,
for which this worker's long timeout, one-at-a-time batches and dead-letter queue fit
(docs/data-model.md, «Mis datos»).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from chalice import Blueprint

from chalicelib.domain.reports.data_archive import DATA_ARCHIVE_JOB
from chalicelib.services.imports import imports

blueprint = Blueprint(__name__)


@blueprint.lambda_function(name="import_worker")
def import_worker(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """SQS batch of S3 notifications; a failed record is reported so SQS retries only it."""
    failures = []
    for record in event.get("Records", []):
        try:
            _handle(json.loads(record["body"]))
        except Exception:  # noqa: BLE001 - reported to SQS for retry, then the DLQ
            failures.append({"itemIdentifier": record.get("messageId", "")})
    return {"batchItemFailures": failures}


def _handle(message: dict[str, Any]) -> None:
    if message.get("job") == DATA_ARCHIVE_JOB:
        from chalicelib.services.reports import data_archives  # a member's rare request

        data_archives.build_archive(message)
        return
    for upload in _uploads(message):
        imports.load_upload(upload.bucket, upload.key, etag=upload.etag,
                            version_id=upload.version_id)


@dataclass(frozen=True)
class _Upload:
    bucket: str
    key: str
    etag: str | None
    version_id: str | None
    """Which object the notification is about: an import loads that one only."""


def _uploads(notification: dict[str, Any]) -> list[_Upload]:
    # The first message after configuring a bucket is an s3:TestEvent without Records.
    uploads = []
    for s3_record in notification.get("Records", []):
        s3 = s3_record.get("s3", {})
        bucket = s3.get("bucket", {}).get("name")
        stored = s3.get("object", {})
        if bucket and stored.get("key"):
            uploads.append(_Upload(bucket, unquote_plus(stored["key"]),
                                   stored.get("eTag") or None, stored.get("versionId") or None))
    return uploads
