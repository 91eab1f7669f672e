"""import worker: loads the core system's CSV exports, fed by S3 → SQS (one message per upload)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from chalice import Blueprint

from chalicelib.services.imports import imports

blueprint = Blueprint(__name__)


@blueprint.lambda_function(name="import_worker")
def import_worker(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """SQS batch of S3 notifications; a failed record is reported so SQS retries only it."""
    failures = []
    for record in event.get("Records", []):
        try:
            for upload in _uploads(json.loads(record["body"])):
                imports.load_upload(upload.bucket, upload.key, etag=upload.etag,
                                    version_id=upload.version_id)
        except Exception:  # noqa: BLE001 - reported to SQS for retry, then the DLQ
            failures.append({"itemIdentifier": record.get("messageId", "")})
    return {"batchItemFailures": failures}


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
