"""The API stack: the Chalice app fanned out to one Lambda per capability, and CloudFront.

``chalice.cdk.Chalice`` packages the one app (every route, so ``chalice local`` and the tests see
them all) into a SAM template with a REST API whose routes all reach one ``APIHandler``. Here:

1. one ``lambda.Function`` per HTTP capability from the same code asset and dependency layer,
   with ``CAPABILITY=<name>`` (``app.py`` then mounts only that blueprint), its own memory,
   timeout and least-privilege grants (``access.py``);
2. every route under ``/api/<capability>`` of the generated OpenAPI body is pointed at that
   capability's function, and API Gateway may invoke it;
3. ``APIHandler``, its permission, its outputs and Chalice's shared role are removed;
4. the worker functions Chalice generates for ``@blueprint.lambda_function`` get their own roles
   and their SQS event sources (partial batch failures reported);
5. one CloudFront distribution serves the site bucket and routes ``/api/*`` to the API, with the
   security headers of ``chalicelib.web_security``.

The integrations name each function by its (fixed) name rather than by a reference: the functions'
``SITE_URL`` is the distribution's address, the distribution needs the API, and a reference from
the API to the functions would close that loop.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from aws_cdk import Annotations, Aws, CfnOutput, Duration, RemovalPolicy, Stack, Token
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_events as events
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3deploy
from aws_cdk import aws_sam as sam
from aws_cdk import aws_secretsmanager as secretsmanager
from constructs import Construct
from stages import EDGE_REGION, Stage

from chalicelib import web_security
from chalicelib.domain.accounts.member_alerts import ALERTS_CRON, ALERTS_JOB
from chalicelib.domain.admin.daily_summary import DAILY_SUMMARY_CRON, DAILY_SUMMARY_JOB
from chalicelib.domain.shared.edge import ORIGIN_HEADER, VIEWER_ADDRESS_HEADER
from chalicelib.domain.shared.emails import PARKED_MAIL_SWEEP_MINUTES
from chalicelib.handlers import HTTP_CAPABILITIES, WORKER_CAPABILITIES
from stacks.access import (
    ALERT_MARK_KEYS,
    AUDIT_APPEND_ACTIONS,
    AUDIT_READ_ACTIONS,
    CAPABILITY_ACCESS,
    DAILY_SUMMARY_KEYS,
    MEMBER_AUDIT_INDEXES,
    REFUSAL_KEYS,
    SECURITY_COUNTERS,
    TABLE_READ_ACTIONS,
    TABLE_WRITE_ACTIONS,
    USER_COUNTER_KEYS,
    Access,
)
from stacks.chalice_app import API_GATEWAY_STAGE, REPO_ROOT, package_app
from stacks.monitoring import Monitoring
from stacks.stateful import StatefulStack
from stacks.waf import edge_web_acl

SITE_DIST = REPO_ROOT / "static-site" / "dist"
INTEGRATION = "x-amazon-apigateway-integration"
HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options"})
SENSITIVE_ROUTES = (
    ("/api/auth/login", "POST"),
    ("/api/auth/login/totp", "POST"),
    ("/api/auth/password/forgot", "POST"),
    ("/api/auth/password/reset", "POST"),
    ("/api/registration", "POST"),
)
"""Routes throttled tighter than the rest of the API (when the app defines them)."""
API_VIEWER_HEADERS = ("Accept", "Content-Type", "User-Agent", "X-Requested-With")
"""The viewer headers the API reads (the cookie and query string pass whole; the origin secret
is the origin's own custom header)."""
LIVE_ALIAS = "live"
"""The alias API Gateway invokes on a SnapStart function (``Stage.snap_start``): SnapStart
applies to published versions only, never to ``$LATEST``."""
REMOVED_CHALICE_RESOURCES = ("APIHandler", "APIHandlerInvokePermission", "DefaultRole")
REMOVED_CHALICE_OUTPUTS = ("APIHandlerName", "APIHandlerArn")


def _error_body(code: str, message: str) -> str:
    return json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False,
                      separators=(",", ":"))


