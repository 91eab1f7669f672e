"""Issue 14, finding 8: lockouts, address throttles and mail cooldowns live in
``security_counters``, which only the identity functions may read and write. The business
functions keep ``counters`` (sequences, dashboard counters) and cannot reset a lockout."""

from __future__ import annotations

from typing import Any

from tests.infra.cfn import (
    as_list,
    props,
    role_of,
    statements_on,
    table_id,
    unconditional_actions,
)

IDENTITY = ("auth", "registration", "admin", "notifier")
"""Who signs in, locks, unlocks, throttles or applies a mail cooldown."""
BUSINESS = ("accounts", "credit", "tickets", "reports", "import_worker")
BUSINESS_HTTP = ("accounts", "credit", "tickets", "reports")
"""Each audits refusals (403s, foreign records' 404s), so each counts them against the
refusal-audit budget (domain.shared.refusal_audit): UpdateItem on ``refusals#`` keys, nothing
else."""
SECURITY_TABLE = "security_counters"


def test_the_security_counters_have_their_own_table_with_a_ttl(synth: Any) -> None:
    table = synth.data["Resources"][table_id(synth, SECURITY_TABLE)]
    assert props(table)["TimeToLiveSpecification"] == {"AttributeName": "expires_at",
                                                       "Enabled": True}


def test_identity_functions_read_and_write_the_security_counters(synth: Any) -> None:
    table = table_id(synth, SECURITY_TABLE)
    for capability in IDENTITY:
        granted = unconditional_actions(statements_on(synth, role_of(synth, capability), table))
        assert {"dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:DeleteItem"} <= granted, capability
        assert "dynamodb:Scan" not in granted


def test_business_functions_have_no_unconditional_grant_on_the_security_counters(
        synth: Any) -> None:
    table = table_id(synth, SECURITY_TABLE)
    for capability in BUSINESS:
        statements = statements_on(synth, role_of(synth, capability), table)
        assert unconditional_actions(statements) == set(), capability


