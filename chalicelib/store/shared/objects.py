"""S3 objects: the core system's uploads and the generated reports."""

from __future__ import annotations

import codecs
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.store.shared.aws import client

CHUNK_BYTES = 256 * 1024
_GONE = {"PreconditionFailed", "NoSuchVersion", "412"}
"""GetObject's answers when the notified version or ETag is no longer the one stored."""


@dataclass(frozen=True)
class Upload:
    """One uploaded object, opened: its size, its identity and its (unread) body."""

    size: int
    etag: str
    version_id: str | None
    body: Any

    def lines(self, max_line_chars: int) -> Iterator[str | None]:
        return decoded_lines(self.body.iter_chunks(chunk_size=CHUNK_BYTES), max_line_chars)

    def close(self) -> None:
        self.body.close()


def open_upload(bucket: str, key: str, *, etag: str | None = None,
                version_id: str | None = None) -> Upload | None:
    """GetObject of exactly the notified upload: its version when the bucket keeps versions,
    else ``If-Match`` its ETag. None when that upload is no longer stored (an unversioned
    bucket where a later file replaced it). Only the headers are read here."""
    params: dict[str, str] = {"Bucket": bucket, "Key": key}
    if version_id:
        params["VersionId"] = version_id
    elif etag:
        params["IfMatch"] = f'"{etag}"'
    try:
        answer = client("s3").get_object(**params)
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") in _GONE:
            return None
        raise
    version = answer.get("VersionId")
    return Upload(size=int(answer["ContentLength"]), etag=str(answer["ETag"]).strip('"'),
                  version_id=version if version and version != "null" else None,
                  body=answer["Body"])


def decoded_lines(chunks: Iterable[bytes], max_line_chars: int) -> Iterator[str | None]:
    """UTF-8 lines (a BOM dropped, ``\\r\\n`` accepted) from a stream of chunks. A line longer
    than ``max_line_chars`` is dropped as it streams by and yields None in its place, so at
    most one chunk and one capped line are held, whatever the file holds."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending, overlong = "", False
    for chunk in chunks:
        *lines, pending = (pending + decoder.decode(chunk)).split("\n")
        for line in lines:
            yield _capped(line, max_line_chars, overlong)
            overlong = False
        if len(pending) > max_line_chars + 1:  # + 1: the ``\r`` of a ``\r\n``
            pending, overlong = "", True
    pending += decoder.decode(b"", final=True)
    if pending or overlong:
        yield _capped(pending, max_line_chars, overlong)


def _capped(line: str, max_line_chars: int, overlong: bool) -> str | None:
    text = line.rstrip("\r")
    return None if overlong or len(text) > max_line_chars else text


def put_bytes(bucket: str, key: str, data: bytes, content_type: str) -> None:
    client("s3").put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type,
                            ServerSideEncryption="aws:kms")
