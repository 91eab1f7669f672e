"""The alarms (infra/stacks/monitoring.py): dead letters, the app's log markers, function errors,
all on the stage's SNS topic."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from chalicelib.handlers import ALL_CAPABILITIES
from chalicelib.observability import ALARMED_MARKERS
from tests.infra.cfn import props, referenced, resources


def _topic(synth: Any) -> str:
    [topic] = resources(synth.api, "AWS::SNS::Topic")
    return topic


def _alarms(synth: Any) -> list[dict[str, Any]]:
    return [props(a) for a in resources(synth.api, "AWS::CloudWatch::Alarm").values()]


def _app_functions_with_props(synth: Any) -> dict[str, dict[str, Any]]:
    """Every function of the app: the HTTP capabilities and the workers."""
    http = resources(synth.api, "AWS::Lambda::Function")
    workers = resources(synth.api, "AWS::Serverless::Function")
    found = {name: props(f) for name, f in http.items()
             if "CAPABILITY" in props(f).get("Environment", {}).get("Variables", {})}
    found |= {name: props(f) for name, f in workers.items()
              if props(f)["Handler"].startswith("chalicelib.handlers.")}
    assert len(found) == len(ALL_CAPABILITIES)
    return found


def _app_functions(synth: Any) -> set[str]:
    return set(_app_functions_with_props(synth))


def _function_log_groups(synth: Any) -> set[str]:
    return set().union(*(referenced(function["LoggingConfig"]["LogGroup"], {})
                         for function in _app_functions_with_props(synth).values()))


def test_every_alarm_fires_on_the_first_occurrence_to_the_stage_topic(synth: Any) -> None:
    alarms = _alarms(synth)
    assert len(alarms) == 2 + len(ALARMED_MARKERS) + math.ceil(len(ALL_CAPABILITIES) / 10)
    for alarm in alarms:
        assert referenced(alarm["AlarmActions"], {}) == {_topic(synth)}
        assert (alarm["Threshold"], alarm["ComparisonOperator"], alarm["EvaluationPeriods"],
                alarm["TreatMissingData"]) == (0, "GreaterThanThreshold", 1, "notBreaching")
        assert alarm["AlarmDescription"]


def test_each_dead_letter_queue_has_an_alarm(synth: Any) -> None:
    dead_letter_queues = {props(q)["QueueName"] for q in resources(
        synth.data, "AWS::SQS::Queue").values() if props(q)["QueueName"].endswith("-dlq")}
    assert len(dead_letter_queues) == 2
    watched = {alarm["Dimensions"][0]["Value"] for alarm in _alarms(synth)
               if alarm.get("MetricName") == "ApproximateNumberOfMessagesVisible"}
    assert watched == dead_letter_queues


def test_each_log_marker_is_counted_in_every_functions_logs_and_alarmed(synth: Any) -> None:
    groups = _function_log_groups(synth)
    assert len(groups) == len(ALL_CAPABILITIES)
    filters = [props(f) for f in resources(synth.api, "AWS::Logs::MetricFilter").values()]
    for marker in ALARMED_MARKERS:
        mine = [f for f in filters if f["FilterPattern"] == f'"{marker}"']
        assert set().union(*(referenced(f["LogGroupName"], {}) for f in mine)) == groups, marker
        [(namespace, name)] = {(t["MetricNamespace"], t["MetricName"])
                               for f in mine for t in f["MetricTransformations"]}
        assert namespace == f"COOPAC/{synth.stage.name}"
        assert [a for a in _alarms(synth)
                if (a.get("Namespace"), a.get("MetricName")) == (namespace, name)], marker


def test_errors_of_every_function_add_up_in_one_alarm(synth: Any) -> None:
    parts = []
    for alarm in [a for a in _alarms(synth) if "Metrics" in a]:
        [expression] = [m for m in alarm["Metrics"] if "Expression" in m]
        mine = [m for m in alarm["Metrics"] if "MetricStat" in m]
        assert sorted(expression["Expression"].split(" + ")) == sorted(m["Id"] for m in mine)
        assert len(mine) <= 10  # CloudWatch's limit of metrics in one math expression
        parts += mine
    assert all(m["MetricStat"]["Metric"]["MetricName"] == "Errors" for m in parts)
    watched = set().union(*(referenced(m["MetricStat"]["Metric"]["Dimensions"][0]["Value"], {})
                            for m in parts))
    assert watched == _app_functions(synth)
    assert len(parts) == len(ALL_CAPABILITIES)


def test_the_alarm_email_subscribes_to_the_topic(synth: Any) -> None:
    import aws_cdk as cdk
    from aws_cdk import aws_logs as logs
    from aws_cdk.assertions import Template
    from stacks.monitoring import Monitoring

    assert not resources(synth.api, "AWS::SNS::Subscription")  # prod sets no address yet
    stage = dataclasses.replace(synth.stage, alarm_email="sistemas@coopacpetroperu.pe")
    stack = cdk.Stack(cdk.App(), "MonitoringOnly")
    Monitoring(stack, "Monitoring", stage=stage,
               log_groups={"auth": logs.LogGroup(stack, "AuthLogs")},
               function_names={"auth": "coopac-prod-auth"},
               dead_letter_queues={"imports": "coopac-prod-imports-dlq"})
    template = Template.from_stack(stack).to_json()
    [subscription] = resources(template, "AWS::SNS::Subscription").values()
    assert props(subscription)["Protocol"] == "email"
    assert props(subscription)["Endpoint"] == "sistemas@coopacpetroperu.pe"


def test_the_cost_model_prices_every_alarm_metric(synth: Any) -> None:
    from bench.cost import ALARM_METRICS

    read = sum(len([m for m in alarm["Metrics"] if "MetricStat" in m]) if "Metrics" in alarm
               else 1 for alarm in _alarms(synth))
    assert read == ALARM_METRICS
