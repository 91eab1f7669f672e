"""The stateful stack: private TLS-only buckets; tables exactly as the pynamodb models say."""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import TTLAttribute

from tests.infra.cfn import as_list, props, referenced, resources

PUBLIC_ACCESS_BLOCK = {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                       "IgnorePublicAcls": True, "RestrictPublicBuckets": True}


# --- buckets ------------------------------------------------------------------------------------

def _all_buckets(synth: Any) -> dict[str, tuple[dict[str, Any], dict[str, Any]]]:
    """Logical id -> (bucket, its template) over both stacks."""
    return {name: (bucket, template) for template in synth.templates
            for name, bucket in resources(template, "AWS::S3::Bucket").items()}


def _policy_of(template: dict[str, Any], bucket: str) -> dict[str, Any]:
    policies = [props(p)["PolicyDocument"]
                for p in resources(template, "AWS::S3::BucketPolicy").values()
                if referenced(props(p)["Bucket"], {}) == {bucket}]
    assert len(policies) == 1, f"{bucket} has {len(policies)} bucket policies"
    return policies[0]


def _is_everyone(principal: Any) -> bool:
    return principal == "*" or (isinstance(principal, dict)
                                and "*" in as_list(principal.get("AWS")))


def test_the_portal_has_its_three_buckets(synth: Any) -> None:
    outputs = synth.data["Outputs"]
    named = {next(iter(referenced(outputs[o]["Value"], {})))
             for o in ("ImportsBucketName", "SiteBucketName")}
    assert len(_all_buckets(synth)) == 3
    assert named <= _all_buckets(synth).keys()


def test_no_bucket_is_public(synth: Any) -> None:
    buckets = _all_buckets(synth)
    assert buckets
    for name, (bucket, template) in buckets.items():
        assert props(bucket)["PublicAccessBlockConfiguration"] == PUBLIC_ACCESS_BLOCK, name
        assert "AccessControl" not in props(bucket), name
        assert "WebsiteConfiguration" not in props(bucket), name
        assert props(bucket)["BucketEncryption"]["ServerSideEncryptionConfiguration"], name
        for statement in as_list(_policy_of(template, name)["Statement"]):
            if statement["Effect"] == "Allow":
                assert not _is_everyone(statement.get("Principal")), (name, statement)


def test_every_bucket_refuses_plain_http(synth: Any) -> None:
    for name, (_, template) in _all_buckets(synth).items():
        denials = [s for s in as_list(_policy_of(template, name)["Statement"])
                   if s["Effect"] == "Deny" and _is_everyone(s.get("Principal"))
                   and s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
                   and as_list(s["Action"]) == ["s3:*"]]
        assert len(denials) == 1, name
        covered = {str(r) for r in as_list(denials[0]["Resource"])}
        assert len(covered) == 2 and any("/*" in r for r in covered), name


def test_reports_expire_after_a_day(synth: Any) -> None:
    expiring = [props(b) for b, _ in _all_buckets(synth).values()
                if any(r.get("ExpirationInDays") == 1
                       for r in props(b).get("LifecycleConfiguration", {}).get("Rules", []))]
    assert len(expiring) == 1


def test_kms_key_rotates_and_has_the_apps_alias(synth: Any) -> None:
    [(key, key_resource)] = resources(synth.data, "AWS::KMS::Key").items()
    [alias] = resources(synth.data, "AWS::KMS::Alias").values()
    assert props(key_resource)["EnableKeyRotation"] is True
    assert key_resource["DeletionPolicy"] == "Retain"
    assert props(alias)["AliasName"] == synth.stage.kms_key_alias
    assert referenced(props(alias)["TargetKeyId"], {}) == {key}


def test_mail_identity_is_the_senders_domain(synth: Any) -> None:
    [identity] = resources(synth.data, "AWS::SES::EmailIdentity").values()
    assert props(identity)["EmailIdentity"] == synth.stage.mail_from.split("@")[1]


