"""The worker functions: fed by their queues, with partial batch failures and dead letters."""

from __future__ import annotations

import json
from typing import Any

from chalicelib.handlers import WORKER_CAPABILITIES
from tests.infra.cfn import as_list, exports, props, referenced, resources

QUEUE_OF = {"import_worker": "imports", "notifier": "notifications"}
SCHEDULED_ONLY = {"alerts"}
"""Workers no queue feeds: only their EventBridge schedule invokes them."""
QUEUED_WORKERS = tuple(name for name in WORKER_CAPABILITIES if name not in SCHEDULED_ONLY)


def _worker(api: dict[str, Any], capability: str) -> tuple[str, dict[str, Any]]:
    found = [(name, props(resource))
             for name, resource in resources(api, "AWS::Serverless::Function").items()
             if props(resource)["Handler"].startswith(f"chalicelib.handlers.{capability}.")]
    assert len(found) == 1, (capability, found)
    return found[0]


def _queue_named(data: dict[str, Any], name: str) -> tuple[str, dict[str, Any]]:
    found = [(logical, props(queue))
             for logical, queue in resources(data, "AWS::SQS::Queue").items()
             if props(queue).get("QueueName") == name]
    assert len(found) == 1, name
    return found[0]


def test_every_worker_capability_is_mapped() -> None:
    assert set(QUEUE_OF) | SCHEDULED_ONLY == set(WORKER_CAPABILITIES)


def test_workers_read_their_queue_and_report_partial_failures(synth: Any) -> None:
    exported = exports(synth.data)
    mappings = resources(synth.api, "AWS::Lambda::EventSourceMapping")
    for capability in QUEUED_WORKERS:
        worker, _ = _worker(synth.api, capability)
        queue, _ = _queue_named(synth.data, f"{synth.stage.prefix}-{QUEUE_OF[capability]}")
        mine = [props(m) for m in mappings.values()
                if referenced(props(m)["FunctionName"], {}) == {worker}]
        assert len(mine) == 1, capability
        assert mine[0]["FunctionResponseTypes"] == ["ReportBatchItemFailures"], capability
        assert referenced(mine[0]["EventSourceArn"], exported) == {queue}, capability


def test_worker_queues_have_dead_letters_and_encryption(synth: Any) -> None:
    exported = exports(synth.data)
    for capability in QUEUED_WORKERS:
        name = f"{synth.stage.prefix}-{QUEUE_OF[capability]}"
        _, queue = _queue_named(synth.data, name)
        dead_letters, dlq = _queue_named(synth.data, f"{name}-dlq")
        assert queue["SqsManagedSseEnabled"] is True and dlq["SqsManagedSseEnabled"] is True
        assert queue["RedrivePolicy"]["maxReceiveCount"] == 5
        assert referenced(queue["RedrivePolicy"]["deadLetterTargetArn"], exported) == {dead_letters}
        timeout = props(resources(synth.api, "AWS::Serverless::Function")[
            _worker(synth.api, capability)[0]])["Timeout"]
        assert queue["VisibilityTimeout"] >= timeout, capability


def test_workers_run_with_their_own_roles(synth: Any) -> None:
    roles = resources(synth.api, "AWS::IAM::Role")
    seen = set()
    for capability in WORKER_CAPABILITIES:
        _, worker = _worker(synth.api, capability)
        role = referenced(worker["Role"], {})
        assert len(role) == 1 and role <= roles.keys(), capability
        seen |= role
    assert len(seen) == len(WORKER_CAPABILITIES)


def test_uploads_under_imports_are_queued_for_the_worker(synth: Any) -> None:
    queue, _ = _queue_named(synth.data, synth.stage.imports_queue)
    notifications = resources(synth.data, "Custom::S3BucketNotifications")
    configurations = [c for n in notifications.values()
                      for c in props(n)["NotificationConfiguration"].get("QueueConfigurations", [])]
    assert len(configurations) == 1
    [configuration] = configurations
    [notification] = notifications.values()
    imports_bucket = referenced(synth.data["Outputs"]["ImportsBucketName"]["Value"], {})
    assert referenced(props(notification)["BucketName"], {}) == imports_bucket
    assert referenced(configuration["QueueArn"], {}) == {queue}
    assert configuration["Events"] == ["s3:ObjectCreated:*"]
    rules = configuration["Filter"]["Key"]["FilterRules"]
    assert rules == [{"Name": "prefix", "Value": "imports/"}]


def _table_named(synth: Any, suffix: str) -> str:
    [logical] = [name for name, table in resources(synth.data, "AWS::DynamoDB::Table").items()
                 if props(table)["TableName"] == f"{synth.stage.table_prefix}{suffix}"]
    return logical


def _role_grants(synth: Any, role: str, target: str) -> set[str]:
    """Actions the role's policies allow on ``target`` (a logical id in either template)."""
    exported = exports(synth.data)
    granted: set[str] = set()
    for policy in resources(synth.api, "AWS::IAM::Policy").values():
        if role not in referenced(props(policy)["Roles"], {}):
            continue
        for statement in as_list(props(policy)["PolicyDocument"]["Statement"]):
            if statement["Effect"] == "Allow" and target in referenced(statement["Resource"],
                                                                       exported):
                granted |= set(as_list(statement["Action"]))
    return granted


