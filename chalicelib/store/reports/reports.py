"""Generated PDF reports in the private reports bucket (``settings().reports_bucket``).

Keys: ``reports/<dni>/<report id>.pdf`` (``domain.reports.reports.object_key``). Objects are
written with
server-side encryption (``objects.put_bytes``) and removed by the bucket's lifecycle rule; the
member downloads one through a presigned GET, never through the API.
"""

from __future__ import annotations

from chalicelib.settings import settings
from chalicelib.store.shared import objects
from chalicelib.store.shared.aws import client

PDF = "application/pdf"


def put_pdf(key: str, data: bytes) -> None:
    """PutObject, SSE-KMS, ``Content-Type: application/pdf``."""
    objects.put_bytes(settings().reports_bucket, key, data, PDF)


def download_url(key: str, disposition: str, expires_seconds: int) -> str:
    """A presigned GetObject (SigV4, the client is configured so) whose response carries
    ``Content-Disposition`` (attachment and the file name) and ``Content-Type: application/pdf``
    whatever the object's own headers say."""
    return str(client("s3").generate_presigned_url(
        "get_object",
        Params={"Bucket": settings().reports_bucket, "Key": key,
                "ResponseContentDisposition": disposition, "ResponseContentType": PDF},
        ExpiresIn=expires_seconds))