GATEWAY_RESPONSES: dict[str, tuple[int | None, str, str]] = {
    # API Gateway answers an unknown path or method with 403 "Missing Authentication Token".
    "MISSING_AUTHENTICATION_TOKEN": (404, "not_found", "El recurso solicitado no existe."),
    "THROTTLED": (429, "throttled",
                  "Demasiadas solicitudes. Espera un momento e inténtalo de nuevo."),
    "REQUEST_TOO_LARGE": (413, "body_too_large", "El contenido enviado es demasiado grande."),
    "DEFAULT_4XX": (None, "bad_request", "La solicitud no es válida."),
    "DEFAULT_5XX": (None, "server_error",
                    "Ocurrió un error inesperado. Inténtalo de nuevo en unos minutos."),
}
"""Answers API Gateway gives by itself, in the API's error shape: (status or None, code, text)."""


def gateway_responses() -> dict[str, Any]:
    responses = {}
    for kind, (status, code, message) in GATEWAY_RESPONSES.items():
        response: dict[str, Any] = {
            "responseParameters": {
                "gatewayresponse.header.Cache-Control": "'no-store'",
            },
            "responseTemplates": {"application/json": _error_body(code, message)},
        }
        if status is not None:
            response["statusCode"] = str(status)
        responses[kind] = response
    return responses


def capability_of(path: str) -> str:
    """``/api/auth/login`` -> ``auth``; anything outside ``/api/<capability>`` fails the synth."""
    parts = path.split("/")
    if len(parts) < 3 or parts[0] != "" or parts[1] != "api" or parts[2] not in HTTP_CAPABILITIES:
        raise ValueError(f"route {path} is not under /api/<capability> {HTTP_CAPABILITIES}")
    return parts[2]


def method_setting_path(path: str) -> str:
    """``/api/auth/login`` -> ``/~1api~1auth~1login`` (a stage setting's ResourcePath)."""
    return "/" + path.replace("/", "~1")


def _invocation_uri(function_name: str) -> str:
    function_arn = (f"arn:{Aws.PARTITION}:lambda:{Aws.REGION}:{Aws.ACCOUNT_ID}"
                    f":function:{function_name}")
    return (f"arn:{Aws.PARTITION}:apigateway:{Aws.REGION}:lambda:path/2015-03-31/functions/"
            f"{function_arn}/invocations")


class ApiStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage: Stage,
                 data: StatefulStack, **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        self.stage = stage
        self.data = data

        self.chalice = package_app(self, "Chalice")
        # The code asset's key is its content hash: a new package is a new key, so the functions
        # do follow code changes without an object version.
        Annotations.of(self).acknowledge_warning(
            "@aws-cdk/aws-lambda:codeFromBucketObjectVersionNotSpecified",
            "asset keys are content hashes")
        code_asset = self.chalice.node.find_child("ChaliceAppCode")
        self.code = lambda_.Code.from_bucket(code_asset.bucket, code_asset.s3_object_key)
        self.layer = lambda_.LayerVersion.from_layer_version_arn(
            self, "ChaliceLayer", self.chalice.get_resource("ManagedLayer").ref)
        self.rest_api = self.chalice.get_resource("RestAPI")
        if not isinstance(self.rest_api, sam.CfnApi):
            raise TypeError(f"Chalice's RestAPI is a {type(self.rest_api)}, not a SAM API")

        # CloudFront proves each API request came through it with this secret header; the HTTP
        # functions refuse requests without it (chalicelib/domain/shared/edge.py). Both resolve the
        # value at deployment (a dynamic reference): it is never in the template or the repo.
        self.origin_secret = secretsmanager.Secret(
            self, "OriginVerifySecret",
            description=f"COOPAC portal ({stage.name}): CloudFront -> API origin header",
            generate_secret_string=secretsmanager.SecretStringGenerator(
                password_length=48, exclude_punctuation=True),
        )
        # The distribution needs only the API's id; the functions need its address.
        self.distribution = self._distribution()
        self.site_url = (f"https://{stage.site_domain}" if stage.site_domain
                         else f"https://{self.distribution.distribution_domain_name}")
        CfnOutput(self, "SiteUrl", value=self.site_url)
        self.log_groups: dict[str, logs.LogGroup] = {}
        unknown = set(stage.snap_start) - set(HTTP_CAPABILITIES)
        if unknown:
            raise ValueError(f"snap_start: {sorted(unknown)} are not HTTP capabilities")
        self.functions = {cap: self._http_function(cap) for cap in HTTP_CAPABILITIES}
        self._route_api_to_capabilities()
        self._remove_all_in_one_handler()
        self.workers = {cap: self._worker(cap) for cap in WORKER_CAPABILITIES}
        self.monitoring = Monitoring(
            self, "Monitoring", stage=stage, log_groups=self.log_groups,
            function_names={**{cap: f.function_name for cap, f in self.functions.items()},
                            **{cap: f.ref for cap, f in self.workers.items()}},
            dead_letter_queues={"notifications": f"{stage.notifications_queue}-dlq",
                                "imports": f"{stage.imports_queue}-dlq"})

    # --- shared -------------------------------------------------------------------------------

    def shared_environment(self) -> dict[str, str]:
        """What ``chalicelib.settings`` reads, the same in every deployed function."""
        return {
            "STAGE": self.stage.name,
            "TABLE_PREFIX": self.stage.table_prefix,
            "IMPORTS_BUCKET": self.data.imports_bucket.bucket_name,
            "REPORTS_BUCKET": self.data.reports_bucket.bucket_name,
            "KMS_KEY_ALIAS": self.stage.kms_key_alias,
            "NOTIFICATIONS_QUEUE": self.stage.notifications_queue,
            "IMPORTS_QUEUE": self.stage.imports_queue,
            "MAIL_FROM": self.stage.mail_from,
            "SITE_URL": self.site_url,
            "LOGIN_FAILURES_PER_IP": str(self.stage.login_failures_per_address),
            "ACTIVATION_LIFETIME_HOURS": str(self.stage.activation_lifetime_hours),
            "MEMBER_DAILY_TICKETS": str(self.stage.member_daily_tickets),
            "MEMBER_DAILY_APPLICATIONS": str(self.stage.member_daily_applications),
            "CASE_OVERDUE_HOURS": str(self.stage.case_overdue_hours),
            "COMPLAINT_ANSWER_BUSINESS_DAYS": str(self.stage.complaint_answer_business_days),
            "ALERT_INSTALLMENT_DAYS_BEFORE": str(self.stage.alert_installment_days_before),
            "ALERT_FIXED_DEPOSIT_DAYS_BEFORE": str(self.stage.alert_fixed_deposit_days_before),
            "COMPLAINT_FILINGS_PER_IP": str(self.stage.complaint_filings_per_address),
            "COMPLAINT_LOOKUP_FAILURES_PER_IP":
                str(self.stage.complaint_lookup_failures_per_address),
        }

    def _log_group(self, capability: str) -> logs.LogGroup:
        title = capability.title().replace("_", "")
        group = logs.LogGroup(self, f"{title}Logs", retention=self.stage.log_retention)
        self.log_groups[capability] = group
        return group

    def _grant_counter_prefixes(self, access: Access, grantee: iam.IGrantable) -> None:
        """A function that may not write ``security_counters`` may still touch the items of one
        key prefix (IAM ``dynamodb:LeadingKeys``): its refusal budgets, and for a public route
        its address throttle (the PDF check the sign-ins' one, the Libro de Reclamaciones its
        own)."""
        if SECURITY_COUNTERS in access.write_tables:
            return
        table_arn = self.data.tables[SECURITY_COUNTERS].table_arn
        if access.count_refusals:
            grantee.grant_principal.add_to_principal_policy(iam.PolicyStatement(
                sid="RefusalBudgetsOnly",
                actions=["dynamodb:UpdateItem"],
                resources=[table_arn],
                conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": [REFUSAL_KEYS]}},
            ))
        if access.address_throttle_keys:
            grantee.grant_principal.add_to_principal_policy(iam.PolicyStatement(
                sid="AddressThrottleOnly",
                actions=["dynamodb:GetItem", "dynamodb:UpdateItem"],
                resources=[table_arn],
                conditions={"ForAllValues:StringLike": {
                    "dynamodb:LeadingKeys": [access.address_throttle_keys]}},
            ))

    def _grant_daily_summary_marks(self, access: Access, grantee: iam.IGrantable) -> None:
        if not access.mark_daily_summaries:
            return
        grantee.grant_principal.add_to_principal_policy(iam.PolicyStatement(
            sid="DailySummaryMarksOnly",
            actions=["dynamodb:PutItem"],
            resources=[self.data.tables["counters"].table_arn],
            conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": [DAILY_SUMMARY_KEYS]}},
        ))

    def _grant_alert_marks(self, access: Access, grantee: iam.IGrantable) -> None:
        if not access.mark_alerts:
            return
        grantee.grant_principal.add_to_principal_policy(iam.PolicyStatement(
            sid="AlertMarksOnly",
            actions=["dynamodb:PutItem"],
            resources=[self.data.tables["counters"].table_arn],
            conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": [ALERT_MARK_KEYS]}},
        ))

    def _grant_user_counters(self, access: Access, grantee: iam.IGrantable) -> None:
        """The dashboard's account counters (issue 19), moved with the account's write."""
        if not access.count_users:
            return
        grantee.grant_principal.add_to_principal_policy(iam.PolicyStatement(
            sid="UserCountersOnly",
            actions=["dynamodb:UpdateItem"],
            resources=[self.data.tables["counters"].table_arn],
            conditions={"ForAllValues:StringLike": {"dynamodb:LeadingKeys": [USER_COUNTER_KEYS]}},
        ))

    def _grant_narrow(self, access: Access, grantee: iam.IGrantable) -> None:
        """Single actions on single resources: Query on one index (not its table), GetItem or
        PutItem alone on a table."""
        tables = self.data.tables
        for table, index in access.query_indexes:
            grantee.grant_principal.add_to_principal_policy(iam.PolicyStatement(
                actions=["dynamodb:Query"],
                resources=[f"{tables[table].table_arn}/index/{index}"]))
        for action, names in (("dynamodb:GetItem", access.get_tables),
                              ("dynamodb:PutItem", access.put_tables)):
            for name in names:  # the table alone (Table.grant would add its indexes too)
                grantee.grant_principal.add_to_principal_policy(iam.PolicyStatement(
                    actions=[action], resources=[tables[name].table_arn]))
        self._grant_alert_marks(access, grantee)

    def _grant_data_archives(self, access: Access, grantee: iam.IGrantable) -> None:
        """«Mis datos» (issue 18): PutObject under one prefix of a bucket, and Query on the
        audit table's ``by_actor`` and ``by_subject`` indexes alone (the member's own records
        and those about them)."""
        buckets = {"imports": self.data.imports_bucket, "reports": self.data.reports_bucket}
        for name, prefix in access.write_bucket_prefixes:
            buckets[name].grant_put(grantee, f"{prefix}*")
        if access.audit_member_indexes:
            grantee.grant_principal.add_to_principal_policy(iam.PolicyStatement(
                sid="AuditOfMemberQuery", actions=["dynamodb:Query"],
                resources=[f"{self.data.audit_table.table_arn}/index/{index}"
                           for index in MEMBER_AUDIT_INDEXES]))

    def _grant(self, access: Access, grantee: iam.IGrantable) -> None:
        data = self.data
        self._grant_narrow(access, grantee)
        for name in access.read_tables:
            data.tables[name].grant(grantee, *TABLE_READ_ACTIONS)
        for name in access.write_tables:
            data.tables[name].grant(grantee, *TABLE_WRITE_ACTIONS)
        if access.audit is not None:
            actions = AUDIT_APPEND_ACTIONS + (
                AUDIT_READ_ACTIONS if access.audit == "append_and_read" else ())
            # Not grant_write_data: that includes UpdateItem, DeleteItem and BatchWriteItem.
            grantee.grant_principal.add_to_principal_policy(iam.PolicyStatement(
                sid="AuditAppendOnly",
                actions=list(actions),
                resources=[data.audit_table.table_arn, f"{data.audit_table.table_arn}/index/*"],
            ))
        self._grant_counter_prefixes(access, grantee)
        self._grant_daily_summary_marks(access, grantee)
        self._grant_user_counters(access, grantee)
        self._grant_data_archives(access, grantee)
        queues = {"notifications": data.notifications_queue, "imports": data.imports_queue}
        for name in access.send_queues:
            queues[name].grant_send_messages(grantee)
        buckets = {"imports": data.imports_bucket, "reports": data.reports_bucket}
        for name in access.read_buckets:
            buckets[name].grant_read(grantee)
        for name in access.write_buckets:
            buckets[name].grant_put(grantee)
        if access.kms_encrypt_decrypt:
            data.key.grant_encrypt_decrypt(grantee)
        if access.send_email:
            data.mail_identity.grant_send_email(grantee)

    # --- HTTP capabilities ----------------------------------------------------------------------

    def _http_function(self, capability: str) -> lambda_.Function:
        access = CAPABILITY_ACCESS[capability]
        title = capability.title().replace("_", "")
        snap_start = capability in self.stage.snap_start
        function = lambda_.Function(
            self, f"{title}Function",
            function_name=self.stage.function_name(capability),
            description=f"COOPAC portal ({self.stage.name}): /api/{capability}",
            runtime=lambda_.Runtime.PYTHON_3_12,
            architecture=lambda_.Architecture.X86_64,  # the layer's wheels are x86_64
            handler="app.app",
            code=self.code,
            layers=[self.layer],
            memory_size=access.memory_mb,
            timeout=Duration.seconds(access.timeout_seconds),
            environment={**self.shared_environment(), "CAPABILITY": capability,
                         "ORIGIN_SECRET": self.origin_secret.secret_value.unsafe_unwrap()},
            log_group=self._log_group(capability),
            snap_start=lambda_.SnapStartConf.ON_PUBLISHED_VERSIONS if snap_start else None,
            # A replaced version (and its cached snapshot, billed while it exists) goes once
            # the alias has moved on.
            current_version_options=lambda_.VersionOptions(
                removal_policy=RemovalPolicy.DESTROY) if snap_start else None,
        )
        self._grant(access, function)
        source_arn = (f"arn:{Aws.PARTITION}:execute-api:{Aws.REGION}:{Aws.ACCOUNT_ID}:"
                      f"{self.rest_api.ref}/*/*/api/{capability}*")
        if not snap_start:
            function.add_permission(
                "ApiGatewayInvoke",
                principal=iam.ServicePrincipal("apigateway.amazonaws.com"),
                action="lambda:InvokeFunction",
                source_arn=source_arn,
            )
            return function
        self._live_alias(function, title, source_arn)
        return function

    def _live_alias(self, function: lambda_.Function, title: str, source_arn: str) -> None:
        """SnapStart: the current published version behind the ``live`` alias, the only
        qualifier API Gateway may invoke (``$LATEST`` would run without the snapshot)."""
        alias = lambda_.Alias(self, f"{title}Live", alias_name=LIVE_ALIAS,
                              version=function.current_version)
        Annotations.of(function).acknowledge_warning(
            "@aws-cdk/aws-lambda:snapStartRequirePublish",
            "published: current_version, behind the live alias")
        permission = lambda_.CfnPermission(
            self, f"{title}LiveApiGatewayInvoke",
            action="lambda:InvokeFunction",
            function_name=f"{function.function_name}:{LIVE_ALIAS}",
            principal="apigateway.amazonaws.com",
            source_arn=source_arn,
        )
        permission.node.add_dependency(alias)

    def _route_api_to_capabilities(self) -> None:
        body = copy.deepcopy(self.rest_api.definition_body)
        routes = []
        for path, operations in body["paths"].items():
            capability = capability_of(path)
            for method, operation in operations.items():
                if method in HTTP_METHODS and INTEGRATION in operation:
                    operation[INTEGRATION]["uri"] = _invocation_uri(
                        self._invoked_name(capability))
                    routes.append((path, method.upper()))
        if not routes:
            raise ValueError("the Chalice app defines no routes")
        body["x-amazon-apigateway-gateway-responses"] = gateway_responses()
        self.rest_api.definition_body = body
        self.rest_api.add_property_override("MethodSettings", self._method_settings(routes))

    def _invoked_name(self, capability: str) -> str:
        """What API Gateway invokes: the function, or its ``live`` alias under SnapStart."""
        name = self.stage.function_name(capability)
        return f"{name}:{LIVE_ALIAS}" if capability in self.stage.snap_start else name

    def _method_settings(self, routes: list[tuple[str, str]]) -> list[dict[str, Any]]:
        """The stage's throttling, sized from its membership and payday peak
        (``Stage.limits``, ``payday_limits.py``); each sensitive route has its own bucket."""
        stage = self.stage
        settings: list[dict[str, Any]] = [{
            "ResourcePath": "/*", "HttpMethod": "*",
            "ThrottlingRateLimit": stage.api_rate_limit,
            "ThrottlingBurstLimit": stage.api_burst_limit,
        }]
        for path, method in SENSITIVE_ROUTES:
            if (path, method) in routes:  # a setting for a missing route fails the deployment
                settings.append({
                    "ResourcePath": method_setting_path(path), "HttpMethod": method,
                    "ThrottlingRateLimit": stage.sensitive_rate_limit,
                    "ThrottlingBurstLimit": stage.sensitive_burst_limit,
                })
        return settings

    def _remove_all_in_one_handler(self) -> None:
        template = self.chalice.sam_template
        for name in REMOVED_CHALICE_OUTPUTS:
            output = template.get_output(name)
            if not output.node.scope.node.try_remove_child(output.node.id):
                raise RuntimeError(f"could not remove Chalice output {name}")
        for name in REMOVED_CHALICE_RESOURCES:
            resource = template.get_resource(name)
            if not resource.node.scope.node.try_remove_child(resource.node.id):
                raise RuntimeError(f"could not remove Chalice resource {name}")

    # --- workers --------------------------------------------------------------------------------

    def _chalice_function(self, capability: str) -> sam.CfnFunction:
        """The function Chalice generated for ``@blueprint.lambda_function`` in that module."""
        handler_prefix = f"chalicelib.handlers.{capability}."
        found = [child for child in self.chalice.sam_template.node.children
                 if isinstance(child, sam.CfnFunction)
                 and str(child.handler).startswith(handler_prefix)]
        if len(found) != 1:
            raise RuntimeError(f"expected one Chalice function for {capability}, found {found}")
        return found[0]

    def _worker(self, capability: str) -> sam.CfnFunction:
        access = CAPABILITY_ACCESS[capability]
        title = capability.title().replace("_", "")
        function = self._chalice_function(capability)
        role = iam.Role(
            self, f"{title}Role",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(
                "service-role/AWSLambdaBasicExecutionRole")],
        )
        self._grant(access, role)
        function.role = role.role_arn
        function.memory_size = access.memory_mb
        function.timeout = access.timeout_seconds
        function.add_property_override("Environment.Variables", self.shared_environment())
        function.add_property_override(
            "LoggingConfig", {"LogGroup": self._log_group(capability).log_group_name})
        if capability == "alerts":  # no queue: only its daily schedule invokes it
            self._schedule_member_alerts(function)
            return function

        queue = {"import_worker": self.data.imports_queue,
                 "notifier": self.data.notifications_queue}[capability]
        queue.grant_consume_messages(role)
        mapping = lambda_.CfnEventSourceMapping(
            self, f"{title}Source",
            function_name=function.ref,
            event_source_arn=queue.queue_arn,
            batch_size=1 if capability == "import_worker" else 10,
            function_response_types=["ReportBatchItemFailures"],
            scaling_config=lambda_.CfnEventSourceMapping.ScalingConfigProperty(
                maximum_concurrency=2) if capability == "import_worker" else None,
        )
        mapping.node.add_dependency(role)  # the role's SQS policy must exist first
        if capability == "notifier":
            self._schedule_parked_mail_sweep(function)
            self._schedule_daily_summary(function)
        return function

    def _schedule_member_alerts(self, function: sam.CfnFunction) -> None:
        """Daily at 07:00 Lima the alerts function e-mails the members' installment and
        fixed-deposit alerts (issue 18); its constant input ``{"job": "member_alerts"}`` is the
        only event it acts on. Each alert is sent once even if EventBridge delivers twice
        (``services/accounts/member_alerts.py``)."""
        rule = events.CfnRule(
            self, "MemberAlerts",
            description="COOPAC portal: the members' alert e-mails (07:00 Lima)",
            schedule_expression=ALERTS_CRON,
            state="ENABLED",
            targets=[events.CfnRule.TargetProperty(
                arn=Token.as_string(function.get_att("Arn")), id="alerts-daily",
                input=json.dumps({"job": ALERTS_JOB}))],
        )
        lambda_.CfnPermission(
            self, "MemberAlertsInvoke",
            action="lambda:InvokeFunction",
            function_name=function.ref,
            principal="events.amazonaws.com",
            source_arn=rule.attr_arn,
        )

    def _schedule_daily_summary(self, function: sam.CfnFunction) -> None:
        """Daily at 08:00 Lima the notifier e-mails the admins' summary (issue 17); its constant
        input ``{"job": "daily_summary"}`` tells it apart from the sweep. The app sends it once
        per Lima day even if EventBridge delivers twice (``services/admin/daily_summary.py``)."""
        rule = events.CfnRule(
            self, "DailySummary",
            description="COOPAC portal: the admins' daily summary e-mail (08:00 Lima)",
            schedule_expression=DAILY_SUMMARY_CRON,
            state="ENABLED",
            targets=[events.CfnRule.TargetProperty(
                arn=Token.as_string(function.get_att("Arn")), id="notifier-daily-summary",
                input=json.dumps({"job": DAILY_SUMMARY_JOB}))],
        )
        lambda_.CfnPermission(
            self, "DailySummaryInvoke",
            action="lambda:InvokeFunction",
            function_name=function.ref,
            principal="events.amazonaws.com",
            source_arn=rule.attr_arn,
        )

    def _schedule_parked_mail_sweep(self, function: sam.CfnFunction) -> None:
        """Every five minutes the notifier queues the e-mails parked while SQS was unreachable
        (``services/shared/notifications.py``). About 8,600 invocations a month, inside Lambda's
        free requests."""
        rule = events.CfnRule(
            self, "ParkedMailSweep",
            description="COOPAC portal: queue the e-mails parked while SQS was unreachable",
            schedule_expression=f"rate({PARKED_MAIL_SWEEP_MINUTES} minutes)",
            state="ENABLED",
            targets=[events.CfnRule.TargetProperty(arn=Token.as_string(function.get_att("Arn")),
                                                   id="notifier")],
        )
        lambda_.CfnPermission(
            self, "ParkedMailSweepInvoke",
            action="lambda:InvokeFunction",
            function_name=function.ref,
            principal="events.amazonaws.com",
            source_arn=rule.attr_arn,
        )

    # --- CloudFront -----------------------------------------------------------------------------

    def _distribution(self) -> cloudfront.Distribution:
        site_bucket = s3.Bucket.from_bucket_attributes(
            self, "SiteBucketRef",
            bucket_arn=self.data.site_bucket.bucket_arn,
            bucket_regional_domain_name=self.data.site_bucket.bucket_regional_domain_name,
        )
        # The admin's browser POSTs CSV files with presigned forms to the imports bucket's
        # regional virtual-hosted name (chalicelib/store/shared/aws.py signs them so).
        upload_origin = f"https://{self.data.imports_bucket.bucket_regional_domain_name}"
        headers = security_headers_policy(self, (upload_origin,))
        site_origin = origins.S3BucketOrigin.with_origin_access_control(site_bucket)
        api_origin = origins.HttpOrigin(
            f"{self.rest_api.ref}.execute-api.{Aws.REGION}.{Aws.URL_SUFFIX}",
            origin_path=f"/{API_GATEWAY_STAGE}",
            protocol_policy=cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            custom_headers={ORIGIN_HEADER: self.origin_secret.secret_value.unsafe_unwrap()},
        )
        spa = cloudfront.Function(
            self, "SpaRewrite",
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            comment="Paths without a file extension are the SPA's routes: serve /index.html",
            code=cloudfront.FunctionCode.from_inline(SPA_REWRITE_JS),
        )
        domain: dict[str, Any] = {}
        if self.stage.site_domain and self.stage.certificate_arn:
            domain = {"domain_names": [self.stage.site_domain],
                      "certificate": acm.Certificate.from_certificate_arn(
                          self, "SiteCertificate", self.stage.certificate_arn),
                      "minimum_protocol_version":
                          cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021}
        distribution = cloudfront.Distribution(
            self, "Distribution",
            comment=f"COOPAC portal ({self.stage.name})",
            default_root_object="index.html",
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_ALL,  # the other classes skip Peru
            default_behavior=cloudfront.BehaviorOptions(
                origin=site_origin,
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=headers,
                function_associations=[cloudfront.FunctionAssociation(
                    function=spa, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST)],
            ),
            additional_behaviors={
                "/api/*": cloudfront.BehaviorOptions(
                    origin=api_origin,
                    viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
                    allowed_methods=cloudfront.AllowedMethods.ALLOW_ALL,
                    cache_policy=cloudfront.CachePolicy.CACHING_DISABLED,
                    origin_request_policy=self._api_origin_request_policy(),
                    response_headers_policy=headers,
                ),
            },
            web_acl_id=self._edge_web_acl_arn(),
            **domain,
        )
        # The site bucket's policy (stateful stack) already lets this account's distributions
        # read it through OAC; CloudFront cannot add that statement to another stack's bucket.
        Annotations.of(self).acknowledge_warning(
            "@aws-cdk/aws-cloudfront-origins:updateImportedBucketPolicyOac",
            "granted by StatefulStack._allow_cloudfront_to_read_site")
        if SITE_DIST.is_dir() and (SITE_DIST / "index.html").is_file():
            s3deploy.BucketDeployment(
                self, "SiteDeployment",
                sources=[s3deploy.Source.asset(str(SITE_DIST))],
                destination_bucket=site_bucket,
                distribution=distribution,
                distribution_paths=["/*"],
                memory_limit=512,
            )
        CfnOutput(self, "DistributionDomainName", value=distribution.distribution_domain_name)
        return distribution


    def _api_origin_request_policy(self) -> cloudfront.OriginRequestPolicy:
        """What CloudFront passes to the API: the viewer headers the app reads (never Host:
        API Gateway needs its own), every cookie and query string, and CloudFront's own
        ``CloudFront-Viewer-Address``, the only client address the app trusts
        (chalicelib/domain/shared/edge.py); a viewer's copy of it is replaced."""
        return cloudfront.OriginRequestPolicy(
            self, "ApiOriginRequest",
            comment=f"COOPAC portal ({self.stage.name}): API requests and the viewer's address",
            header_behavior=cloudfront.OriginRequestHeaderBehavior.allow_list(
                *API_VIEWER_HEADERS, VIEWER_ADDRESS_HEADER),
            cookie_behavior=cloudfront.OriginRequestCookieBehavior.all(),
            query_string_behavior=cloudfront.OriginRequestQueryStringBehavior.all(),
        )

    def _edge_web_acl_arn(self) -> str | None:
        """The stage's WAF web ACL (stacks/waf.py), when ``edge_waf`` is on."""
        if not self.stage.edge_waf:
            return None
        if self.region != EDGE_REGION:
            raise ValueError(f"edge_waf: a CloudFront web ACL lives in {EDGE_REGION}; stage "
                             f"{self.stage.name} deploys to {self.region}")
        return edge_web_acl(self, self.stage).attr_arn


