"""The admin's upload of a core-system CSV (issue 13): a presigned POST whose policy lets S3
take exactly one text/csv file of at most the stated maximum at the import's key, and an import
that loads exactly one upload: a later file sent to the same import is refused and audited,
while SQS redelivering the claimed upload's message (a worker that died mid-file) still loads."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta
from typing import Any

import pytest
import requests

from chalicelib.domain.imports.kinds import MAX_UPLOAD_BYTES
from chalicelib.domain.shared import clock
from chalicelib.domain.shared.permissions import Role
from chalicelib.handlers.import_worker import import_worker
from chalicelib.services.imports import imports
from chalicelib.settings import settings
from chalicelib.store.accounts import member_products
from chalicelib.store.imports import imports as import_store
from chalicelib.store.shared.aws import client
from chalicelib.store.shared.models import AuditModel
from tests.functional.accounts_builders import run_worker, upload
from tests.functional.builders import ApiClient, a_user, signed_in
from tests.product_rows import a_savings_row, csv_of

SECRET = "JBSWY3DPEHPK3PXP"


def started_import(api: ApiClient, kind: str = "savings") -> dict[str, Any]:
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    started = api.post("/api/admin/imports", {"kind": kind})
    assert started.status == 201
    return dict(started.json)


def post_file(started: dict[str, Any], content: bytes) -> requests.Response:
    """What the admin's browser sends: multipart/form-data, the form's fields, then the file
    (S3 ignores fields after the file). moto answers the POST in-process."""
    return requests.post(started["upload_url"], data=started["upload_fields"],
                         files={"file": ("export.csv", content, "text/csv")}, timeout=10)


def policy_of(started: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(base64.b64decode(started["upload_fields"]["policy"])))


def savings_balance(dni: str = "40000001") -> str:
    [doc] = member_products.products_of(dni, "savings")
    return str(doc.data["balance"])


def test_the_upload_is_a_presigned_post_limited_to_one_csv_of_at_most_the_maximum(api):
    started = started_import(api, "members")
    key = f"imports/members/{started['id']}.csv"
    assert (started["upload_method"], started["expires_in"]) == ("POST", 15 * 60)
    assert started["max_bytes"] == MAX_UPLOAD_BYTES == 50 * 1024 * 1024
    fields = started["upload_fields"]
    assert (fields["key"], fields["Content-Type"]) == (key, "text/csv")
    policy = policy_of(started)
    conditions = policy["conditions"]
    assert ["content-length-range", 1, MAX_UPLOAD_BYTES] in conditions
    assert {"key": key} in conditions and {"Content-Type": "text/csv"} in conditions
    assert {"bucket": settings().imports_bucket} in conditions
    expires = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert abs(expires - (clock.utc_now() + timedelta(minutes=15))) < timedelta(minutes=1)


def test_a_file_posted_with_the_form_is_loaded_by_the_worker(api):
    started = started_import(api)
    answer = post_file(started, csv_of("savings", [a_savings_row(balance="100.00")]).encode())
    assert answer.status_code == 204
    run_worker()
    status = api.get(f"/api/admin/imports/{started['id']}").json
    assert (status["status"], status["rows_loaded"]) == ("completed", 1)
    assert savings_balance() == "100.00"


def test_a_second_file_sent_to_the_same_import_is_refused_and_audited(api):
    """The black-box finding: three files through one import's form, the last one setting a
    balance to 999,999.00. Only the first is loaded; the others are audited, not applied."""
    started = started_import(api)
    post_file(started, csv_of("savings", [a_savings_row(balance="100.00")]).encode())
    run_worker()
    loaded = api.get(f"/api/admin/imports/{started['id']}").json
    for balance in ("250.00", "999999.00"):
        assert post_file(started, csv_of("savings", [a_savings_row(balance=balance)])
                         .encode()).status_code == 204
        run_worker()

    assert savings_balance() == "100.00"
    assert api.get(f"/api/admin/imports/{started['id']}").json == loaded
    refused = list(AuditModel.by_action.query("import.upload_refused"))
    assert len(refused) == 2
    assert {record.target for record in refused} == {f"import:{started['id']}"}
    assert {record.outcome for record in refused} == {"denied"}
    assert len(list(AuditModel.by_action.query("import.loaded"))) == 1


def test_a_second_file_is_refused_even_while_the_first_is_still_loading(aws):
    """The first file's run is claimed (``processing``); a new object at the same key then is
    another upload, whatever the first run's fate."""
    first = _one_message("savings", "while-loading", [a_savings_row(balance="100.00")])
    run = import_store.get("while-loading")
    assert run is None
    _deliver(first, fail_after_claim=True)
    assert import_store.get("while-loading").status == "processing"
    upload("savings", csv_of("savings", [a_savings_row(balance="999999.00")]), "while-loading")
    run_worker()
    assert member_products.products_of("40000001", "savings") == []
    assert len(list(AuditModel.by_action.query("import.upload_refused"))) == 1


