"""The admin's imports: presigned upload, status with the rejected lines, history."""

from __future__ import annotations

import requests

from chalicelib.domain.shared.permissions import Role
from chalicelib.handlers.import_worker import import_worker
from chalicelib.settings import settings
from chalicelib.store.shared.aws import client
from chalicelib.store.shared.models import AuditModel
from dev.queue_poller import drain
from tests.functional.builders import a_user, signed_in

SECRET = "JBSWY3DPEHPK3PXP"
MEMBERS = ("dni,first_name,last_name,birth_date,status\n"
           "40000001,María Elena,Quispe Rojas,1980-05-17,active\n"
           "4000002,José,Mendoza,1975-01-01,active\n"
           "40000003,Ana,Flores,1990-13-01,active\n"
           "40000004,Luis,Torres,1970-02-02,inactive\n")


def run_worker() -> int:
    queue_url = client("sqs").get_queue_url(QueueName=settings().imports_queue_name)["QueueUrl"]
    return drain(queue_url, import_worker)


def test_an_upload_with_good_and_bad_rows_names_the_bad_lines(api):
    me = a_user(Role.ADMIN, totp_secret=SECRET)
    signed_in(api, me)
    started = api.post("/api/admin/imports", {"kind": "members"})
    assert started.status == 201
    import_id, url = started.json["id"], started.json["upload_url"]
    key = f"imports/members/{import_id}.csv"
    assert started.json["upload_method"] == "POST"
    assert started.json["upload_fields"]["key"] == key
    assert started.json["status"] == "pending" and started.json["created_by"] == me.user_id
    pending = api.get(f"/api/admin/imports/{import_id}")
    assert pending.json["status"] == "pending" and pending.json["errors"] == []

    # the browser POSTs the form's fields, then the file (moto answers requests in-process);
    # the bucket's notification queues it for the worker
    answer = requests.post(url, data=started.json["upload_fields"], timeout=10,
                           files={"file": ("padron.csv", MEMBERS.encode("utf-8"), "text/csv")})
    assert answer.status_code == 204
    run_worker()

    status = api.get(f"/api/admin/imports/{import_id}").json
    assert (status["status"], status["rows_total"], status["rows_loaded"],
            status["rows_rejected"]) == ("completed", 4, 2, 2)
    assert [(e["line"], e["field"]) for e in status["errors"]] == [(3, "dni"),
                                                                  (4, "birth_date")]
    assert all(e["message"] for e in status["errors"])
    assert status["created_by"] == me.user_id
    started_audit = list(AuditModel.by_action.query("admin.import_start"))
    assert started_audit[0].actor_id == me.user_id
    loaded_audit = list(AuditModel.by_action.query("import.loaded"))
    assert loaded_audit[0].actor_id == me.user_id


def test_history_is_newest_first_and_paged(api):
    admin = a_user(Role.SUPER_ADMIN, totp_secret=SECRET)
    signed_in(api, admin)
    ids = [api.post("/api/admin/imports", {"kind": kind}).json["id"]
           for kind in ("members", "savings", "loans")]
    first = api.get("/api/admin/imports?limit=2")
    assert [run["id"] for run in first.json["items"]] == [ids[2], ids[1]]
    assert "errors" not in first.json["items"][0]
    assert first.json["items"][0]["created_by_name"] == f"{admin.first_name} {admin.last_name}"
    second = api.get(f"/api/admin/imports?limit=2&cursor={first.json['next_cursor']}")
    assert [run["id"] for run in second.json["items"]] == [ids[0]]
    assert second.json["next_cursor"] is None


def test_unknown_kinds_and_imports_are_refused(api):
    signed_in(api, a_user(Role.ADMIN, totp_secret=SECRET))
    assert api.post("/api/admin/imports", {"kind": "salaries"}).status == 400
    assert api.post("/api/admin/imports", {}).status == 400
    assert api.get("/api/admin/imports/missing").status == 404
    assert api.get("/api/admin/imports/..%2Fetc").status in (400, 404)


def test_a_run_that_can_no_longer_finish_is_shown_as_stalled(api, time_machine):
    """The file never arrived, or the worker died on every attempt (its message then sits in the
    dead-letter queue): after three hours the admin sees ``stalled``, not "in progress" forever."""
    from chalicelib.domain.imports.kinds import STALLED_AFTER
    from chalicelib.store.imports import imports as import_store
    from tests.functional.builders import FrozenClock

    clock = FrozenClock(time_machine)
    me = a_user(Role.ADMIN, totp_secret=SECRET)
    signed_in(api, me)
    never_uploaded = api.post("/api/admin/imports", {"kind": "members"}).json["id"]
    worker_died = api.post("/api/admin/imports", {"kind": "loans"}).json["id"]
    finished = api.post("/api/admin/imports", {"kind": "savings"}).json["id"]
    for import_id, status in ((worker_died, "processing"), (finished, "completed")):
        run = import_store.get(import_id)
        run.status = status
        import_store.save(run)

    clock.advance(seconds=STALLED_AFTER.total_seconds())
    signed_in(api, me)  # the first session has idled out meanwhile
    shown = {import_id: api.get(f"/api/admin/imports/{import_id}").json["status"]
             for import_id in (never_uploaded, worker_died, finished)}
    assert shown == {never_uploaded: "pending", worker_died: "processing",
                     finished: "completed"}, "three hours exactly is not yet stalled"

    clock.advance(seconds=1)
    shown = {import_id: api.get(f"/api/admin/imports/{import_id}").json["status"]
             for import_id in (never_uploaded, worker_died, finished)}
    assert shown == {never_uploaded: "stalled", worker_died: "stalled", finished: "completed"}
    history = {run["id"]: run["status"] for run in api.get("/api/admin/imports").json["items"]}
    assert history == shown
    assert import_store.get(worker_died).status == "processing"  # what the worker wrote stays
