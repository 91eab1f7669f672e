"""Creates the AWS resources of a stage from the app's own definitions, for moto only.

The local stack and the functional tests call ``ensure_all``; production resources come from the
CDK stacks, which read the same models and settings. Never called in a request path.
"""

from __future__ import annotations

import json

from chalicelib.settings import settings
from chalicelib.store.shared.aws import client
from chalicelib.store.shared.models import ALL_MODELS


def ensure_tables() -> None:
    for model in ALL_MODELS:
        if not model.exists():
            model.create_table(wait=True)


def ensure_queue(name: str) -> str:
    sqs = client("sqs")
    dead_letter_url = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dead_letter_arn = sqs.get_queue_attributes(QueueUrl=dead_letter_url,
                                               AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    redrive = json.dumps({"deadLetterTargetArn": dead_letter_arn, "maxReceiveCount": "5"})
    return str(sqs.create_queue(QueueName=name, Attributes={"RedrivePolicy": redrive,
                                                            "VisibilityTimeout": "60"})["QueueUrl"])


def ensure_buckets() -> None:
    s3 = client("s3")
    for bucket in (settings().imports_bucket, settings().reports_bucket):
        s3.create_bucket(Bucket=bucket)
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration={
            "BlockPublicAcls": True, "IgnorePublicAcls": True,
            "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    # The admin's browser POSTs the core system's CSV with a presigned form (as the CDK
    # bucket's CORS).
    s3.put_bucket_cors(Bucket=settings().imports_bucket, CORSConfiguration={"CORSRules": [{
        "AllowedMethods": ["POST"], "AllowedOrigins": [settings().site_url],
        "AllowedHeaders": ["*"], "MaxAgeSeconds": 3000}]})


def connect_imports_bucket_to_queue(queue_url: str) -> None:
    queue_arn = client("sqs").get_queue_attributes(
        QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    client("s3").put_bucket_notification_configuration(
        Bucket=settings().imports_bucket,
        NotificationConfiguration={"QueueConfigurations": [{
            "QueueArn": queue_arn,
            "Events": ["s3:ObjectCreated:*"],
            "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "imports/"}]}},
        }]},
    )


def ensure_kms_key() -> None:
    kms = client("kms")
    aliases = {a["AliasName"] for a in kms.list_aliases()["Aliases"]}
    if settings().kms_key_alias not in aliases:
        key_id = kms.create_key(Description="COOPAC portal: TOTP secrets")["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName=settings().kms_key_alias, TargetKeyId=key_id)


def ensure_mail_identity() -> None:
    client("ses").verify_email_identity(EmailAddress=settings().mail_from)


def ensure_all() -> None:
    ensure_tables()
    ensure_buckets()
    ensure_kms_key()
    ensure_mail_identity()
    ensure_queue(settings().notifications_queue_name)
    connect_imports_bucket_to_queue(ensure_queue(settings().imports_queue_name))
