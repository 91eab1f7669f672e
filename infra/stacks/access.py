"""What each capability's function may touch, and how much memory and time it gets.

One entry per capability of ``chalicelib.handlers.ALL_CAPABILITIES``; ``api.py`` turns each into
least-privilege grants. Tables are named by their suffix (``coopac-<stage>-<suffix>``). Every HTTP
capability checks the session on each request (GetItem, a touch, a delete on expiry) and may read
the signed-in user; every capability that acts for someone writes audit records.

The audit table is append-only for the application: ``audit="append"`` grants PutItem only,
``audit="append_and_read"`` adds GetItem and Query (the admin's audit viewer). Nothing grants
UpdateItem, DeleteItem or BatchWriteItem on it; records leave only by DynamoDB's TTL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AuditAccess = Literal["append", "append_and_read"] | None

AUDIT_TABLE = "audit"
IMPORT_MANIFESTS = "import-manifests/"
"""Where the import worker keeps each kind's manifest of what it last wrote
(chalicelib.store.imports.manifests): it may PutObject there and nowhere else in the imports
bucket, so it can never replace an upload."""
MEMBER_AUDIT_INDEXES = ("by_actor", "by_subject")
"""The audit indexes keyed by a member: their own records and those about them («Mis datos»)."""
SECURITY_COUNTERS = "security_counters"
"""Lockouts, address throttles, mail cooldowns: only the identity functions (registration, auth,
admin, notifier) may write them, so no business function can reset a lockout."""
REFUSAL_KEYS = "refusals#*"
ADDRESS_THROTTLE_KEYS = "login_address#*"
"""The sign-ins' address throttle (chalicelib.domain.auth.address_throttle.SIGN_IN)."""
COMPLAINT_THROTTLE_KEYS = "complaint_address#*"
"""The Libro de Reclamaciones' own address budgets (filings, failed status lookups): apart from
the sign-ins' so neither can use up the other's."""
DAILY_SUMMARY_KEYS = "daily-summary#*"
"""The admins' daily summary marks in ``counters`` (chalicelib.store.admin.daily_summary): the
notifier may create these and nothing else there, so it can never move a case number."""
ALERT_MARK_KEYS = "alert#*"
"""The members' alerts once-marks in ``counters`` (chalicelib.store.accounts.member_alerts): the
alerts function may create these and nothing else there."""
USER_COUNTER_KEYS = "users#*"
"""The admin dashboard's account counters in ``counters`` (chalicelib.store.shared.user_counts,
issue 19): moved in the same transaction as the account write that changes a role, a status or
the TOTP, so a function that changes accounts may UpdateItem these and nothing else there."""
"""The refusal-audit budgets (chalicelib.domain.shared.refusal_audit): the one kind of item in
``security_counters`` every HTTP function may update, since every one audits refusals."""
TABLE_READ_ACTIONS = (
    "dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query",
    "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable",
)
"""No Scan: every access pattern is a GetItem or a Query (docs/data-model.md), and IAM holds the
code to it."""
TABLE_WRITE_ACTIONS = (
    *TABLE_READ_ACTIONS,
    "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem",
)
AUDIT_APPEND_ACTIONS = ("dynamodb:PutItem",)
AUDIT_READ_ACTIONS = ("dynamodb:GetItem", "dynamodb:Query")


