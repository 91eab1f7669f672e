"""CloudFront: the site from a private bucket, /api/* to the API, the app's security headers."""

from __future__ import annotations

import json
from typing import Any

from chalicelib import web_security
from chalicelib.domain.shared.edge import ORIGIN_HEADER
from chalicelib.handlers import HTTP_CAPABILITIES
from tests.infra.cfn import exports, flatten, props, referenced, resources

CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"


def _distribution(synth: Any) -> dict[str, Any]:
    [distribution] = resources(synth.api, "AWS::CloudFront::Distribution").values()
    return props(distribution)["DistributionConfig"]


def _headers_policy(synth: Any) -> tuple[str, dict[str, Any]]:
    [(name, policy)] = resources(synth.api, "AWS::CloudFront::ResponseHeadersPolicy").items()
    return name, props(policy)["ResponseHeadersPolicyConfig"]


def _origin(config: dict[str, Any], origin_id: str) -> dict[str, Any]:
    [origin] = [o for o in config["Origins"] if o["Id"] == origin_id]
    return origin


def _joined(value: Any) -> tuple[str, list[Any]]:
    """A CloudFormation string, with each token (reference) shown as ``<token>``."""
    if isinstance(value, str):
        return value, []
    separator, parts = value["Fn::Join"]
    tokens = [part for part in parts if not isinstance(part, str)]
    return separator.join(p if isinstance(p, str) else "<token>" for p in parts), tokens


def test_the_csp_allows_uploads_only_to_the_imports_bucket(synth: Any) -> None:
    _, policy = _headers_policy(synth)
    csp = policy["SecurityHeadersConfig"]["ContentSecurityPolicy"]
    text, tokens = _joined(csp["ContentSecurityPolicy"])
    assert text == web_security.content_security_policy(("https://<token>",))
    assert csp["Override"] is True
    [token] = tokens
    assert "ImportsBucket" in json.dumps(token) and "RegionalDomainName" in json.dumps(token)


def test_security_headers_are_the_apps(synth: Any) -> None:
    _, policy = _headers_policy(synth)
    security = policy["SecurityHeadersConfig"]
    headers = web_security.security_headers()
    assert security["StrictTransportSecurity"] == {
        "AccessControlMaxAgeSec": web_security.HSTS_MAX_AGE_SECONDS,
        "IncludeSubdomains": "includesubdomains" in headers["Strict-Transport-Security"].lower(),
        "Preload": "preload" in headers["Strict-Transport-Security"].lower(),
        "Override": True}
    assert security["ContentTypeOptions"] == {"Override": True}
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert security["FrameOptions"] == {"FrameOption": headers["X-Frame-Options"], "Override": True}
    assert security["ReferrerPolicy"] == {"ReferrerPolicy": web_security.REFERRER_POLICY,
                                          "Override": True}
    covered = {"Content-Security-Policy", "Strict-Transport-Security", "X-Content-Type-Options",
               "X-Frame-Options", "Referrer-Policy"}
    custom = {h["Header"]: h["Value"] for h in policy["CustomHeadersConfig"]["Items"]}
    assert custom == {k: v for k, v in headers.items() if k not in covered}


