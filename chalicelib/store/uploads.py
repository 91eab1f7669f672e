"""Presigned uploads to the private buckets (the browser PUTs the file straight to S3)."""

from __future__ import annotations

from chalicelib.store.aws import client


def presigned_put(bucket: str, key: str, content_type: str, expires_in: int) -> str:
    """A PUT URL for exactly ``key`` and ``content_type``; the bucket's default KMS encryption
    applies to the object."""
    return str(client("s3").generate_presigned_url(
        "put_object", Params={"Bucket": bucket, "Key": key, "ContentType": content_type},
        ExpiresIn=expires_in, HttpMethod="PUT"))