@dataclass(frozen=True)
class Access:
    read_tables: tuple[str, ...] = ()
    write_tables: tuple[str, ...] = ()
    """Read and write (items only; never the audit table)."""
    audit: AuditAccess = "append"
    send_queues: tuple[str, ...] = ()
    """``notifications`` (e-mails for the notifier), ``imports``."""
    read_buckets: tuple[str, ...] = ()
    """``imports``, ``reports``."""
    write_buckets: tuple[str, ...] = ()
    audit_member_indexes: bool = False
    """Query on the audit table's ``by_actor`` and ``by_subject`` indexes only (not the table,
    not ``by_action``): the «Mis datos» archive lists the member's own audit records and those
    about them."""
    write_bucket_prefixes: tuple[tuple[str, str], ...] = ()
    """``(bucket, prefix)``: PutObject under that prefix only (the import worker writes the
    members' «Mis datos» archives under ``archives/`` of ``reports``, nothing else there)."""
    kms_encrypt_decrypt: bool = False
    """TOTP secrets (field encryption with the stage's key)."""
    send_email: bool = False
    count_refusals: bool = False
    """UpdateItem on the ``REFUSAL_KEYS`` items of ``security_counters`` only (IAM
    ``dynamodb:LeadingKeys``); the identity functions write the whole table anyway."""
    address_throttle_keys: str | None = None
    """GetItem/UpdateItem on the items of ``security_counters`` under this key prefix only: a
    public route outside the identity functions counts against the client's address and reads
    that count (the PDF check its unknown codes on ``ADDRESS_THROTTLE_KEYS`` like a failed
    sign-in; the Libro de Reclamaciones on its own ``COMPLAINT_THROTTLE_KEYS``)."""
    mark_daily_summaries: bool = False
    """PutItem on the ``DAILY_SUMMARY_KEYS`` items of ``counters`` only (IAM
    ``dynamodb:LeadingKeys``): the once-a-day mark of the admins' summary."""
    mark_alerts: bool = False
    """PutItem on the ``ALERT_MARK_KEYS`` items of ``counters`` only (IAM
    ``dynamodb:LeadingKeys``): the once-mark of each member alert."""
    count_users: bool = False
    """UpdateItem on the ``USER_COUNTER_KEYS`` items of ``counters`` only (IAM
    ``dynamodb:LeadingKeys``): a function that activates, disables or changes accounts moves
    the dashboard's counts with them (issue 19)."""
    query_indexes: tuple[tuple[str, str], ...] = ()
    """``(table, index)``: Query on that index alone, not on its table (the alerts job)."""
    get_tables: tuple[str, ...] = ()
    """GetItem alone on these tables."""
    put_tables: tuple[str, ...] = ()
    """PutItem alone on these tables (``parked_mails`` for a function that only parks)."""
    memory_mb: int = 512
    timeout_seconds: int = 15


def _http(*, read_tables: tuple[str, ...] = (), write_tables: tuple[str, ...] = (),
          send_queues: tuple[str, ...] = (), **kwargs: object) -> Access:
    """Every HTTP capability authenticates the session and may read its user. One that queues
    e-mails may also park them (``parked_mails``) when the queue is unreachable. Each may
    refuse (403, someone else's record) and counts refusals against the audit budget. A
    member's request also reads the terms' pointer (``terms_versions``): a member who has not
    accepted the version in force reaches only the session and the acceptance (issue 18)."""
    parking = ("parked_mails",) if "notifications" in send_queues else ()
    return Access(read_tables=tuple(dict.fromkeys(("users", "terms_versions", *read_tables))),
                  write_tables=tuple(dict.fromkeys(("sessions", *write_tables, *parking))),
                  send_queues=send_queues, count_refusals=True,
                  **kwargs)  # type: ignore[arg-type]