def test_the_notifier_sweeps_parked_mails_every_five_minutes(synth: Any) -> None:
    notifier, _ = _worker(synth.api, "notifier")
    rules = resources(synth.api, "AWS::Events::Rule")
    [(rule_name, rule)] = [(n, props(r)) for n, r in rules.items()
                           if any(referenced(t["Arn"], {}) == {notifier}
                                  for t in props(r)["Targets"])
                           and props(r)["ScheduleExpression"].startswith("rate(")]
    assert rule["ScheduleExpression"] == "rate(5 minutes)" and rule["State"] == "ENABLED"
    assert all("Input" not in target for target in rule["Targets"])  # a plain Scheduled Event
    assert ("events.amazonaws.com", {rule_name}) in _invokers(synth, notifier)


def _invokers(synth: Any, function: str) -> list[tuple[str, set[str]]]:
    return [(props(p)["Principal"], referenced(props(p)["SourceArn"], {}))
            for p in resources(synth.api, "AWS::Lambda::Permission").values()
            if referenced(props(p)["FunctionName"], {}) == {function}]


def test_the_notifier_sends_the_admins_daily_summary_at_eight_in_lima(synth: Any) -> None:
    """Issue 17: a second schedule, daily at 13:00 UTC (08:00 Lima), whose constant input
    names the job, so the notifier tells it from the five-minute sweep."""
    notifier, _ = _worker(synth.api, "notifier")
    rules = resources(synth.api, "AWS::Events::Rule")
    [(rule_name, rule)] = [(n, props(r)) for n, r in rules.items()
                           if any(referenced(t["Arn"], {}) == {notifier}
                                  for t in props(r)["Targets"])
                           and props(r)["ScheduleExpression"].startswith("cron(")]
    assert rule["ScheduleExpression"] == "cron(0 13 * * ? *)" and rule["State"] == "ENABLED"
    [target] = rule["Targets"]
    assert json.loads(target["Input"]) == {"job": "daily_summary"}
    assert ("events.amazonaws.com", {rule_name}) in _invokers(synth, notifier)
    assert len(_invokers(synth, notifier)) == 2  # the sweep's rule and this one, nothing else


def test_the_notifier_may_read_and_delete_parked_mails_and_queue_them(synth: Any) -> None:
    _, notifier = _worker(synth.api, "notifier")
    [role] = referenced(notifier["Role"], {})
    parked = _role_grants(synth, role, _table_named(synth, "parked_mails"))
    assert {"dynamodb:Query", "dynamodb:DeleteItem"} <= parked
    queue, _ = _queue_named(synth.data, synth.stage.notifications_queue)
    assert "sqs:SendMessage" in _role_grants(synth, role, queue)


def test_the_notifier_may_do_forgot_s_work_the_lookup_the_reset_token_and_the_cooldowns(
        synth: Any) -> None:
    """``/password/forgot`` only queues the address; the notifier finds the account (users and
    its by_email index), issues the reset token (one_time_tokens, the user's latest reset),
    takes the mail's cooldowns (security_counters) and audits."""
    _, notifier = _worker(synth.api, "notifier")
    [role] = referenced(notifier["Role"], {})
    users = _role_grants(synth, role, _table_named(synth, "users"))
    assert {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:UpdateItem"} <= users
    for table in ("one_time_tokens", "security_counters"):
        assert {"dynamodb:PutItem", "dynamodb:UpdateItem"} <= _role_grants(
            synth, role, _table_named(synth, table)), table
    assert _role_grants(synth, role, _table_named(synth, "audit")) == {"dynamodb:PutItem"}


def test_every_function_that_queues_mail_may_park_it() -> None:
    from stacks.access import CAPABILITY_ACCESS

    senders = {name for name, access in CAPABILITY_ACCESS.items()
               if "notifications" in access.send_queues}
    assert {"registration", "auth", "credit", "tickets", "admin", "notifier"} <= senders
    for name in senders:
        access = CAPABILITY_ACCESS[name]
        assert "parked_mails" in (*access.write_tables, *access.put_tables), name


def test_an_import_is_shown_stalled_only_after_sqs_has_given_up_on_it(synth: Any) -> None:
    """domain/imports.STALLED_AFTER must outlast the upload link plus every attempt SQS makes
    (each hidden for the visibility timeout) before the message goes to the dead-letter queue."""
    from chalicelib.domain.imports.kinds import STALLED_AFTER
    from chalicelib.services.admin.imports import UPLOAD_LIFETIME_SECONDS

    _, queue = _queue_named(synth.data, synth.stage.imports_queue)
    attempts = queue["RedrivePolicy"]["maxReceiveCount"]
    worst_case = UPLOAD_LIFETIME_SECONDS + attempts * queue["VisibilityTimeout"]
    assert STALLED_AFTER.total_seconds() > worst_case


def test_the_notifier_may_do_registration_s_work_the_registry_match_and_the_account(
        synth: Any) -> None:
    """``POST /api/registration`` only queues the attempt; the notifier reads the registry,
    counts the DNI's failures (security_counters), checks and spends an office code
    (one_time_tokens) and creates the account with its unique e-mail and DNI claims."""
    _, notifier = _worker(synth.api, "notifier")
    [role] = referenced(notifier["Role"], {})
    assert "dynamodb:GetItem" in _role_grants(synth, role, _table_named(synth, "member_registry"))
    for table in ("users", "unique_keys"):
        assert "dynamodb:PutItem" in _role_grants(synth, role, _table_named(synth, table)), table
    assert "dynamodb:DeleteItem" in _role_grants(synth, role,
                                                 _table_named(synth, "one_time_tokens"))
