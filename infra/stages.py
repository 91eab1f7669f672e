"""Deployment stages: the one place that says what differs between deployed copies of the portal.

Pick one with ``-c stage=<name>`` (default ``prod``). Resource names follow the app's own defaults
in ``chalicelib/settings.py`` (``coopac-<stage>-...``), and the CDK app sets ``STAGE`` and
``TABLE_PREFIX`` from here before it imports the pynamodb models, so the tables it creates carry
the names the functions compute.

Nothing under ``infra/`` loads data: a deployed stage starts empty and gets its members, products
and movements only from the core system's CSV imports. The demo cooperative exists only in the
local stack (``make run``, stage ``local``), and the local-only stage names are refused here.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import aws_cdk as cdk
from aws_cdk import aws_logs as logs
from payday_limits import (
    WAF_CLIENT_SHARE,
    PaydayProfile,
    StageLimits,
    stage_limits,
    waf_is_well_below,
)

DEFAULT_STAGE = "prod"
APP_NAME = "coopac-portal"
"""The Chalice app's name (``app.py``)."""

EDGE_REGION = "us-east-1"
"""Where CloudFront's ACM certificates and WAF web ACLs must live."""
LOCAL_ONLY_STAGES = frozenset({"local", "test"})
"""``chalicelib.settings.Settings.is_local`` turns on development helpers for these."""


