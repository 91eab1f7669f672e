"""Per-client limits at the edge: an AWS WAF web ACL on the CloudFront distribution.

API Gateway's stage limits (``api.py``) are shared by every client: a few junk sign-ins a second
from one host would make every member's sign-in answer 429. WAF counts requests per client
address (the viewer's, as CloudFront sees the connection; no header is trusted) and blocks one
address over its limit, so the others keep signing in; the stage limits stay as the backstop.

- ``SensitivePerClient``: sign-in (``/api/auth/login``, ``/api/auth/login/totp``), recovery
  (``/api/auth/password/*``) and registration (``/api/registration*``), tight.
- ``AllPerClient``: every request to the distribution, generous (a member's pages and a shared
  office address fit well inside it).
- ``AwsCommonRuleSet``: AWS's managed common rule set. Its ``SizeRestrictions_BODY`` (8 KB)
  only counts: the API accepts JSON bodies up to 64 KiB (``domain/shared/json_body.py``); the import
  files go straight to S3 with a presigned form and never pass CloudFront.

The per-client limits stay well below the stage's (``payday_limits.WAF_CLIENT_SHARE``: one
address at its WAF limit uses at most a tenth of API Gateway's limit for the stage's membership);
``Stage`` refuses a stage where they do not.

A CloudFront-scope web ACL must live in us-east-1 (``Stage.edge_waf``). Priced in ``make bench``
(``bench/aws_prices.yaml``: a web ACL, one rule each, per million requests).
"""

from __future__ import annotations

from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct
from stages import Stage

SENSITIVE_PATH_PREFIXES = ("/api/auth/login", "/api/auth/password/", "/api/registration")
"""``/api/auth/login`` also covers ``/api/auth/login/totp``."""
EVALUATION_WINDOW_SECONDS = 300
COMMON_RULE_SET = "AWSManagedRulesCommonRuleSet"
COUNTED_ONLY = ("SizeRestrictions_BODY",)
"""Rules of the common set that only count: the API's own limit on bodies is 64 KiB."""


def _visibility(name: str) -> wafv2.CfnWebACL.VisibilityConfigProperty:
    return wafv2.CfnWebACL.VisibilityConfigProperty(
        cloud_watch_metrics_enabled=True, metric_name=name, sampled_requests_enabled=True)


def _starts_with(prefix: str) -> wafv2.CfnWebACL.StatementProperty:
    return wafv2.CfnWebACL.StatementProperty(
        byte_match_statement=wafv2.CfnWebACL.ByteMatchStatementProperty(
            field_to_match=wafv2.CfnWebACL.FieldToMatchProperty(uri_path={}),
            positional_constraint="STARTS_WITH",
            search_string=prefix,
            text_transformations=[wafv2.CfnWebACL.TextTransformationProperty(
                priority=0, type="LOWERCASE")],
        ))


def _per_client(name: str, priority: int, limit: int,
                scope_down: wafv2.CfnWebACL.StatementProperty | None = None
                ) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name=name,
        priority=priority,
        action=wafv2.CfnWebACL.RuleActionProperty(block={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            rate_based_statement=wafv2.CfnWebACL.RateBasedStatementProperty(
                aggregate_key_type="IP",
                limit=limit,
                evaluation_window_sec=EVALUATION_WINDOW_SECONDS,
                scope_down_statement=scope_down,
            )),
        visibility_config=_visibility(name),
    )


def _common_rule_set(priority: int) -> wafv2.CfnWebACL.RuleProperty:
    return wafv2.CfnWebACL.RuleProperty(
        name="AwsCommonRuleSet",
        priority=priority,
        override_action=wafv2.CfnWebACL.OverrideActionProperty(none={}),
        statement=wafv2.CfnWebACL.StatementProperty(
            managed_rule_group_statement=wafv2.CfnWebACL.ManagedRuleGroupStatementProperty(
                vendor_name="AWS",
                name=COMMON_RULE_SET,
                rule_action_overrides=[
                    wafv2.CfnWebACL.RuleActionOverrideProperty(
                        name=rule, action_to_use=wafv2.CfnWebACL.RuleActionProperty(count={}))
                    for rule in COUNTED_ONLY],
            )),
        visibility_config=_visibility("AwsCommonRuleSet"),
    )


def edge_web_acl(scope: Construct, stage: Stage) -> wafv2.CfnWebACL:
    """The distribution's web ACL: allow by default, then the three rules in order."""
    sensitive = wafv2.CfnWebACL.StatementProperty(
        or_statement=wafv2.CfnWebACL.OrStatementProperty(
            statements=[_starts_with(prefix) for prefix in SENSITIVE_PATH_PREFIXES]))
    return wafv2.CfnWebACL(
        scope, "EdgeWebAcl",
        name=f"{stage.prefix}-edge",
        description=f"COOPAC portal {stage.name} - per-client limits at the edge",
        scope="CLOUDFRONT",
        default_action=wafv2.CfnWebACL.DefaultActionProperty(allow={}),
        rules=[
            _per_client("SensitivePerClient", 0, stage.edge_sensitive_requests_per_5_minutes,
                        sensitive),
            _per_client("AllPerClient", 1, stage.edge_requests_per_5_minutes),
            _common_rule_set(2),
        ],
        visibility_config=_visibility(f"{stage.prefix}-edge"),
    )
