"""Lazily created, cached boto3 clients. ``AWS_ENDPOINT_URL`` points them at moto locally."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from chalicelib.settings import settings

if TYPE_CHECKING:
    from pynamodb.connection import Connection


@cache
def client(service: str) -> Any:
    import boto3  # imported here: functions that never touch S3/SQS/KMS don't pay for it
    from botocore.config import Config

    config = None
    if service == "s3":
        # Presigned URLs: SigV4, and in AWS the bucket's regional virtual-hosted name
        # (bucket.s3.<region>.amazonaws.com), the origin the site's CSP allows for uploads.
        # Behind a custom endpoint (moto) the bucket goes in the path.
        style = "path" if settings().aws_endpoint_url else "virtual"
        config = Config(signature_version="s3v4",
                        s3={"addressing_style": style, "us_east_1_regional_endpoint": "regional"})
    return boto3.client(service, region_name=settings().region, config=config)


@cache
def transactions() -> Connection:
    """One pynamodb connection for TransactWriteItems, created on first use: a new one per
    request would build a new botocore client each time (~0.1 s of CPU, more on a small
    Lambda)."""
    from pynamodb.connection import Connection

    return Connection()


def reset_clients() -> None:
    """Forget cached clients (tests switch moto contexts between cases)."""
    client.cache_clear()
    transactions.cache_clear()