def test_site_and_api_behaviours(synth: Any) -> None:
    config = _distribution(synth)
    policy, _ = _headers_policy(synth)
    default = config["DefaultCacheBehavior"]
    [api] = config["CacheBehaviors"]

    assert referenced(default["ResponseHeadersPolicyId"], {}) == {policy}
    assert referenced(api["ResponseHeadersPolicyId"], {}) == {policy}
    assert default["ViewerProtocolPolicy"] == "redirect-to-https"

    site = _origin(config, default["TargetOriginId"])
    assert site["S3OriginConfig"] == {"OriginAccessIdentity": ""}
    assert referenced(site["OriginAccessControlId"], {}) <= set(
        resources(synth.api, "AWS::CloudFront::OriginAccessControl"))
    site_bucket = referenced(synth.data["Outputs"]["SiteBucketName"]["Value"], {})
    assert referenced(site["DomainName"], exports(synth.data)) == site_bucket
    [association] = default["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"

    assert api["PathPattern"] == "/api/*"
    assert api["CachePolicyId"] == CACHING_DISABLED
    [request_policy] = resources(synth.api, "AWS::CloudFront::OriginRequestPolicy")
    assert referenced(api["OriginRequestPolicyId"], {}) == {request_policy}
    assert set(api["AllowedMethods"]) == {"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST",
                                          "DELETE"}
    assert "FunctionAssociations" not in api  # the SPA rewrite never touches the API
    origin = _origin(config, api["TargetOriginId"])
    [rest_api] = resources(synth.api, "AWS::Serverless::Api")
    assert referenced(origin["DomainName"], {}) == {rest_api}
    assert ".execute-api." in flatten(origin["DomainName"])
    stage_name = props(resources(synth.api, "AWS::Serverless::Api")[rest_api])["StageName"]
    assert origin["OriginPath"] == f"/{stage_name}"
    assert origin["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"


def test_spa_rewrite_leaves_files_alone(synth: Any) -> None:
    [function] = resources(synth.api, "AWS::CloudFront::Function").values()
    code = props(function)["FunctionCode"]
    assert "/index.html" in code and "indexOf('.')" in code
    assert "ErrorResponses" not in _distribution(synth)  # would also rewrite the API's 404s


def test_functions_know_the_public_address(synth: Any) -> None:
    [distribution] = resources(synth.api, "AWS::CloudFront::Distribution")
    expected = (f"https://{synth.stage.site_domain}" if synth.stage.site_domain
                else f"https://{{GetAtt:{distribution}.DomainName}}")
    for function in resources(synth.api, "AWS::Lambda::Function").values():
        variables = props(function).get("Environment", {}).get("Variables", {})
        if "CAPABILITY" in variables:
            assert flatten(variables["SITE_URL"]) == expected


def _secret_reference(value: Any) -> set[str]:
    """The secret a ``{{resolve:secretsmanager:<secret>:SecretString:::}}`` value resolves."""
    text, tokens = _joined(value)
    assert text == "{{resolve:secretsmanager:<token>:SecretString:::}}", text
    return referenced(tokens, {})


def test_the_api_answers_only_cloudfront_which_sends_the_stage_secret(synth: Any) -> None:
    [(secret, resource)] = resources(synth.api, "AWS::SecretsManager::Secret").items()
    generated = props(resource)["GenerateSecretString"]
    assert generated["PasswordLength"] >= 32 and generated["ExcludePunctuation"] is True

    config = _distribution(synth)
    [api] = config["CacheBehaviors"]
    origin = _origin(config, api["TargetOriginId"])
    [header] = origin["OriginCustomHeaders"]
    assert header["HeaderName"].lower() == ORIGIN_HEADER
    assert _secret_reference(header["HeaderValue"]) == {secret}

    functions = [props(f) for f in resources(synth.api, "AWS::Lambda::Function").values()
                 if "CAPABILITY" in props(f).get("Environment", {}).get("Variables", {})]
    assert {f["Environment"]["Variables"]["CAPABILITY"] for f in functions} == set(
        HTTP_CAPABILITIES)
    for function in functions:
        assert _secret_reference(function["Environment"]["Variables"]["ORIGIN_SECRET"]) == {
            secret}


CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
"""AWS's managed policy; it accepts gzip and Brotli, so the site's files are compressed."""


def test_the_site_goes_out_compressed(synth: Any) -> None:
    """CloudFront compresses the site's text files (over 1,000 bytes, when the viewer accepts
    gzip or Brotli); ``dev/edge_compression.py`` does the same on the local stack."""
    default = _distribution(synth)["DefaultCacheBehavior"]

    assert default["Compress"] is True
    assert default["CachePolicyId"] == CACHING_OPTIMIZED
