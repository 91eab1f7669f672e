"""Least privilege: the audit table is append-only for every role the stacks create."""

from __future__ import annotations

import fnmatch
import json
from typing import Any

from chalicelib.handlers import ALL_CAPABILITIES
from tests.infra.cfn import as_list, exports, policy_statements, props, referenced, resources

CHANGES_AN_ITEM = ("dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
                   "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete", "dynamodb:DeleteTable",
                   "dynamodb:UpdateTable", "dynamodb:UpdateTimeToLive")
LOGS_ONLY_POLICY = "service-role/AWSLambdaBasicExecutionRole"


def _audit_table(synth: Any) -> str:
    name = f"{synth.stage.table_prefix}audit"
    [logical] = [n for n, t in resources(synth.data, "AWS::DynamoDB::Table").items()
                 if props(t)["TableName"] == name]
    return logical


def _grants(action_pattern: str, action: str) -> bool:
    return fnmatch.fnmatchcase(action.lower(), action_pattern.lower())


def _audit_statements(synth: Any) -> list[tuple[str, dict[str, Any]]]:
    """Allow statements whose resources include the audit table (or everything)."""
    audit = _audit_table(synth)
    exported = exports(synth.data)
    found = []
    for template in synth.templates:
        for where, statement in policy_statements(template):
            if statement["Effect"] != "Allow":
                continue
            assert "NotAction" not in statement and "NotResource" not in statement, where
            resources_ = as_list(statement["Resource"])
            if "*" in resources_ or audit in referenced(resources_, exported):
                found.append((where, statement))
    return found


def test_no_role_may_change_or_delete_audit_records(synth: Any) -> None:
    for where, statement in _audit_statements(synth):
        for pattern in as_list(statement["Action"]):
            for action in CHANGES_AN_ITEM:
                assert not _grants(pattern, action), f"{where} grants {action} on the audit table"


def test_the_app_can_append_and_the_admin_read_audit_records(synth: Any) -> None:
    # Proves the check above sees the audit grants at all.
    appenders = [(w, s) for w, s in _audit_statements(synth)
                 if any(_grants(p, "dynamodb:PutItem") for p in as_list(s["Action"]))]
    readers = [(w, s) for w, s in _audit_statements(synth)
               if any(_grants(p, "dynamodb:Query") for p in as_list(s["Action"]))
               and not _only_member_indexes(s)]  # «Mis datos»: test_infra_data_archive.py
    from stacks.access import CAPABILITY_ACCESS

    assert len(appenders) == sum(a.audit is not None for a in CAPABILITY_ACCESS.values())
    assert readers and all("Admin" in where for where, _ in readers), readers


def _only_member_indexes(statement: dict[str, Any]) -> bool:
    return all(json.dumps(r).endswith(('"/index/by_actor"]]}', '"/index/by_subject"]]}'))
               for r in as_list(statement["Resource"]))


def test_roles_have_no_broad_managed_policies(synth: Any) -> None:
    for template in synth.templates:
        for name, role in resources(template, "AWS::IAM::Role").items():
            for arn in props(role).get("ManagedPolicyArns", []):
                text = arn if isinstance(arn, str) else str(arn)
                assert LOGS_ONLY_POLICY in text, f"{name}: {text}"


def test_no_statement_grants_every_dynamodb_action(synth: Any) -> None:
    for template in synth.templates:
        for where, statement in policy_statements(template):
            if statement["Effect"] == "Allow":
                for pattern in as_list(statement["Action"]):
                    assert pattern not in ("*", "dynamodb:*"), where


def test_every_capability_has_access_rules(synth: Any) -> None:
    from stacks.access import CAPABILITY_ACCESS

    assert set(CAPABILITY_ACCESS) == set(ALL_CAPABILITIES)
