"""The client's address and per-client limits at the edge: CloudFront sends its own
``CloudFront-Viewer-Address`` to the API (the only address the app trusts), and production's
distribution has a WAF web ACL with rate limits per client address (stacks/waf.py)."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from chalicelib.domain.shared.edge import VIEWER_ADDRESS_HEADER
from tests.infra.cfn import props, referenced, resources


def _api_origin_request_policy(synth: Any) -> dict[str, Any]:
    [policy] = resources(synth.api, "AWS::CloudFront::OriginRequestPolicy").values()
    return props(policy)["OriginRequestPolicyConfig"]


def _web_acl(synth: Any) -> tuple[str, dict[str, Any]]:
    [(name, acl)] = resources(synth.api, "AWS::WAFv2::WebACL").items()
    return name, props(acl)


def _rules(acl: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {rule["Name"]: rule for rule in acl["Rules"]}


def test_cloudfront_sends_the_viewers_address_and_never_the_host(synth: Any) -> None:
    config = _api_origin_request_policy(synth)
    headers = config["HeadersConfig"]
    assert headers["HeaderBehavior"] == "whitelist"
    sent = {name.lower() for name in headers["Headers"]}
    assert VIEWER_ADDRESS_HEADER in sent
    assert {"content-type", "x-requested-with", "user-agent"} <= sent
    assert "host" not in sent and "x-forwarded-for" not in sent
    assert config["CookiesConfig"]["CookieBehavior"] == "all"
    assert config["QueryStringsConfig"]["QueryStringBehavior"] == "all"


def test_production_has_a_cloudfront_web_acl_on_its_distribution(synth: Any) -> None:
    assert synth.stage.edge_waf
    name, acl = _web_acl(synth)
    assert acl["Scope"] == "CLOUDFRONT"
    assert acl["DefaultAction"] == {"Allow": {}}
    [distribution] = resources(synth.api, "AWS::CloudFront::Distribution").values()
    web_acl = props(distribution)["DistributionConfig"]["WebACLId"]
    assert web_acl == {"Fn::GetAtt": [name, "Arn"]}
    assert referenced(web_acl, {}) == {name}


def test_each_client_address_is_limited_tighter_on_sign_in_registration_and_recovery(
        synth: Any) -> None:
    _, acl = _web_acl(synth)
    rules = _rules(acl)
    sensitive = rules["SensitivePerClient"]
    everything = rules["AllPerClient"]
    for rule in (sensitive, everything):
        assert rule["Action"] == {"Block": {}}
        assert rule["Statement"]["RateBasedStatement"]["AggregateKeyType"] == "IP"
    tight = sensitive["Statement"]["RateBasedStatement"]
    loose = everything["Statement"]["RateBasedStatement"]
    assert tight["Limit"] == synth.stage.edge_sensitive_requests_per_5_minutes
    assert loose["Limit"] == synth.stage.edge_requests_per_5_minutes
    assert tight["Limit"] < loose["Limit"]
    assert "ScopeDownStatement" not in loose
    assert sensitive["Priority"] < everything["Priority"]
    matches = tight["ScopeDownStatement"]["OrStatement"]["Statements"]
    prefixes = {m["ByteMatchStatement"]["SearchString"] for m in matches}
    assert {m["ByteMatchStatement"]["PositionalConstraint"] for m in matches} == {"STARTS_WITH"}
    for path in ("/api/auth/login", "/api/auth/login/totp", "/api/registration",
                 "/api/registration/activate", "/api/auth/password/forgot",
                 "/api/auth/password/reset"):
        assert any(path.startswith(prefix) for prefix in prefixes), path
    for path in ("/api/accounts/dashboard", "/api/auth/logout", "/api/auth/session"):
        assert not any(path.startswith(prefix) for prefix in prefixes), path


def test_aws_common_rule_set_runs_but_only_counts_bodies_over_8_kb(synth: Any) -> None:
    _, acl = _web_acl(synth)
    common = _rules(acl)["AwsCommonRuleSet"]
    assert common["OverrideAction"] == {"None": {}}
    group = common["Statement"]["ManagedRuleGroupStatement"]
    assert (group["VendorName"], group["Name"]) == ("AWS", "AWSManagedRulesCommonRuleSet")
    assert group["RuleActionOverrides"] == [
        {"Name": "SizeRestrictions_BODY", "ActionToUse": {"Count": {}}}]


def test_the_edge_waf_is_a_stage_setting_that_needs_us_east_1(synth: Any) -> None:
    from stages import STAGES, Stage

    assert STAGES["prod"].edge_waf and not STAGES["staging"].edge_waf
    with pytest.raises(ValueError, match="us-east-1"):
        dataclasses.replace(STAGES["prod"], region="sa-east-1")
    with pytest.raises(ValueError, match="edge limits"):
        Stage(name="x1", mail_from="a@b.pe", edge_requests_per_5_minutes=50,
              edge_sensitive_requests_per_5_minutes=100)


def test_the_cost_table_prices_every_rule_of_the_web_acl(synth: Any) -> None:
    from bench.cost import WAF_RULES

    _, acl = _web_acl(synth)
    assert len(acl["Rules"]) == WAF_RULES
