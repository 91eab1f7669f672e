"""The local stack answers an upload form as S3 does (dev/s3_post_policy.py): moto reads no POST
policy, so without the guard a file over the form's size limit would be stored locally."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

from werkzeug.datastructures import MultiDict
from werkzeug.test import Client

from chalicelib.settings import settings
from chalicelib.store.imports import uploads
from dev.s3_post_policy import PostPolicyGuard, policy_refusal

KEY = "imports/members/abc.csv"
SITE = "http://127.0.0.1:8000"


def a_form(max_bytes: int = 10) -> dict[str, str]:
    return dict(uploads.presigned_post(settings().imports_bucket, KEY, "text/csv", max_bytes,
                                       15 * 60)["fields"])


class Moto:
    """Stands in for moto's app: records what reaches it."""

    def __init__(self) -> None:
        self.posts = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        self.posts += 1
        start_response("204 No Content", [])
        return []


def post(fields: dict[str, str], content: bytes) -> tuple[Any, Moto]:
    moto = Moto()
    data = MultiDict([*fields.items(), ("file", (io.BytesIO(content), "a.csv"))])
    answer = Client(PostPolicyGuard(moto, SITE)).post(
        f"/{settings().imports_bucket}", data=data, headers={"Origin": SITE})
    return answer, moto


def test_a_file_within_the_forms_limit_reaches_moto(aws):
    answer, moto = post(a_form(max_bytes=10), b"0123456789")
    assert (answer.status_code, moto.posts) == (204, 1)


def test_a_file_over_the_forms_limit_is_refused_as_s3_does(aws):
    answer, moto = post(a_form(max_bytes=10), b"0123456789!")
    assert (answer.status_code, moto.posts) == (400, 0)
    assert b"<Code>EntityTooLarge</Code>" in answer.data
    assert answer.headers["Access-Control-Allow-Origin"] == SITE


def test_an_empty_file_another_key_or_content_type_are_refused(aws):
    empty, _ = post(a_form(), b"")
    assert b"EntityTooSmall" in empty.data
    for name, value in (("key", "imports/members/other.csv"), ("Content-Type", "text/html")):
        answer, moto = post({**a_form(), name: value}, b"x")
        assert (answer.status_code, moto.posts) == (403, 0), name
        assert b"AccessDenied" in answer.data


def test_an_expired_form_is_refused(aws):
    fields = a_form()
    later = datetime.now(UTC) + timedelta(minutes=16)
    assert policy_refusal(fields, 1, later) == (
        "403 Forbidden", "AccessDenied", "Invalid according to Policy: Policy expired.")
    assert policy_refusal(fields, 1, datetime.now(UTC)) is None


def test_moto_alone_stores_a_file_over_the_forms_limit(aws):
    """Why the guard exists; should moto start reading policies, it can go."""
    import requests

    form = uploads.presigned_post(settings().imports_bucket, KEY, "text/csv", 10, 15 * 60)
    answer = requests.post(form["url"], data=form["fields"], timeout=10,
                           files={"file": ("a.csv", b"0123456789!", "text/csv")})
    assert answer.status_code == 204
