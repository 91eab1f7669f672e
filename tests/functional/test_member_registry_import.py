"""The members CSV goes S3 → SQS → import worker → registry, as the core system's uploads do."""

from __future__ import annotations

import json

from chalicelib.handlers.import_worker import import_worker
from chalicelib.settings import settings
from chalicelib.store.auth import registry
from chalicelib.store.shared.aws import client
from chalicelib.store.shared.models import AuditModel, ImportModel
from dev.queue_poller import drain

HEADER = "dni,first_name,last_name,birth_date,status\n"


def upload(import_id: str, content: str) -> None:
    client("s3").put_object(Bucket=settings().imports_bucket,
                            Key=f"imports/members/{import_id}.csv", Body=content.encode("utf-8"))


def run_worker() -> int:
    queue_url = client("sqs").get_queue_url(QueueName=settings().imports_queue_name)["QueueUrl"]
    return drain(queue_url, import_worker)


def test_good_rows_load_and_bad_rows_are_reported_by_line_and_field(aws):
    upload("run-1", "\ufeff" + HEADER
           + "40000001,María Elena,Quispe Rojas,1980-05-17,active\r\n"
           + "4000002,José,Mendoza,1975-01-01,active\n"
           + "40000003,Ana,Flores,1990-13-01,active\n"
           + "40000004,Luis,Torres,1970-02-02,inactive\n"
           + "40000001,Dup,Licado,1980-05-17,active\n")
    run_worker()

    assert registry.get("40000001").first_name == "María Elena"
    assert registry.get("40000004").status == "inactive"
    assert registry.get("4000002") is None and registry.get("40000003") is None
    run = ImportModel.get("run-1")
    assert (run.status, run.rows_total, run.rows_loaded, run.rows_rejected) == (
        "completed", 5, 2, 3)
    errors = json.loads(run.errors)
    assert [(e["line"], e["field"]) for e in errors] == [(3, "dni"), (4, "birth_date"),
                                                         (6, "dni")]
    assert all(e["message"] for e in errors)
    audit = list(AuditModel.by_action.query("import.loaded"))
    assert len(audit) == 1 and audit[0].target == "import:run-1"


def test_re_running_the_same_file_changes_nothing(aws):
    content = HEADER + "40000010,Rosa,Chávez Díaz,1966-06-06,active\n"
    upload("run-2", content)
    run_worker()
    first = registry.get("40000010").attribute_values
    upload("run-2-again", content)
    run_worker()
    assert registry.get("40000010").attribute_values == first
    assert ImportModel.get("run-2-again").rows_loaded == 1


def test_a_second_file_at_an_imports_key_is_refused_and_audited(aws):
    """The core system writes with its own credentials, so it could overwrite a key: the
    import stays the first file's, and the later one is audited, not loaded."""
    upload("run-5", HEADER + "40000011,Rosa,Chávez Díaz,1966-06-06,active\n")
    run_worker()
    upload("run-5", HEADER + "40000011,Otra,Persona,1966-06-06,inactive\n"
           + "40000012,Nuevo,Socio,1970-01-01,active\n")
    run_worker()
    assert registry.get("40000011").first_name == "Rosa" and registry.get("40000012") is None
    run = ImportModel.get("run-5")
    assert (run.status, run.rows_total, run.rows_loaded) == ("completed", 1, 1)
    [refused] = AuditModel.by_action.query("import.upload_refused")
    assert (refused.target, refused.outcome, refused.role) == ("import:run-5", "denied", "system")


def test_a_file_without_the_expected_header_fails_with_line_one(aws):
    upload("run-3", "dni,nombre\n40000001,María\n")
    run_worker()
    run = ImportModel.get("run-3")
    assert run.status == "failed"
    assert {(e["line"], e["field"]) for e in json.loads(run.errors)} == {
        (1, "first_name"), (1, "last_name"), (1, "birth_date"), (1, "status")}
    assert registry.get("40000001") is None


def test_the_bucket_test_event_and_foreign_keys_are_ignored_without_failing(aws):
    test_event = {"Service": "Amazon S3", "Event": "s3:TestEvent"}
    foreign_key = {"Records": [{"s3": {"bucket": {"name": settings().imports_bucket},
                                       "object": {"key": "imports/unknown/x.csv"}}}]}
    event = {"Records": [{"messageId": "m1", "body": json.dumps(test_event)},
                         {"messageId": "m2", "body": json.dumps(foreign_key)}]}
    assert import_worker(event, None) == {"batchItemFailures": []}


def test_an_unreadable_upload_is_reported_for_retry(aws):
    missing = {"Records": [{"s3": {"bucket": {"name": settings().imports_bucket},
                                   "object": {"key": "imports/members/gone.csv"}}}]}
    event = {"Records": [{"messageId": "m1", "body": json.dumps(missing)}]}
    assert import_worker(event, None) == {"batchItemFailures": [{"itemIdentifier": "m1"}]}


def test_the_contact_email_and_mobile_on_file_load_when_the_header_has_them(aws):
    upload("run-contact", "dni,first_name,last_name,birth_date,status,email,mobile\n"
           + "40000021,Rosa,Chávez,1966-06-06,active,Rosa.Chavez@Example.pe,987654321\n"
           + "40000022,Luis,Torres,1970-02-02,active,,\n"
           + "40000023,Ana,Flores,1971-03-03,active,ana@,912345678\n"
           + "40000024,José,Vargas,1972-04-04,active,jose@example.pe,12345678\n")
    run_worker()
    rosa, luis = registry.get("40000021"), registry.get("40000022")
    assert (rosa.email, rosa.mobile) == ("rosa.chavez@example.pe", "987654321")
    assert (luis.email, luis.mobile) == (None, None)
    assert registry.get("40000023") is None and registry.get("40000024") is None
    errors = json.loads(ImportModel.get("run-contact").errors)
    assert [(e["line"], e["field"]) for e in errors] == [(4, "email"), (5, "mobile")]