# --- tables -------------------------------------------------------------------------------------

def _models() -> tuple[Any, ...]:
    from chalicelib.store.shared.models import ALL_MODELS

    return ALL_MODELS


def _tables_by_name(synth: Any) -> dict[str, dict[str, Any]]:
    return {props(table)["TableName"]: table
            for table in resources(synth.data, "AWS::DynamoDB::Table").values()}


def _keys(key_schema: list[dict[str, str]]) -> set[tuple[str, str]]:
    return {(k["AttributeName"], k["KeyType"]) for k in key_schema}


def _projection(projection: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    return projection["ProjectionType"], tuple(sorted(projection.get("NonKeyAttributes", [])))


def test_one_table_per_model_named_as_the_models_compute(synth: Any) -> None:
    names = {model.Meta.table_name for model in _models()}
    assert all(name.startswith(synth.stage.table_prefix) for name in names)
    assert set(_tables_by_name(synth)) == names


def test_every_table_matches_its_model(synth: Any) -> None:
    # One test over all models: parametrizing would import the models at collection, before the
    # fixture has set the stage's TABLE_PREFIX.
    for model in _models():
        _check_table(synth, model)


def _check_table(synth: Any, model: Any) -> None:
    schema = model._get_schema()  # what pynamodb's create_table (the local stack) sends
    table = _tables_by_name(synth)[model.Meta.table_name]
    table_props = props(table)

    name = model.__name__
    assert _keys(table_props["KeySchema"]) == _keys(schema["key_schema"]), name
    defined = {(a["AttributeName"], a["AttributeType"]) for a in schema["attribute_definitions"]}
    assert {(a["AttributeName"], a["AttributeType"])
            for a in table_props["AttributeDefinitions"]} == defined, name

    for kind, cfn_key in (("global_secondary_indexes", "GlobalSecondaryIndexes"),
                          ("local_secondary_indexes", "LocalSecondaryIndexes")):
        expected = {i["index_name"]: (_keys(i["key_schema"]), _projection(i["projection"]))
                    for i in schema.get(kind, [])}
        actual = {i["IndexName"]: (_keys(i["KeySchema"]), _projection(i["Projection"]))
                  for i in table_props.get(cfn_key, [])}
        assert actual == expected, (name, kind)

    ttl = [a.attr_name for a in model.get_attributes().values() if isinstance(a, TTLAttribute)]
    if ttl:
        assert table_props["TimeToLiveSpecification"] == {"AttributeName": ttl[0],
                                                          "Enabled": True}, name
    else:
        assert "TimeToLiveSpecification" not in table_props, name

    assert table_props["BillingMode"] == "PAY_PER_REQUEST"
    assert table_props["PointInTimeRecoverySpecification"] == {"PointInTimeRecoveryEnabled": True}
    assert table_props["SSESpecification"]["SSEEnabled"] is True
    assert table["DeletionPolicy"] == "Retain" and table["UpdateReplacePolicy"] == "Retain"


def test_the_admins_browser_may_only_post_uploads_to_the_imports_bucket(synth: Any) -> None:
    """The upload is a presigned POST form (its policy caps the size): S3's CORS lets the
    site's origin POST, and nothing else, to the imports bucket; no other bucket has CORS."""
    with_cors = {name: props(bucket)["CorsConfiguration"]["CorsRules"]
                 for name, (bucket, _) in _all_buckets(synth).items()
                 if "CorsConfiguration" in props(bucket)}
    imports_bucket = next(iter(referenced(synth.data["Outputs"]["ImportsBucketName"]["Value"],
                                          {})))
    assert list(with_cors) == [imports_bucket]
    [rule] = with_cors[imports_bucket]
    assert rule["AllowedMethods"] == ["POST"]
    assert rule["AllowedOrigins"] == [f"https://{synth.stage.site_domain}"
                                      if synth.stage.site_domain else "https://*.cloudfront.net"]
