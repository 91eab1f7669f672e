"""Typed settings, read once from the environment.

Every deployed function and the local stack set the same variables; nothing else in the code
reads ``os.environ``. The object is built lazily so tests and the local stack can set the
environment first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

from chalicelib.domain.accounts.member_alerts import (
    DEFAULT_FIXED_DEPOSIT_DAYS_BEFORE,
    DEFAULT_INSTALLMENT_DAYS_BEFORE,
)
from chalicelib.domain.auth.address_throttle import (
    DEFAULT_COMPLAINT_FILINGS_PER_WINDOW,
    DEFAULT_COMPLAINT_LOOKUP_FAILURES_PER_WINDOW,
    DEFAULT_FAILURES_PER_WINDOW,
)
from chalicelib.domain.auth.registration import DEFAULT_ACTIVATION_LIFETIME_HOURS
from chalicelib.domain.shared.business_days import DEFAULT_COMPLAINT_ANSWER_BUSINESS_DAYS
from chalicelib.domain.shared.waiting import DEFAULT_CASE_OVERDUE_HOURS


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    table_prefix: str
    imports_bucket: str
    reports_bucket: str
    kms_key_alias: str
    notifications_queue_name: str
    imports_queue_name: str
    mail_from: str
    site_url: str
    aws_endpoint_url: str
    """Set locally (moto); empty in AWS."""
    login_failures_per_address: int
    """Failed sign-ins one client address may make per window before 429 (address_throttle)."""
    activation_lifetime_hours: int
    """How long an account pending activation keeps its DNI and e-mail: past it, the next
    registration (or resend) that meets it removes it (``services.auth.pending_accounts``)."""
    origin_secret: str
    """The header value CloudFront adds to API requests (``domain.shared.edge``); empty locally."""
    member_daily_tickets: int = 5
    """New tickets one member may open per Lima day before 429 (``domain.shared.daily_quota``)."""
    member_daily_applications: int = 3
    """New credit applications one member may send per Lima day before 429."""
    case_overdue_hours: int = DEFAULT_CASE_OVERDUE_HOURS
    """Hours a ticket or application may wait for the staff before it is overdue: marked in the
    lists, counted on the staff home, listed in the admins' daily summary
    (``domain.shared.waiting``)."""
    complaint_answer_business_days: int = DEFAULT_COMPLAINT_ANSWER_BUSINESS_DAYS
    """Business days (Lima; weekends and the admin's holidays skipped) the cooperative has to
    answer a reclamo or queja of the Libro de Reclamaciones (``domain.shared.business_days``)."""
    alert_installment_days_before: int = DEFAULT_INSTALLMENT_DAYS_BEFORE
    """Days before an installment's due date the members' alerts job e-mails it
    (``ALERT_INSTALLMENT_DAYS_BEFORE``; ``domain.accounts.member_alerts``)."""
    alert_fixed_deposit_days_before: int = DEFAULT_FIXED_DEPOSIT_DAYS_BEFORE
    """Days before a fixed deposit matures the alerts job e-mails it
    (``ALERT_FIXED_DEPOSIT_DAYS_BEFORE``)."""
    complaint_filings_per_address: int = DEFAULT_COMPLAINT_FILINGS_PER_WINDOW
    """Sheets of the Libro de Reclamaciones one client address may file per hour before 429
    (``COMPLAINT_FILINGS_PER_IP``); a budget apart from the sign-ins'."""
    complaint_lookup_failures_per_address: int = DEFAULT_COMPLAINT_LOOKUP_FAILURES_PER_WINDOW
    """Status lookups of the Libro that find nothing one client address may make per 10 minutes
    before 429 (``COMPLAINT_LOOKUP_FAILURES_PER_IP``)."""

    @property
    def is_local(self) -> bool:
        return self.stage in ("local", "test")

    @property
    def requires_edge(self) -> bool:
        """Deployed, the API answers only requests that came through CloudFront."""
        return not self.is_local


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _positive_int(name: str, default: int) -> int:
    """A misconfigured limit falls back to the safe default rather than failing every request."""
    value = _env(name, str(default))
    return int(value) if value.isdigit() and int(value) > 0 else default


@lru_cache(maxsize=1)
def settings() -> Settings:
    stage = _env("STAGE", "local")
    return Settings(
        stage=stage,
        region=_env("AWS_DEFAULT_REGION", "us-east-1"),
        table_prefix=table_prefix(),
        imports_bucket=_env("IMPORTS_BUCKET", f"coopac-{stage}-imports"),
        reports_bucket=_env("REPORTS_BUCKET", f"coopac-{stage}-reports"),
        kms_key_alias=_env("KMS_KEY_ALIAS", f"alias/coopac-{stage}"),
        notifications_queue_name=_env("NOTIFICATIONS_QUEUE", f"coopac-{stage}-notifications"),
        imports_queue_name=_env("IMPORTS_QUEUE", f"coopac-{stage}-imports"),
        mail_from=_env("MAIL_FROM", "no-responder@coopacpetroperu.pe"),
        site_url=_env("SITE_URL", "http://127.0.0.1:8000"),
        aws_endpoint_url=_env("AWS_ENDPOINT_URL", ""),
        login_failures_per_address=_positive_int("LOGIN_FAILURES_PER_IP",
                                                 DEFAULT_FAILURES_PER_WINDOW),
        activation_lifetime_hours=_positive_int("ACTIVATION_LIFETIME_HOURS",
                                                DEFAULT_ACTIVATION_LIFETIME_HOURS),
        member_daily_tickets=_positive_int("MEMBER_DAILY_TICKETS", 5),
        member_daily_applications=_positive_int("MEMBER_DAILY_APPLICATIONS", 3),
        case_overdue_hours=_positive_int("CASE_OVERDUE_HOURS", DEFAULT_CASE_OVERDUE_HOURS),
        complaint_answer_business_days=_positive_int(
            "COMPLAINT_ANSWER_BUSINESS_DAYS", DEFAULT_COMPLAINT_ANSWER_BUSINESS_DAYS),
        alert_installment_days_before=_positive_int("ALERT_INSTALLMENT_DAYS_BEFORE",
                                                    DEFAULT_INSTALLMENT_DAYS_BEFORE),
        alert_fixed_deposit_days_before=_positive_int("ALERT_FIXED_DEPOSIT_DAYS_BEFORE",
                                                      DEFAULT_FIXED_DEPOSIT_DAYS_BEFORE),
        origin_secret=_env("ORIGIN_SECRET", ""),
        complaint_filings_per_address=_positive_int(
            "COMPLAINT_FILINGS_PER_IP", DEFAULT_COMPLAINT_FILINGS_PER_WINDOW),
        complaint_lookup_failures_per_address=_positive_int(
            "COMPLAINT_LOOKUP_FAILURES_PER_IP", DEFAULT_COMPLAINT_LOOKUP_FAILURES_PER_WINDOW),
    )


def table_prefix() -> str:
    """Prefix of every DynamoDB table name; read at model definition time (see
    store.shared.models)."""
    return _env("TABLE_PREFIX", f"coopac-{_env('STAGE', 'local')}-")
