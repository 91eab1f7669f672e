"""What tells the team that something needs a person: CloudWatch alarms on one SNS topic.

- **Dead letters**: a message in either dead-letter queue is an e-mail SES refused five times or
  an import the worker could not finish (the admin sees it as "Interrumpida").
- **Log markers** (``chalicelib/observability.py``): a request answered 500, an e-mail parked
  because SQS was unreachable, an e-mail lost. A metric filter on every function's log group
  counts each marker into one metric per marker.
- **Function errors**: crashes and timeouts of any function (Lambda's ``Errors``, summed ten
  functions to an alarm: CloudWatch's limit).

Every alarm fires on the first occurrence in five minutes and treats no data as fine. Set the
stage's ``alarm_email`` to get them by e-mail (the address confirms the subscription once).
Costs: CloudWatch bills each metric an alarm reads, about $0.10 a month each.
"""

from __future__ import annotations

from collections.abc import Mapping

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_logs as logs
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct
from stages import Stage

from chalicelib.observability import ALARMED_MARKERS

PERIOD = Duration.minutes(5)
METRIC_NAMESPACE_PREFIX = "COOPAC"
MAX_ALARM_METRICS = 10
"""CloudWatch's limit of metrics in one alarm's math expression: the functions' errors are summed
in alarms of at most ten functions each."""


def metric_namespace(stage: Stage) -> str:
    return f"{METRIC_NAMESPACE_PREFIX}/{stage.name}"


def marker_metric_name(marker: str) -> str:
    """``mail_lost`` -> ``MailLost``."""
    return "".join(part.title() for part in marker.split("_"))


class Monitoring(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, stage: Stage,
                 log_groups: Mapping[str, logs.ILogGroup],
                 function_names: Mapping[str, str], dead_letter_queues: Mapping[str, str]) -> None:
        super().__init__(scope, construct_id)
        self.topic = sns.Topic(self, "AlarmTopic", topic_name=f"{stage.prefix}-alarms",
                               display_name=f"COOPAC portal ({stage.name}) alarms",
                               enforce_ssl=True)
        if stage.alarm_email:
            self.topic.add_subscription(subscriptions.EmailSubscription(stage.alarm_email))
        self.alarms: list[cloudwatch.Alarm] = []

        for name, queue_name in dead_letter_queues.items():
            self._alarm(f"{name.title()}DeadLetters",
                        f"Hay mensajes en la cola de errores {queue_name}: revise y reenvíe.",
                        cloudwatch.Metric(namespace="AWS/SQS",
                                          metric_name="ApproximateNumberOfMessagesVisible",
                                          dimensions_map={"QueueName": queue_name},
                                          statistic="Maximum", period=PERIOD))

        namespace = metric_namespace(stage)
        for marker in ALARMED_MARKERS:
            metric_name = marker_metric_name(marker)
            for capability, group in log_groups.items():
                logs.MetricFilter(
                    self, f"{metric_name}{capability.title().replace('_', '')}Filter",
                    log_group=group, metric_namespace=namespace, metric_name=metric_name,
                    filter_pattern=logs.FilterPattern.literal(f'"{marker}"'),
                    metric_value="1")
            self._alarm(metric_name, f"Los registros de las funciones dicen {marker}.",
                        cloudwatch.Metric(namespace=namespace, metric_name=metric_name,
                                          statistic="Sum", period=PERIOD))

        names = list(function_names.values())
        for part, start in enumerate(range(0, len(names), MAX_ALARM_METRICS)):
            errors = {f"e{start + index}": cloudwatch.Metric(
                namespace="AWS/Lambda", metric_name="Errors",
                dimensions_map={"FunctionName": function_name}, statistic="Sum", period=PERIOD)
                for index, function_name in enumerate(names[start:start + MAX_ALARM_METRICS])}
            self._alarm("FunctionErrors" + (str(part + 1) if part else ""),
                        "Una función falló o excedió su tiempo.",
                        cloudwatch.MathExpression(expression=" + ".join(errors),
                                                  using_metrics=errors,
                                                  label="Errors (functions)", period=PERIOD))

    def _alarm(self, construct_id: str, description: str, metric: cloudwatch.IMetric) -> None:
        alarm = cloudwatch.Alarm(
            self, construct_id, metric=metric, threshold=0, evaluation_periods=1,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
            alarm_description=description)
        alarm.add_alarm_action(cloudwatch_actions.SnsAction(self.topic))
        self.alarms.append(alarm)
