"""The stateful stack: tables, buckets, the KMS key, queues and the mail identity.

Everything here outlives a deployment of the code (RemovalPolicy.RETAIN). The tables are generated
from the pynamodb models (``tables.py``); the functions that use all this live in ``api.py``.
"""

from __future__ import annotations

from aws_cdk import Aws, CfnOutput, Duration, RemovalPolicy, Stack
from aws_cdk import aws_dynamodb as dynamodb
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_notifications as s3n
from aws_cdk import aws_ses as ses
from aws_cdk import aws_sqs as sqs
from constructs import Construct
from stages import Stage

from stacks.access import AUDIT_TABLE, CAPABILITY_ACCESS
from stacks.tables import build_table, table_models

IMPORTS_PREFIX = "imports/"
"""Uploads under this prefix (``imports/<kind>/<import_id>.csv``) are queued for the worker."""
REPORTS_EXPIRE_AFTER = Duration.days(1)
MAX_RECEIVE_COUNT = 5
"""Deliveries of one message before it goes to the dead-letter queue."""


class StatefulStack(Stack):
    def __init__(self, scope: Construct, construct_id: str, *, stage: Stage,
                 **kwargs: object) -> None:
        super().__init__(scope, construct_id, **kwargs)  # type: ignore[arg-type]
        self.stage = stage

        self.tables: dict[str, dynamodb.Table] = {
            spec.suffix: build_table(self, spec, deletion_protection=stage.deletion_protection)
            for spec in table_models(stage.table_prefix)
        }
        self._check_access_names()
        self.audit_table = self.tables[AUDIT_TABLE]

        self.key = kms.Key(
            self, "AppKey",
            alias=stage.kms_key_alias,
            description=f"COOPAC portal ({stage.name}): field encryption of TOTP secrets",
            enable_key_rotation=True,
            removal_policy=RemovalPolicy.RETAIN,
        )

        # The admin's browser POSTs the core system's CSV with a presigned form whose policy
        # caps its size (POST /api/admin/imports answers with it). Versioned: the import worker
        # reads exactly the version it was notified of.
        self.imports_bucket = self._bucket(
            "ImportsBucket", encryption=s3.BucketEncryption.KMS_MANAGED, versioned=True,
            lifecycle_rules=[s3.LifecycleRule(
                noncurrent_version_expiration=Duration.days(30),
                abort_incomplete_multipart_upload_after=Duration.days(1))],
            cors=[s3.CorsRule(
                allowed_methods=[s3.HttpMethods.POST],
                allowed_origins=[f"https://{stage.site_domain}" if stage.site_domain
                                 else "https://*.cloudfront.net"],
                allowed_headers=["*"],
                max_age=3000)])
        self.reports_bucket = self._bucket(
            "ReportsBucket", encryption=s3.BucketEncryption.KMS_MANAGED, versioned=False,
            lifecycle_rules=[s3.LifecycleRule(
                expiration=REPORTS_EXPIRE_AFTER,
                abort_incomplete_multipart_upload_after=Duration.days(1))])
        # S3-managed encryption: CloudFront reads it through Origin Access Control without a key
        # policy. Versioned, so a bad site upload can be rolled back.
        self.site_bucket = self._bucket(
            "SiteBucket", encryption=s3.BucketEncryption.S3_MANAGED, versioned=True,
            lifecycle_rules=[s3.LifecycleRule(noncurrent_version_expiration=Duration.days(30))])
        self._allow_cloudfront_to_read_site()

        self.notifications_queue = self._queue(
            "NotificationsQueue", stage.notifications_queue,
            worker_timeout=Duration.seconds(CAPABILITY_ACCESS["notifier"].timeout_seconds))
        self.imports_queue = self._queue(
            "ImportsQueue", stage.imports_queue,
            worker_timeout=Duration.seconds(CAPABILITY_ACCESS["import_worker"].timeout_seconds))
        self.imports_bucket.add_event_notification(
            s3.EventType.OBJECT_CREATED, s3n.SqsDestination(self.imports_queue),
            s3.NotificationKeyFilter(prefix=IMPORTS_PREFIX))

        self.mail_identity = ses.EmailIdentity(
            self, "MailIdentity", identity=ses.Identity.domain(stage.mail_domain))
        for n, (name, value) in enumerate((
                (self.mail_identity.dkim_dns_token_name1, self.mail_identity.dkim_dns_token_value1),
                (self.mail_identity.dkim_dns_token_name2, self.mail_identity.dkim_dns_token_value2),
                (self.mail_identity.dkim_dns_token_name3, self.mail_identity.dkim_dns_token_value3),
        ), start=1):
            CfnOutput(self, f"DkimCname{n}", value=f"{name} CNAME {value}",
                      description=f"DNS record {n}/3 that verifies {stage.mail_domain} for SES")

        CfnOutput(self, "ImportsBucketName", value=self.imports_bucket.bucket_name)
        CfnOutput(self, "SiteBucketName", value=self.site_bucket.bucket_name)

    def _check_access_names(self) -> None:
        for capability, access in CAPABILITY_ACCESS.items():
            unknown = set(access.read_tables + access.write_tables) - set(self.tables)
            if unknown:
                raise ValueError(f"access of {capability} names unknown tables {sorted(unknown)}")
            if AUDIT_TABLE in access.write_tables + access.read_tables:
                raise ValueError(f"{capability}: the audit table is granted only through `audit`")

    def _bucket(self, construct_id: str, **kwargs: object) -> s3.Bucket:
        return s3.Bucket(
            self, construct_id,
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            enforce_ssl=True,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            removal_policy=RemovalPolicy.RETAIN,
            **kwargs,  # type: ignore[arg-type]
        )

    def _allow_cloudfront_to_read_site(self) -> None:
        """Origin Access Control read, granted here rather than by the distribution's stack.

        CloudFront's own grant would name the distribution, which lives in the API stack, from
        this stack's bucket policy: a dependency cycle between the stacks. The site is public
        content anyway; the condition still keeps it to this account's distributions.
        """
        self.site_bucket.add_to_resource_policy(iam.PolicyStatement(
            sid="CloudFrontOriginAccessControlRead",
            principals=[iam.ServicePrincipal("cloudfront.amazonaws.com")],
            actions=["s3:GetObject"],
            resources=[self.site_bucket.arn_for_objects("*")],
            conditions={"StringEquals": {"AWS:SourceAccount": Aws.ACCOUNT_ID},
                        "ArnLike": {"AWS:SourceArn":
                                    f"arn:{Aws.PARTITION}:cloudfront::{Aws.ACCOUNT_ID}:distribution/*"}},
        ))

    def _queue(self, construct_id: str, name: str, *, worker_timeout: Duration) -> sqs.Queue:
        dead_letters = sqs.Queue(
            self, f"{construct_id}Dlq",
            queue_name=f"{name}-dlq",
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
        )
        return sqs.Queue(
            self, construct_id,
            queue_name=name,
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            # AWS's advice for Lambda consumers: six times the function's timeout.
            visibility_timeout=Duration.seconds(worker_timeout.to_seconds() * 6),
            retention_period=Duration.days(4),
            dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=MAX_RECEIVE_COUNT,
                                                  queue=dead_letters),
        )
