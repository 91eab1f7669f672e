"""The import manifests: one S3 object per table and kind in the imports bucket, under
``import-manifests/`` (outside ``imports/``, so writing one notifies no worker). Each write is
conditional on the version the run read (``If-Match`` its ETag, or ``If-None-Match: *`` when
there was none), so two runs can never both believe they hold the manifest."""

from __future__ import annotations

from dataclasses import dataclass

from botocore.exceptions import ClientError

from chalicelib.settings import settings
from chalicelib.store.shared.aws import client

PREFIX = "import-manifests/"
_MISSING = {"NoSuchKey", "404"}
_CONFLICT = {"PreconditionFailed", "412", "ConditionalRequestConflict", "409"}


@dataclass(frozen=True)
class Stored:
    body: bytes | None
    """None when there is no manifest yet."""
    etag: str | None


def key(table: str, kind: str) -> str:
    return f"{PREFIX}{table}/{kind}.manifest"


def read(table: str, kind: str) -> Stored:
    """GetObject of the kind's manifest (absent: ``Stored(None, None)``)."""
    try:
        answer = client("s3").get_object(Bucket=settings().imports_bucket, Key=key(table, kind))
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in _MISSING:
            return Stored(None, None)
        raise
    with answer["Body"] as body:
        return Stored(body.read(), str(answer["ETag"]))


def replace(table: str, kind: str, body: bytes, *, read_etag: str | None) -> str | None:
    """PutObject only if the manifest is still the one read (``read_etag``; None: still
    absent). The new ETag, or None when another run wrote it meanwhile."""
    condition = {"IfMatch": read_etag} if read_etag else {"IfNoneMatch": "*"}
    try:
        answer = client("s3").put_object(
            Bucket=settings().imports_bucket, Key=key(table, kind), Body=body,
            ContentType="application/octet-stream", ServerSideEncryption="aws:kms",
            **condition)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in _CONFLICT:
            return None
        raise
    return str(answer["ETag"])
