"""«Mis datos» (issue 18) in the CDK app: the reports function queues the job on the imports
queue; the import worker builds the archive and may write the reports bucket only under
``archives/``, read nothing there, and read the audit log only through its ``by_actor`` index."""

from __future__ import annotations

import json
from typing import Any

from tests.infra.cfn import as_list, exports, props, referenced, resources, role_of


def _role_statements(synth: Any, capability: str) -> list[dict[str, Any]]:
    role = role_of(synth, capability)
    found = []
    for policy in resources(synth.api, "AWS::IAM::Policy").values():
        if role in referenced(props(policy)["Roles"], {}):
            found += [s for s in as_list(props(policy)["PolicyDocument"]["Statement"])
                      if s["Effect"] == "Allow"]
    return found


def _bucket(synth: Any, construct_id: str) -> str:
    [logical] = [name for name in resources(synth.data, "AWS::S3::Bucket")
                 if name.startswith(construct_id)]
    return logical


def _on(synth: Any, statements: list[dict[str, Any]], logical: str) -> list[dict[str, Any]]:
    exported = exports(synth.data)
    return [s for s in statements
            if logical in referenced(as_list(s["Resource"]), exported) or "*" in s["Resource"]]


def _actions(statement: dict[str, Any]) -> list[str]:
    return [action.lower() for action in as_list(statement["Action"])]


def test_the_import_worker_may_write_the_reports_bucket_only_under_archives(synth: Any) -> None:
    reports = _bucket(synth, "ReportsBucket")
    on_reports = _on(synth, _role_statements(synth, "import_worker"), reports)
    assert on_reports, "the worker cannot write the archives"
    for statement in on_reports:
        assert all(action.startswith("s3:put") or action.startswith("s3:abort")
                   for action in _actions(statement)), statement
        for resource in as_list(statement["Resource"]):  # CDK merges the imports bucket's
            if reports in referenced([resource], exports(synth.data)):  # manifests in here
                assert json.dumps(resource).endswith('"/archives/*"]]}'), resource


def test_the_import_worker_reads_the_audit_log_only_by_actor_and_by_subject(synth: Any) -> None:
    [audit] = [name for name, t in resources(synth.data, "AWS::DynamoDB::Table").items()
               if props(t)["TableName"] == f"{synth.stage.table_prefix}audit"]
    reads = [s for s in _on(synth, _role_statements(synth, "import_worker"), audit)
             if "dynamodb:query" in _actions(s) or "dynamodb:getitem" in _actions(s)]
    assert len(reads) == 1 and _actions(reads[0]) == ["dynamodb:query"]
    ends = sorted(json.dumps(r).rsplit("/index/", 1)[-1] for r in as_list(reads[0]["Resource"]))
    assert ends == ['by_actor"]]}', 'by_subject"]]}'], reads[0]["Resource"]


def test_the_audit_table_has_the_sparse_by_subject_index(synth: Any) -> None:
    [table] = [t for t in resources(synth.data, "AWS::DynamoDB::Table").values()
               if props(t)["TableName"] == f"{synth.stage.table_prefix}audit"]
    [index] = [i for i in props(table)["GlobalSecondaryIndexes"]
               if i["IndexName"] == "by_subject"]
    assert index["KeySchema"] == [{"AttributeName": "subject_id", "KeyType": "HASH"},
                                  {"AttributeName": "event_key", "KeyType": "RANGE"}]
    assert index["Projection"] == {"ProjectionType": "ALL"}


def test_the_reports_function_queues_the_job_on_the_imports_queue(synth: Any) -> None:
    [queue] = [name for name, q in resources(synth.data, "AWS::SQS::Queue").items()
               if props(q)["QueueName"] == synth.stage.imports_queue]
    sends = [s for s in _on(synth, _role_statements(synth, "reports"), queue)
             if "sqs:sendmessage" in _actions(s)]
    assert sends


def test_the_archives_status_table_expires_with_the_file(synth: Any) -> None:
    [table] = [t for t in resources(synth.data, "AWS::DynamoDB::Table").values()
               if props(t)["TableName"] == f"{synth.stage.table_prefix}data_archives"]
    assert props(table)["TimeToLiveSpecification"] == {"AttributeName": "expires_at",
                                                       "Enabled": True}
