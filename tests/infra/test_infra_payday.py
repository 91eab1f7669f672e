"""Limits sized for payday: API Gateway's throttling follows the stage's membership and payday
peak (infra/payday_limits.py), and the edge's per-client rules stay well below it."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest

from tests.infra.cfn import props, resources

LOGIN = "/~1api~1auth~1login"


def _method_settings(synth: Any) -> dict[tuple[str, str], dict[str, Any]]:
    [api] = resources(synth.api, "AWS::Serverless::Api").values()
    return {(s["ResourcePath"], s["HttpMethod"]): s for s in props(api)["MethodSettings"]}


def _waf_limits(synth: Any) -> dict[str, int]:
    [acl] = resources(synth.api, "AWS::WAFv2::WebACL").values()
    return {rule["Name"]: rule["Statement"]["RateBasedStatement"]["Limit"]
            for rule in props(acl)["Rules"] if "RateBasedStatement" in rule["Statement"]}


def test_the_synthesized_throttling_is_what_the_stages_membership_asks_for(synth: Any) -> None:
    from payday_limits import PaydayProfile, stage_limits

    stage = synth.stage
    expected = stage_limits(PaydayProfile(
        members=stage.members, share_signing_in=stage.payday_share_signing_in,
        window_hours=stage.payday_window_hours, peak_to_average=stage.payday_peak_to_average))
    settings = _method_settings(synth)
    whole = settings[("/*", "*")]
    assert (whole["ThrottlingRateLimit"], whole["ThrottlingBurstLimit"]) == (
        expected.api_rate, expected.api_burst)
    sensitive = [s for key, s in settings.items() if key != ("/*", "*")]
    assert ("/~1api~1auth~1login", "POST") in settings and len(sensitive) >= 4
    for setting in sensitive:
        assert (setting["ThrottlingRateLimit"], setting["ThrottlingBurstLimit"]) == (
            expected.sensitive_rate, expected.sensitive_burst), setting["ResourcePath"]


def test_production_leaves_room_for_its_payday_peak(synth: Any) -> None:
    stage = synth.stage
    assert stage.members == 100_000
    limits = stage.limits
    # 30% of 100,000 in two hours, the busiest minute at four times the average
    assert limits.peak_sign_ins_per_second == pytest.approx(30_000 / 7_200 * 4)
    settings = _method_settings(synth)
    assert settings[(LOGIN, "POST")]["ThrottlingRateLimit"] >= \
        2 * limits.peak_sign_in_class_per_second
    assert settings[("/*", "*")]["ThrottlingRateLimit"] >= 2 * limits.peak_requests_per_second
    # the limits before this change (5 sign-ins a second, 50 for the API) would answer 429
    assert limits.peak_sign_in_class_per_second > 5 and limits.peak_requests_per_second > 50


def test_the_wafs_per_client_rules_stay_well_below_the_stage_limits(synth: Any) -> None:
    from payday_limits import WAF_CLIENT_SHARE

    waf = _waf_limits(synth)
    settings = _method_settings(synth)
    one_client_sensitive = waf["SensitivePerClient"] / 300
    one_client_all = waf["AllPerClient"] / 300
    assert WAF_CLIENT_SHARE <= 0.1
    assert one_client_sensitive <= WAF_CLIENT_SHARE * settings[(LOGIN, "POST")][
        "ThrottlingRateLimit"]
    assert one_client_all <= WAF_CLIENT_SHARE * settings[("/*", "*")]["ThrottlingRateLimit"]


def test_a_stage_whose_waf_would_let_one_client_near_its_limits_is_refused(synth: Any) -> None:
    from stages import STAGES

    staging = STAGES["staging"]
    with pytest.raises(ValueError, match="WAF limits"):
        dataclasses.replace(staging, edge_requests_per_5_minutes=6_000)  # 20 a second
    with pytest.raises(ValueError, match="WAF limits"):
        dataclasses.replace(staging, edge_sensitive_requests_per_5_minutes=600,
                            edge_requests_per_5_minutes=1_000)


def test_limits_grow_with_the_membership_and_keep_their_floors(synth: Any) -> None:
    from payday_limits import API_FLOOR, SENSITIVE_FLOOR, PaydayProfile, stage_limits

    small, medium, large = (stage_limits(PaydayProfile(members=n))
                            for n in (1_000, 10_000, 100_000))
    assert (small.sensitive_rate, small.api_rate) == (SENSITIVE_FLOOR, API_FLOOR)
    assert small.peak_requests_per_second < medium.peak_requests_per_second \
        < large.peak_requests_per_second
    assert large.sensitive_rate > SENSITIVE_FLOOR and large.api_rate > API_FLOOR
    for limits in (small, medium, large):
        assert limits.sensitive_burst == 2 * limits.sensitive_rate
        assert limits.api_burst == 2 * limits.api_rate
        assert limits.sensitive_rate < limits.api_rate
    sharper = stage_limits(PaydayProfile(members=100_000, peak_to_average=8))
    assert sharper.api_rate > large.api_rate


def test_no_function_is_capped_below_the_payday_peak(synth: Any) -> None:
    needed = math.ceil(synth.stage.limits.peak_concurrency)
    for kind in ("AWS::Lambda::Function", "AWS::Serverless::Function"):
        for name, function in resources(synth.api, kind).items():
            reserved = props(function).get("ReservedConcurrentExecutions")
            assert reserved is None or reserved >= needed, name