def test_business_http_functions_may_only_count_refusals_on_their_own_keys(synth: Any) -> None:
    table = table_id(synth, SECURITY_TABLE)
    for capability in BUSINESS_HTTP:
        [statement] = [statement for statement in
                       statements_on(synth, role_of(synth, capability), table)
                       if statement.get("Sid") != "AddressThrottleOnly"]
        assert as_list(statement["Action"]) == ["dynamodb:UpdateItem"], capability
        assert statement["Condition"] == {
            "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["refusals#*"]}}, capability
        [resource] = as_list(statement["Resource"])
        assert "index" not in str(resource)


PUBLIC_LOOKUPS = {"reports": "login_address#*", "tickets": "complaint_address#*"}
"""The business functions with a public route that counts against the caller's address, and the
only keys each may touch: the PDF check (issue 17) the sign-ins' throttle, the Libro de
Reclamaciones' form and status page (issue 18) budgets of their own, so filings never throttle
sign-ins and a sign-in attack never closes the book."""


def test_the_public_lookups_may_only_read_and_count_address_throttles(synth: Any) -> None:
    """The public PDF check counts unknown codes like failed sign-ins (``login_address#`` items
    only), the Libro de Reclamaciones every filing and every unknown sheet (``complaint_address#``
    items only, never the sign-ins'): never a lockout or a mail cooldown."""
    table = table_id(synth, SECURITY_TABLE)
    for capability in BUSINESS_HTTP:
        throttles = [statement for statement in
                     statements_on(synth, role_of(synth, capability), table)
                     if statement.get("Sid") == "AddressThrottleOnly"]
        assert len(throttles) == (1 if capability in PUBLIC_LOOKUPS else 0), capability
    for capability, keys in PUBLIC_LOOKUPS.items():
        [statement] = [statement for statement in
                       statements_on(synth, role_of(synth, capability), table)
                       if statement.get("Sid") == "AddressThrottleOnly"]
        assert sorted(as_list(statement["Action"])) == ["dynamodb:GetItem",
                                                        "dynamodb:UpdateItem"]
        assert statement["Condition"] == {
            "ForAllValues:StringLike": {"dynamodb:LeadingKeys": [keys]}}, capability


def test_the_address_throttle_prefixes_are_the_ones_the_grants_name() -> None:
    from datetime import UTC, datetime

    from stacks.access import ADDRESS_THROTTLE_KEYS, COMPLAINT_THROTTLE_KEYS

    from chalicelib.domain.auth.address_throttle import (
        COMPLAINT_FILINGS,
        COMPLAINT_LOOKUPS,
        SIGN_IN,
    )
    from chalicelib.store.auth.address_throttle import counter_id

    def key(budget: Any) -> str:
        return counter_id(budget.key, "203.0.113.7", datetime(2026, 11, 25, tzinfo=UTC))

    assert key(SIGN_IN).startswith(ADDRESS_THROTTLE_KEYS.rstrip("*"))
    for budget in (COMPLAINT_FILINGS, COMPLAINT_LOOKUPS):
        assert key(budget).startswith(COMPLAINT_THROTTLE_KEYS.rstrip("*"))
        assert not key(budget).startswith(ADDRESS_THROTTLE_KEYS.rstrip("*"))


def test_the_limiter_prefix_is_the_one_the_grant_names() -> None:
    from stacks.access import REFUSAL_KEYS

    from chalicelib.domain.shared.refusal_audit import COUNTER_PREFIX

    assert f"{COUNTER_PREFIX}*" == REFUSAL_KEYS


def test_the_import_worker_cannot_touch_the_security_counters_at_all(synth: Any) -> None:
    assert statements_on(synth, role_of(synth, "import_worker"),
                          table_id(synth, SECURITY_TABLE)) == []


def test_functions_that_number_nothing_no_longer_write_counters(synth: Any) -> None:
    """Issue 19: activating, disabling or reactivating an account moves the dashboard's
    account counters in the same transaction: the ``users#`` items, UpdateItem only."""
    counters = table_id(synth, "counters")
    # reports takes the members' daily quota of «Mis datos» archives there (issue 18)
    for capability in ("registration", "import_worker"):
        [statement] = statements_on(synth, role_of(synth, capability), counters)
        assert statement["Sid"] == "UserCountersOnly", capability
        assert as_list(statement["Action"]) == ["dynamodb:UpdateItem"], capability
        assert statement["Condition"] == {
            "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["users#*"]}}, capability


def test_the_admin_may_move_only_the_account_counters(synth: Any) -> None:
    """A role or status change moves ``users#`` counters (issue 19); no sequence, quota or
    case counter is the admin's to write."""
    statements = statements_on(synth, role_of(synth, "admin"), table_id(synth, "counters"))
    [conditional] = [statement for statement in statements if "Condition" in statement]
    assert as_list(conditional["Action"]) == ["dynamodb:UpdateItem"]
    assert conditional["Condition"] == {
        "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["users#*"]}}


def test_the_user_counters_prefix_is_the_one_the_grant_names() -> None:
    from stacks.access import USER_COUNTER_KEYS

    from chalicelib.store.shared.user_counts import WITH_TOTP, active_counter

    for counter_id in (WITH_TOTP, active_counter("member"), active_counter("super_admin")):
        assert counter_id.startswith(USER_COUNTER_KEYS.rstrip("*"))


def test_the_notifier_may_only_create_the_daily_summary_marks_in_counters(synth: Any) -> None:
    """The admins' daily summary (issue 17) marks its Lima day with a conditional put; nothing
    else of ``counters`` (the case numbers, the daily quotas) is the notifier's to write."""
    [statement] = statements_on(synth, role_of(synth, "notifier"), table_id(synth, "counters"))
    assert as_list(statement["Action"]) == ["dynamodb:PutItem"]
    assert statement["Condition"] == {
        "ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["daily-summary#*"]}}


def test_the_daily_summary_prefix_is_the_one_the_grant_names() -> None:
    from datetime import date

    from stacks.access import DAILY_SUMMARY_KEYS

    from chalicelib.store.admin.daily_summary import day_mark_id

    assert day_mark_id(date(2026, 11, 25)).startswith(DAILY_SUMMARY_KEYS.rstrip("*"))


def test_the_registration_function_cannot_read_the_registry_nor_the_admin_reset_a_sequence(
        synth: Any) -> None:
    """Registration's request path only checks syntax and queues the attempt: the registry (its
    contact e-mails included) is read by the notifier alone. The admin function reads
    ``counters`` for the dashboard and never writes it."""
    registration = statements_on(synth, role_of(synth, "registration"),
                                  table_id(synth, "member_registry"))
    assert registration == []
    admin = unconditional_actions(statements_on(synth, role_of(synth, "admin"),
                                                  table_id(synth, "counters")))
    assert admin and not admin & {"dynamodb:PutItem", "dynamodb:UpdateItem",
                                  "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"}