def test_the_message_of_a_worker_that_died_mid_file_loads_when_sqs_hands_it_out_again(aws):
    message = _one_message("savings", "died-once", [a_savings_row(balance="100.00")])
    assert _deliver(message, fail_after_claim=True) == {
        "batchItemFailures": [{"itemIdentifier": message["messageId"]}]}
    assert import_store.get("died-once").status == "processing"

    assert _deliver(message) == {"batchItemFailures": []}
    run = import_store.get("died-once")
    assert (run.status, run.rows_loaded) == ("completed", 1)
    assert savings_balance() == "100.00"
    assert list(AuditModel.by_action.query("import.upload_refused")) == []


def test_a_message_delivered_again_after_its_run_finished_changes_nothing(aws):
    message = _one_message("savings", "twice", [a_savings_row(balance="100.00")])
    assert _deliver(message) == {"batchItemFailures": []}
    finished = import_store.get("twice").attribute_values
    assert _deliver(message) == {"batchItemFailures": []}
    assert import_store.get("twice").attribute_values == finished
    assert len(list(AuditModel.by_action.query("import.loaded"))) == 1
    assert list(AuditModel.by_action.query("import.upload_refused")) == []


def test_a_file_replaced_before_the_worker_read_it_fails_the_run(aws):
    """An unversioned bucket (moto; S3 keeps versions) no longer holds the notified object:
    the run fails with a clear line, and the replacing file is not loaded in its place."""
    first = _one_message("savings", "replaced", [a_savings_row(balance="100.00")])
    upload("savings", csv_of("savings", [a_savings_row(balance="999999.00")]), "replaced")
    assert _deliver(first) == {"batchItemFailures": []}
    run_worker()
    run = import_store.get("replaced")
    errors = json.loads(run.errors)
    assert run.status == "failed" and [(e["line"], e["field"]) for e in errors] == [(1, "-")]
    assert "reemplaz" in errors[0]["message"]
    assert member_products.products_of("40000001", "savings") == []
    assert len(list(AuditModel.by_action.query("import.upload_refused"))) == 1


# --- helpers: one S3 notification, delivered by hand ---------------------------------------


def _one_message(kind: str, import_id: str, rows: list[dict[str, str]]) -> dict[str, Any]:
    upload(kind, csv_of(kind, rows), import_id)
    sqs = client("sqs")
    queue_url = sqs.get_queue_url(QueueName=settings().imports_queue_name)["QueueUrl"]
    for _ in range(3):
        for message in sqs.receive_message(QueueUrl=queue_url,
                                           MaxNumberOfMessages=10).get("Messages", []):
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
            if "Records" in json.loads(message["Body"]):
                return {"messageId": message["MessageId"], "body": message["Body"]}
    raise AssertionError("no S3 notification was queued")


class _Killed(Exception):
    pass


def _deliver(message: dict[str, Any], *, fail_after_claim: bool = False) -> dict[str, Any]:
    """The worker on one SQS record; ``fail_after_claim`` makes it die on its first write, as
    a worker killed mid-file does."""
    if not fail_after_claim:
        return import_worker({"Records": [message]}, None)

    def die(_: list[Any]) -> None:
        raise _Killed

    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(imports.LOADERS, "savings", die)
        return import_worker({"Records": [message]}, None)
