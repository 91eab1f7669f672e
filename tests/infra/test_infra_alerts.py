"""The members' alerts function (issue 18): its own function, invoked only by a daily 07:00
Lima schedule with a constant input, and least privilege: Query on the two indexes it reads,
GetItem on users, PutItem only of its ``alert#`` marks in counters and of parked mails,
SendMessage to the notifications queue; no Scan, no table-wide write, no audit."""

from __future__ import annotations

import json
from typing import Any

from tests.infra.cfn import as_list, exports, props, referenced, resources


def _alerts(synth: Any) -> tuple[str, dict[str, Any]]:
    [found] = [(name, props(r))
               for name, r in resources(synth.api, "AWS::Serverless::Function").items()
               if props(r)["Handler"].startswith("chalicelib.handlers.alerts.")]
    return found


def _table(synth: Any, suffix: str) -> str:
    [logical] = [name for name, table in resources(synth.data, "AWS::DynamoDB::Table").items()
                 if props(table)["TableName"] == f"{synth.stage.table_prefix}{suffix}"]
    return logical


def _statements(synth: Any) -> list[dict[str, Any]]:
    _, function = _alerts(synth)
    [role] = referenced(function["Role"], {})
    return [statement for policy in resources(synth.api, "AWS::IAM::Policy").values()
            if role in referenced(props(policy)["Roles"], {})
            for statement in as_list(props(policy)["PolicyDocument"]["Statement"])]


def _resource_text(statement: dict[str, Any]) -> str:
    return json.dumps(statement["Resource"])


def test_the_alerts_function_runs_daily_at_seven_in_lima_with_its_input(synth: Any) -> None:
    function, properties = _alerts(synth)
    rules = [(name, props(rule)) for name, rule in resources(synth.api, "AWS::Events::Rule").items()
             if any(referenced(t["Arn"], {}) == {function} for t in props(rule)["Targets"])]
    [(rule_name, rule)] = rules
    assert rule["ScheduleExpression"] == "cron(0 12 * * ? *)" and rule["State"] == "ENABLED"
    [target] = rule["Targets"]
    assert json.loads(target["Input"]) == {"job": "member_alerts"}
    invokers = [(props(p)["Principal"], referenced(props(p)["SourceArn"], {}))
                for p in resources(synth.api, "AWS::Lambda::Permission").values()
                if referenced(props(p)["FunctionName"], {}) == {function}]
    assert invokers == [("events.amazonaws.com", {rule_name})]
    mappings = [m for m in resources(synth.api, "AWS::Lambda::EventSourceMapping").values()
                if referenced(props(m)["FunctionName"], {}) == {function}]
    assert mappings == []  # no queue feeds it
    variables = properties["Environment"]["Variables"]
    assert variables["ALERT_INSTALLMENT_DAYS_BEFORE"] == "3"
    assert variables["ALERT_FIXED_DEPOSIT_DAYS_BEFORE"] == "7"
    assert properties["Timeout"] >= 60


def _grants(synth: Any) -> set[tuple[str, str]]:
    """(action, resource) pairs, a resource as its JSON text (an index is ``…/index/<name>``)."""
    return {(action, json.dumps(resource))
            for statement in _statements(synth) if statement["Effect"] == "Allow"
            for action in as_list(statement["Action"])
            for resource in as_list(statement["Resource"])}


def _on(synth: Any, suffix: str) -> set[tuple[str, str]]:
    """The grants on a table or its indexes (by the table's exported ARN)."""
    exported = exports(synth.data)
    table = _table(synth, suffix)
    return {(action, text) for action, text in _grants(synth)
            if table in referenced(json.loads(text), exported)}


def test_the_alerts_function_reads_only_through_its_two_indexes(synth: Any) -> None:
    products = _on(synth, "member_products")
    assert [(a, t.endswith('"/index/by_due_date"]]}')) for a, t in products] == [
        ("dynamodb:Query", True)]
    user_grants = _on(synth, "users")
    assert {a for a, t in user_grants if "/index/" in t} == {"dynamodb:Query"}
    assert all(t.endswith('"/index/by_dni"]]}') for a, t in user_grants if "/index/" in t)
    assert {a for a, t in user_grants if "/index/" not in t} == {"dynamodb:GetItem"}
    assert not {a for a, _ in _grants(synth) if a in ("dynamodb:Scan", "dynamodb:*")}


def test_the_alerts_function_writes_only_its_marks_and_parked_mails(synth: Any) -> None:
    writes = {"dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
              "dynamodb:BatchWriteItem"}
    for suffix in ("counters", "parked_mails"):
        assert {a for a, _ in _on(synth, suffix)} == {"dynamodb:PutItem"}, suffix
    exported = exports(synth.data)
    counters = _table(synth, "counters")
    [marks] = [s for s in _statements(synth)
               if counters in referenced(s["Resource"], exported)]
    assert marks["Condition"] == {
        "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["alert#*"]}}
    written = {t for a, t in _grants(synth) if a in writes}
    assert len(written) == 2  # counters (its marks) and parked_mails, nothing else
    assert _on(synth, "audit") == set()


def test_the_alerts_function_queues_its_mails_and_sends_none_itself(synth: Any) -> None:
    actions = {a for s in _statements(synth) for a in as_list(s["Action"])}
    assert "sqs:SendMessage" in actions
    assert not {a for a in actions if a.startswith("ses:")}
    assert not {a for a in actions if a.startswith("sqs:Receive")}