SPA_REWRITE_JS = """\
function handler(event) {
  var request = event.request;
  var last = request.uri.substring(request.uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
"""


def _hsts(value: str) -> cloudfront.ResponseHeadersStrictTransportSecurity:
    directives = [part.strip() for part in value.split(";") if part.strip()]
    max_age = next(int(d.split("=", 1)[1]) for d in directives if d.lower().startswith("max-age="))
    flags = {d.lower() for d in directives}
    return cloudfront.ResponseHeadersStrictTransportSecurity(
        access_control_max_age=Duration.seconds(max_age),
        include_subdomains="includesubdomains" in flags,
        preload="preload" in flags,
        override=True,
    )


def _enum(kind: Any, header_value: str) -> Any:
    """A header value as CloudFront's enum: ``DENY`` -> ``HeadersFrameOption.DENY``."""
    return kind[header_value.strip().upper().replace("-", "_")]


def security_headers_policy(scope: Construct, upload_origins: tuple[str, ...] = ()
                            ) -> cloudfront.ResponseHeadersPolicy:
    """CloudFront's copy of ``chalicelib.web_security.security_headers`` (the local server's)."""
    headers = web_security.security_headers(upload_origins)
    if headers.pop("X-Content-Type-Options") != "nosniff":
        raise ValueError("CloudFront can only send X-Content-Type-Options: nosniff")
    security = cloudfront.ResponseSecurityHeadersBehavior(
        content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
            content_security_policy=headers.pop("Content-Security-Policy"), override=True),
        strict_transport_security=_hsts(headers.pop("Strict-Transport-Security")),
        content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
        frame_options=cloudfront.ResponseHeadersFrameOptions(
            frame_option=_enum(cloudfront.HeadersFrameOption, headers.pop("X-Frame-Options")),
            override=True),
        referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
            referrer_policy=_enum(cloudfront.HeadersReferrerPolicy,
                                  headers.pop("Referrer-Policy")),
            override=True),
    )
    custom = cloudfront.ResponseCustomHeadersBehavior(custom_headers=[
        cloudfront.ResponseCustomHeader(header=name, value=value, override=True)
        for name, value in headers.items()
    ])
    return cloudfront.ResponseHeadersPolicy(
        scope, "SecurityHeaders",
        comment="chalicelib.web_security.security_headers",
        security_headers_behavior=security,
        custom_headers_behavior=custom,
    )
