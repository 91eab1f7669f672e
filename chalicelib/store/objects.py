"""S3 objects: the core system's uploads and the generated reports."""

from __future__ import annotations

import codecs
from collections.abc import Iterator

from chalicelib.store.aws import client


def read_text_lines(bucket: str, key: str) -> Iterator[str]:
    """Stream a UTF-8 object line by line (a BOM is dropped): large files never sit in memory."""
    body = client("s3").get_object(Bucket=bucket, Key=key)["Body"]
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    for chunk in body.iter_chunks(chunk_size=256 * 1024):
        pending += decoder.decode(chunk)
        *lines, pending = pending.split("\n")
        yield from (line.rstrip("\r") for line in lines)
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending.rstrip("\r")


def put_bytes(bucket: str, key: str, data: bytes, content_type: str) -> None:
    client("s3").put_object(Bucket=bucket, Key=key, Body=data, ContentType=content_type,
                            ServerSideEncryption="aws:kms")