CAPABILITY_ACCESS: dict[str, Access] = {
    # Sign-up: the request only checks syntax, hashes and queues (the notifier matches the
    # registry); activation by the e-mailed link (cooldowns in security_counters). argon2id
    # hashing wants CPU.
    "registration": _http(write_tables=("users", "unique_keys", "one_time_tokens",
                                        SECURITY_COUNTERS),
                          send_queues=("notifications",), memory_mb=1024, count_users=True),
    # Login, TOTP (KMS-encrypted secrets), sessions, recovery, profile; lockouts, address
    # throttles and mail cooldowns (security_counters); sign-ins per day (counters); the
    # terms' versions (an admin publishes, a member accepts).
    "auth": _http(write_tables=("users", "unique_keys", "one_time_tokens", "counters",
                                SECURITY_COUNTERS, "terms_versions"),
                  send_queues=("notifications",), kms_encrypt_decrypt=True, memory_mb=1024),
    # The member's products and movements, read-only; the beneficiary-change requests (their
    # numbers, open claims and daily quotas in counters), e-mailed at each decision.
    "accounts": _http(read_tables=("member_products",),
                      write_tables=("beneficiary_changes", "counters"),
                      send_queues=("notifications",)),
    # Products, simulation, applications, their history and workflow; application numbers
    # (counters); the routing rules and round-robin turns (counters) of new applications.
    "credit": _http(read_tables=("member_products", "routing_rules"),
                    write_tables=("credit_products", "credit_applications",
                                  "credit_application_history", "counters"),
                    send_queues=("notifications",)),
    # The buzón: tickets, their messages, ticket numbers; the routing rules and round-robin
    # turns (counters) of new tickets. The Libro de Reclamaciones (issue 18): its sheets, their
    # year counters (counters), the holidays of the legal due dates; its public form and status
    # page count against the client's address on budgets of their own (the
    # ``complaint_address#`` items only, never the sign-ins' ``login_address#``).
    "tickets": _http(read_tables=("routing_rules", "holidays"),
                     write_tables=("tickets", "ticket_messages", "counters", "complaints"),
                     send_queues=("notifications",),
                     address_throttle_keys=COMPLAINT_THROTTLE_KEYS),
    # PDFs to S3 (fpdf2 is the heavy import), downloaded through presigned URLs; each PDF's
    # verification record, read by the public check, whose unknown codes count against the
    # client's address (the ``login_address#`` items of security_counters only).
    # «Mis datos» (issue 18): the member's archive requests (data_archives, their daily quota in
    # counters), queued for the import worker on the imports queue; the download link is a
    # presigned GET of the reports bucket.
    "reports": _http(read_tables=("member_products", "credit_products", "credit_applications"),
                     write_tables=("report_verifications", "data_archives", "counters"),
                     address_throttle_keys=ADDRESS_THROTTLE_KEYS, send_queues=("imports",),
                     read_buckets=("reports",), write_buckets=("reports",),
                     memory_mb=1024, timeout_seconds=29),
    # Users and roles, imports (uploads to the imports bucket), products, the audit viewer;
    # the dashboard reads its counters (one BatchGetItem; it moves only the users#* ones, with
    # a role or status change, never a sequence); the user list
    # reads lock states and unlocking clears a lockout (security_counters). «Feriados»: the
    # holidays of the Libro de Reclamaciones' due dates, and the book's CSV export (Queries on
    # complaints.by_month) (issue 18).
    "admin": _http(read_tables=("member_registry", "member_products", "tickets", "counters",
                                "complaints"),
                   write_tables=("users", "unique_keys", "one_time_tokens", "imports",
                                 "credit_products", "routing_rules", SECURITY_COUNTERS,
                                 "holidays"),
                   audit="append_and_read", send_queues=("notifications",),
                   read_buckets=("imports",), write_buckets=("imports",), timeout_seconds=29,
                   count_users=True),
    # The public «Tasas y tarifas» and «Contacto» (issue 18): the credit catalogue read-only,
    # the two items an admin keeps (public_content).
    "info": _http(read_tables=("credit_products",), write_tables=("public_content",),
                  memory_mb=256),
    # S3 upload -> SQS -> this worker: loads the core system's CSV files.
    # The same queue carries the members' «Mis datos» jobs (issue 18): read everything kept
    # about one member (by their keys and by_member/by_user indexes; the audit by actor and
    # by subject), write the zip under archives/ of the reports bucket only, mark the archive
    # ready and queue the «tu archivo está listo» e-mail (parked if SQS is down).
    "import_worker": Access(read_tables=("users", "tickets", "ticket_messages",
                                         "credit_applications", "credit_application_history",
                                         "beneficiary_changes", "sessions", "complaints"),
                            write_tables=("imports", "member_registry", "member_products",
                                          "data_archives", "parked_mails"),
                            audit_member_indexes=True, send_queues=("notifications",),
                            read_buckets=("imports",),
                            write_bucket_prefixes=(("reports", "archives/"),
                                                   ("imports", IMPORT_MANIFESTS)),
                            count_users=True, memory_mb=1024, timeout_seconds=300),
    # Queued e-mails -> SES; every five minutes, the parked e-mails -> the queue. Queued jobs:
    # forgot's account lookup, its reset token (and the user's latest reset), the mail cooldowns
    # (security_counters) and its audit record, out of the request's path; registration's
    # registry match, per-DNI failures (security_counters), office code (one_time_tokens) and
    # new account (users, with its unique e-mail and DNI claims, and the terms version in
    # force when the member asked: terms_versions).
    # The admins' daily summary reads the tickets and applications, the open reclamos near
    # their due date and the holidays they count with (issue 18), and marks its day.
    "notifier": Access(read_tables=("member_registry", "tickets", "credit_applications",
                                    "terms_versions", "complaints", "holidays"),
                       write_tables=("parked_mails", "users", "unique_keys", "one_time_tokens",
                                     SECURITY_COUNTERS),
                       mark_daily_summaries=True,
                       send_queues=("notifications",), send_email=True, memory_mb=256,
                       timeout_seconds=30),
    # The members' daily alerts (07:00 Lima, its own schedule, no queue): Query on the products'
    # due-date index and on users.by_dni, GetItem of each member, a conditional PutItem of each
    # alert's once-mark (alert#* in counters), the e-mails queued (parked if SQS is down). It
    # audits nothing (no one acts; the marks are the record) and writes nothing else.
    "alerts": Access(query_indexes=(("member_products", "by_due_date"), ("users", "by_dni")),
                     get_tables=("users",), put_tables=("parked_mails",), mark_alerts=True,
                     audit=None, send_queues=("notifications",), memory_mb=256,
                     timeout_seconds=900),  # Lambda's maximum: ~5 min at 100,000 members
}