@dataclass(frozen=True)
class Stage:
    name: str
    mail_from: str
    """Sender of every e-mail; an SES identity is created for its domain."""
    site_domain: str | None = None
    """Custom domain of the portal (e.g. ``portal.coopacpetroperu.pe``); None: CloudFront's own."""
    certificate_arn: str | None = None
    """ACM certificate for ``site_domain``; CloudFront requires it to live in us-east-1."""
    account: str | None = None
    """Pin the stage to one AWS account (None: the account of the deploying credentials)."""
    region: str | None = None
    """None: ``CDK_DEFAULT_REGION``, then ``AWS_DEFAULT_REGION``, then us-east-1."""
    members: int = 1_000
    """The membership the stage is sized for: API Gateway's throttling follows from it and the
    payday peak below (``payday_limits.py``; ``make bench`` prints it, section ``payday``)."""
    payday_share_signing_in: float = 0.30
    """Members who sign in on payday."""
    payday_window_hours: float = 2.0
    """The hours of payday those sign-ins fall in."""
    payday_peak_to_average: float = 4.0
    """The busiest minute's rate over the payday window's average."""
    snap_start: tuple[str, ...] = ()
    """HTTP capabilities whose functions run with Lambda SnapStart: a published version whose
    snapshot restores instead of a cold start, behind the ``live`` alias API Gateway invokes
    (``stacks/api.py``). It costs a snapshot cache per function around the clock and a charge
    per restore; ``make bench`` (section ``cost``) prices it against the cold starts it saves."""
    edge_waf: bool = False
    """An AWS WAF web ACL on the distribution with per-client rate limits and AWS's common rule
    set (``stacks/waf.py``); about 8 USD a month plus 0.60 USD per million requests. A
    CloudFront-scope web ACL lives in us-east-1: the stage must deploy there."""
    edge_requests_per_5_minutes: int = 2000
    """Requests one client address may make to the distribution in 5 minutes (WAF)."""
    edge_sensitive_requests_per_5_minutes: int = 100
    """Sign-in, recovery and registration requests one client address may make in 5 minutes."""
    login_failures_per_address: int = 20
    """Failed sign-ins one client address may make per 10-minute window before the app answers
    429 (``chalicelib/domain/auth/address_throttle.py``); raise it for a cooperative office whose
    members share one public address."""
    activation_lifetime_hours: int = 24
    """How long a member account pending activation keeps its DNI and e-mail
    (``ACTIVATION_LIFETIME_HOURS``): past it, the next registration or resend that meets it
    removes it. 24 matches the activation link's lifetime."""
    member_daily_tickets: int = 5
    """New tickets one member may open per Lima day (``MEMBER_DAILY_TICKETS``) before the app
    answers 429, so one member cannot flood the buzón."""
    member_daily_applications: int = 3
    """New credit applications one member may send per Lima day (``MEMBER_DAILY_APPLICATIONS``)
    before the app answers 429."""
    case_overdue_hours: int = 48
    """Hours a ticket or credit application may wait for the staff before it is overdue
    (``CASE_OVERDUE_HOURS``): marked in the lists, counted on the staff home and listed in the
    admins' daily summary e-mail."""
    complaint_answer_business_days: int = 15
    """Business days in Lima (weekends and the admin's holidays skipped) to answer a reclamo or
    queja of the Libro de Reclamaciones (``COMPLAINT_ANSWER_BUSINESS_DAYS``); 15 is the legal
    maximum of the Código de Protección y Defensa del Consumidor (art. 24)."""
    complaint_filings_per_address: int = 10
    """Sheets of the Libro de Reclamaciones one client address may file per hour
    (``COMPLAINT_FILINGS_PER_IP``) before the app answers 429; a budget apart from the sign-ins',
    so an office's shared address files reclamos without throttling its members' sign-ins, and a
    sign-in attack never closes the book (``chalicelib/domain/auth/address_throttle.py``)."""
    complaint_lookup_failures_per_address: int = 20
    """Status lookups of the Libro that find nothing one client address may make per 10 minutes
    (``COMPLAINT_LOOKUP_FAILURES_PER_IP``) before 429."""
    alert_installment_days_before: int = 3
    """Days before an installment falls due that the members' alerts job (07:00 Lima) e-mails
    it (``ALERT_INSTALLMENT_DAYS_BEFORE``)."""
    alert_fixed_deposit_days_before: int = 7
    """Days before a fixed deposit matures that the alerts job e-mails it
    (``ALERT_FIXED_DEPOSIT_DAYS_BEFORE``)."""
    alarm_email: str | None = None
    """Who gets the CloudWatch alarms (``stacks/monitoring.py``) by e-mail; None: the alarms
    still fire on the stage's SNS topic, for whoever subscribes to it."""
    log_retention: logs.RetentionDays = logs.RetentionDays.THREE_MONTHS
    deletion_protection: bool = True
    """DynamoDB deletion protection on every table."""

    def __post_init__(self) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9]{1,15}", self.name):
            raise ValueError(f"stage name {self.name!r}: lowercase letters and digits only")
        if self.name in LOCAL_ONLY_STAGES:
            raise ValueError(f"stage {self.name!r} is local-only (development helpers, demo data)")
        if "@" not in self.mail_from:
            raise ValueError(f"mail_from {self.mail_from!r} is not an e-mail address")
        if self.alarm_email is not None and "@" not in self.alarm_email:
            raise ValueError(f"alarm_email {self.alarm_email!r} is not an e-mail address")
        if bool(self.site_domain) != bool(self.certificate_arn):
            raise ValueError("site_domain and certificate_arn go together")
        if self.edge_waf and self.region not in (None, EDGE_REGION):
            raise ValueError(f"edge_waf: a CloudFront web ACL lives in {EDGE_REGION}, "
                             f"not {self.region}")
        if not 10 <= self.edge_sensitive_requests_per_5_minutes \
                <= self.edge_requests_per_5_minutes:
            raise ValueError("edge limits: 10 <= sensitive <= all requests per 5 minutes")
        if not waf_is_well_below(self.limits, self.edge_sensitive_requests_per_5_minutes,
                                 self.edge_requests_per_5_minutes):
            raise ValueError("edge limits: one client at its WAF limits may use at most "
                             f"{WAF_CLIENT_SHARE:.0%} of the stage's API Gateway limits")

    @property
    def payday(self) -> PaydayProfile:
        return PaydayProfile(members=self.members,
                             share_signing_in=self.payday_share_signing_in,
                             window_hours=self.payday_window_hours,
                             peak_to_average=self.payday_peak_to_average)

    @property
    def limits(self) -> StageLimits:
        return stage_limits(self.payday)

    @property
    def api_rate_limit(self) -> int:
        """Steady requests per second for the whole API stage."""
        return self.limits.api_rate

    @property
    def api_burst_limit(self) -> int:
        return self.limits.api_burst

    @property
    def sensitive_rate_limit(self) -> int:
        """Each sign-in, recovery and sign-up route's own limit (``SENSITIVE_ROUTES``)."""
        return self.limits.sensitive_rate

    @property
    def sensitive_burst_limit(self) -> int:
        return self.limits.sensitive_burst

    @property
    def prefix(self) -> str:
        return f"coopac-{self.name}"

    @property
    def table_prefix(self) -> str:
        return f"{self.prefix}-"

    @property
    def kms_key_alias(self) -> str:
        return f"alias/{self.prefix}"

    @property
    def notifications_queue(self) -> str:
        return f"{self.prefix}-notifications"

    @property
    def imports_queue(self) -> str:
        return f"{self.prefix}-imports"

    @property
    def mail_domain(self) -> str:
        return self.mail_from.rpartition("@")[2]

    def function_name(self, capability: str) -> str:
        return f"{self.prefix}-{capability.replace('_', '-')}"

    def environment(self) -> cdk.Environment:
        region = (self.region or os.environ.get("CDK_DEFAULT_REGION")
                  or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1")
        return cdk.Environment(account=self.account or os.environ.get("CDK_DEFAULT_ACCOUNT"),
                               region=region)

    def process_environment(self) -> dict[str, str]:
        """What ``chalicelib.settings`` must read in the synth process (table names)."""
        return {"STAGE": self.name, "TABLE_PREFIX": self.table_prefix}


STAGES: dict[str, Stage] = {
    stage.name: stage
    for stage in (
        # Sized for 100,000 members (the largest cooperative the bench prices: limits cost
        # nothing until used); SnapStart on the sign-in path (bench section cost, SnapStart).
        Stage(name="prod", mail_from="no-responder@coopacpetroperu.pe", edge_waf=True,
              members=100_000, snap_start=("auth", "accounts")),
        # A rehearsal copy; its own mail subdomain so both can share an account and region.
        Stage(name="staging", mail_from="no-responder@staging.coopacpetroperu.pe",
              deletion_protection=False, log_retention=logs.RetentionDays.ONE_MONTH),
    )
}


def stage_named(name: str | None) -> Stage:
    name = (name or DEFAULT_STAGE).strip()
    if name not in STAGES:
        raise ValueError(f"unknown stage {name!r}; known: {', '.join(sorted(STAGES))}")
    return STAGES[name]


def stage_from_context(app: cdk.App) -> Stage:
    return stage_named(app.node.try_get_context("stage"))
