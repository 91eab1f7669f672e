"""Presigned uploads to the private buckets (the browser POSTs the file straight to S3)."""

from __future__ import annotations

from typing import Any

from chalicelib.store.shared.aws import client


def presigned_post(bucket: str, key: str, content_type: str, max_bytes: int,
                   expires_in: int) -> dict[str, Any]:
    """An S3 POST form (``url`` and ``fields``) for exactly ``key`` and ``content_type``, whose
    policy makes S3 itself refuse an empty file or one over ``max_bytes`` (content-length-range)
    and any other key; boto3 adds the bucket and key conditions. The bucket's default KMS
    encryption applies to the object."""
    form = client("s3").generate_presigned_post(
        Bucket=bucket, Key=key, Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=expires_in)
    return {"url": str(form["url"]), "fields": {str(k): str(v) for k, v in form["fields"].items()}}
