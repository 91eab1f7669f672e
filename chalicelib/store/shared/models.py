"""Every DynamoDB table of the portal as a pynamodb model: the one definition of keys and indexes.

The local stack creates tables from these models, the CDK stateful stack builds its tables from
them (``infra/stacks/stateful.py``) and ``tests/infra`` checks the synthesized template against
them. ``docs/data-model.md`` lists each access pattern. Table names carry the stage prefix from
the environment, read when this module is imported (pynamodb reads ``Meta`` at class definition).
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    VersionAttribute,
)
from pynamodb.attributes import TTLAttribute as _TTLAttribute
from pynamodb.indexes import (
    AllProjection,
    GlobalSecondaryIndex,
    IncludeProjection,
    KeysOnlyProjection,
)
from pynamodb.models import Model

from chalicelib.settings import table_prefix

_PREFIX = table_prefix()


def _meta(name: str) -> Any:
    class Meta:
        table_name = f"{_PREFIX}{name}"
        billing_mode = "PAY_PER_REQUEST"

    return Meta


class TTLAttribute(_TTLAttribute):
    """Epoch-seconds expiry that DynamoDB's TTL deletes; the code also checks it on read."""


def _index_meta(name: str, projection: type) -> Any:
    return type("Meta", (), {"index_name": name, "projection": projection()})


# --- identity -----------------------------------------------------------------------------


class UsersByEmail(GlobalSecondaryIndex["UserModel"]):
    """Login and recovery: the user of an e-mail (one item; uniqueness kept by UniqueKeyModel)."""

    Meta = _index_meta("by_email", AllProjection)
    email = UnicodeAttribute(hash_key=True)


class UsersByDni(GlobalSecondaryIndex["UserModel"]):
    """The portal account of a registry member (sparse: staff have no DNI)."""

    Meta = _index_meta("by_dni", KeysOnlyProjection)
    dni = UnicodeAttribute(hash_key=True)


class UsersByRole(GlobalSecondaryIndex["UserModel"]):
    """Admin's user list by role, ordered by surname."""

    Meta = _index_meta("by_role", AllProjection)
    role = UnicodeAttribute(hash_key=True)
    sort_name = UnicodeAttribute(range_key=True)


class UserModel(Model):
    """A portal account: member (socio) or staff (operator, admin, super_admin)."""

    Meta = _meta("users")
    user_id = UnicodeAttribute(hash_key=True)
    email = UnicodeAttribute()
    dni = UnicodeAttribute(null=True)
    role = UnicodeAttribute()
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    sort_name = UnicodeAttribute()
    status = UnicodeAttribute()  # pending_activation | active | inactive
    password_hash = UnicodeAttribute(null=True)
    totp_enabled = BooleanAttribute(default=False)
    totp_secret_encrypted = UnicodeAttribute(null=True)
    totp_pending_secret_encrypted = UnicodeAttribute(null=True)
    totp_last_step = NumberAttribute(default=0)
    backup_code_hashes = UnicodeSetAttribute(null=True)
    """Hashes of the unused TOTP backup codes (domain.auth.backup_codes); one is removed per use."""
    alerts_off = UnicodeSetAttribute(null=True)
    """Alert kinds the member turned off (``domain.accounts.alert_preferences``); absent: all on."""
    terms_version = UnicodeAttribute(null=True)
    terms_accepted_at = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    last_login_at = UnicodeAttribute(null=True)
    pending_email = UnicodeAttribute(null=True)
    """A new e-mail awaiting confirmation by link; login keeps using ``email`` until then."""
    email_change_id = UnicodeAttribute(null=True)
    """Random, set when a new e-mail is asked for: the «no fui yo» links of that change carry
    it, so a later change (a new id) or its undoing (removed) ends them."""
    email_change_authenticator = UnicodeAttribute(null=True)
    """Fingerprint of the authenticator the account had when its e-mail change was first asked
    for (``identity.authenticator_fingerprint``): undoing the change removes one enrolled since,
    which only whoever took the account can hold."""
    security_stamp = UnicodeAttribute(null=True)
    """Random; replaced by every credential change. Sessions and one-time tokens carry the stamp
    of their issue and die when it differs (missing: ``LEGACY_STAMP``)."""
    latest_reset = UnicodeAttribute(null=True)
    """Hash of the newest reset token: a later ``forgot`` supersedes every earlier link."""
    activation_expires_at = UnicodeAttribute(null=True)
    """A pending account's expiry (ISO instant): past it, the account and its claims are removed
    by the next registration or resend that meets them (``services.auth.pending_accounts``)."""
    disabled_by_import = UnicodeAttribute(null=True)
    """Why an inactive member account is inactive: the security stamp an import set when the
    registry marked the member inactive. A later «active» row reactivates the account only
    while its stamp is still that one; an admin's change since (a new stamp) is the admin's."""
    version = VersionAttribute()

    by_email = UsersByEmail()
    by_dni = UsersByDni()
    by_role = UsersByRole()


class UniqueKeyModel(Model):
    """Claims a unique value (``email#...``, ``dni#...``) in the same transaction as the user."""

    Meta = _meta("unique_keys")
    key = UnicodeAttribute(hash_key=True)
    owner_id = UnicodeAttribute()


class SessionsByUser(GlobalSecondaryIndex["SessionModel"]):
    """A user's sessions: Configuración lists them; logout-everywhere ends them."""

    Meta = _index_meta("by_user", AllProjection)
    user_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class SessionModel(Model):
    """A signed-in session, keyed by the SHA-256 of its cookie token (the token is never stored)."""

    Meta = _meta("sessions")
    token_hash = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    role = UnicodeAttribute()
    dni = UnicodeAttribute(null=True)
    totp_enabled = BooleanAttribute(default=False)
    remember = BooleanAttribute(default=False)
    created_at = UnicodeAttribute()
    last_seen_at = UnicodeAttribute()
    ip = UnicodeAttribute(null=True)
    user_agent = UnicodeAttribute(null=True)
    expires_at = TTLAttribute()
    security_stamp = UnicodeAttribute(null=True)
    """The user's security stamp when the session began (or was re-issued by a change)."""

    by_user = SessionsByUser()


class TermsVersionModel(Model):
    """The terms of use an admin published (issue 18; version 1.0 is the manual's text in
    ``domain.auth.terms``). ``book`` = ``terms``: one item per version, ``version_key`` sorting
    like the versions (``001.001.000``), put only if new (published versions never change),
    read by a Query. ``book`` = ``terms#current``, ``version_key`` = ``-``: the pointer a
    GetItem reads on each member's request: the last version, its effective date and the
    version in force before it (only ``latest``, ``effective_on`` and ``in_force_before``)."""

    Meta = _meta("terms_versions")
    book = UnicodeAttribute(hash_key=True)
    version_key = UnicodeAttribute(range_key=True)
    version = UnicodeAttribute(null=True)
    effective_on = UnicodeAttribute(null=True)
    summary = UnicodeAttribute(null=True)
    text = UnicodeAttribute(null=True)
    published_at = UnicodeAttribute(null=True)
    published_by = UnicodeAttribute(null=True)
    latest = UnicodeAttribute(null=True)
    in_force_before = UnicodeAttribute(null=True)


class OneTimeTokenModel(Model):
    """Single-use secrets sent by e-mail or returned to a client: activation, reset, TOTP challenge,
    invitation, e-mail change. Keyed by the token's hash; consumed by a conditional delete."""

    Meta = _meta("one_time_tokens")
    token_hash = UnicodeAttribute(hash_key=True)
    purpose = UnicodeAttribute()
    user_id = UnicodeAttribute()
    payload = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    expires_at = TTLAttribute()
    security_stamp = UnicodeAttribute(null=True)
    """The user's security stamp at issue: the token dies with any later credential change."""


class CounterModel(Model):
    """Atomic counters of the business functions: human-friendly sequences, the credit
    dashboard's counters and the sign-ins per Lima day (with TTL). Nothing here decides access:
    those counters live in SecurityCounterModel."""

    Meta = _meta("counters")
    counter_id = UnicodeAttribute(hash_key=True)
    value = NumberAttribute(default=0)
    expires_at = TTLAttribute(null=True)


class SecurityCounterModel(Model):
    """Counters that decide access or bound abuse, in their own table so that only the identity
    functions may write them (infra/stacks/access.py): sign-in lockouts (``lockout#``), address
    throttles (``login_address#``; the Libro de Reclamaciones' own ``complaint_address#``), mail
    cooldowns (``mail_gap#``, ``mail_hour#``), known browsers (``known_browser#``) and the
    refusal-audit budgets (``refusals#``, the one prefix other functions may update)."""

    Meta = _meta("security_counters")
    counter_id = UnicodeAttribute(hash_key=True)
    value = NumberAttribute(default=0)
    window_started_at = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)
    locked_until = UnicodeAttribute(null=True)
    """Lockout counters: the instant the account's lock ends (ISO UTC), once locked."""


class ParkedMailModel(Model):
    """E-mails that could not be queued (SQS unreachable after botocore's retries): kept here so
    the request that committed its change still answers, and the notifier's sweep queues them
    later. One partition, read oldest first: parking happens only during an outage."""

    Meta = _meta("parked_mails")
    shelf = UnicodeAttribute(hash_key=True)
    """Always ``notifications``: the queue the e-mail was meant for."""
    parked_id = UnicodeAttribute(range_key=True)
    """``<ISO UTC instant>#<random hex>``: oldest first, unique."""
    message = UnicodeAttribute()
    """The queue message's JSON body, as it would have been sent."""
    expires_at = TTLAttribute()


# --- the core system's data ---------------------------------------------------------------


class RegistryMemberModel(Model):
    """The member registry (padrón de socios) loaded from the core system's members CSV."""

    Meta = _meta("member_registry")
    dni = UnicodeAttribute(hash_key=True)
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    birth_date = UnicodeAttribute()
    status = UnicodeAttribute()  # active | inactive
    email = UnicodeAttribute(null=True)
    """The contact e-mail on file (lower case): the only address self-registration mails."""
    mobile = UnicodeAttribute(null=True)


class MemberItemsByProduct(GlobalSecondaryIndex["MemberProductItemModel"]):
    """One product type's accounts and movements of a member, newest first (sparse).

    ``product_key`` is ``<product>#<date>#<product_id>#<movement_id>`` on a movement and
    ``<product>#~#<product_id>`` on a contributions, savings or CTS account, so the accounts
    sort after every movement and come first in a descending Query.
    """

    Meta = _index_meta("by_product", AllProjection)
    dni = UnicodeAttribute(hash_key=True)
    product_key = UnicodeAttribute(range_key=True)


class MemberProductsOpenByKind(GlobalSecondaryIndex["MemberProductItemModel"]):
    """The open products of one kind across members (sparse, keys only), for the import worker
    closing what a full snapshot no longer mentions: ``open_kind`` is ``<product>#<shard>``
    (the DNI's last digit, so one kind's writes spread over ten partitions), set only while the
    product is active (docs/data-model.md, "closing products")."""

    Meta = _index_meta("open_by_kind", KeysOnlyProjection)
    open_kind = UnicodeAttribute(hash_key=True)


class MemberProductsByDueDate(GlobalSecondaryIndex["MemberProductItemModel"]):
    """The member alerts' daily job (issue 18): active loans by the due date of their first
    unpaid installment and active fixed deposits by their maturity (sparse: ``due_shard`` is
    ``<product>#<DNI's last digit>``, set by the import only on those). ``due_alert`` (projected)
    holds what the e-mail says, so the job reads no product item."""

    Meta = type("Meta", (), {"index_name": "by_due_date",
                             "projection": IncludeProjection(["due_alert"])})
    due_shard = UnicodeAttribute(hash_key=True)
    due_on = UnicodeAttribute(range_key=True)


class MemberProductItemModel(Model):
    """A member's products and movements, one partition per member (the dashboard is two Queries).

    ``item_key`` is ``P#<product>#<product_id>`` for a product (a loan holds its schedule, a
    family benefit plan its beneficiaries) and ``MOV#<date>#<movement_id>`` for a movement, so
    each view is one Query with ``begins_with``/``BETWEEN`` on it (docs/data-model.md).
    """

    Meta = _meta("member_products")
    dni = UnicodeAttribute(hash_key=True)
    item_key = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()  # the product type; movements: "movement"
    data = UnicodeAttribute()  # JSON document of the item; money as strings
    import_id = UnicodeAttribute(null=True)
    product_id = UnicodeAttribute(null=True)
    product_key = UnicodeAttribute(null=True)  # set only on items the by_product index holds
    open_kind = UnicodeAttribute(null=True)  # set only on active products (open_by_kind)
    due_shard = UnicodeAttribute(null=True)  # by_due_date: active loans and fixed deposits
    due_on = UnicodeAttribute(null=True)
    due_alert = UnicodeAttribute(null=True)  # JSON: number, currency, amount, n (alerts)

    by_product = MemberItemsByProduct()
    open_by_kind = MemberProductsOpenByKind()
    by_due_date = MemberProductsByDueDate()


class ImportsByTime(GlobalSecondaryIndex["ImportModel"]):
    """The admin's import history, newest first (one small partition)."""

    Meta = _index_meta("by_time", AllProjection)
    listing = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ImportModel(Model):
    """One CSV upload of the core system and the outcome of loading it."""

    Meta = _meta("imports")
    import_id = UnicodeAttribute(hash_key=True)
    listing = UnicodeAttribute(default="imports")
    kind = UnicodeAttribute()
    status = UnicodeAttribute()  # pending | processing | completed | failed
    object_key = UnicodeAttribute()
    object_claim = UnicodeAttribute(null=True)
    """The one upload this run loads: its S3 version id (versioned bucket), else its ETag."""
    created_by = UnicodeAttribute()
    created_at = UnicodeAttribute()
    finished_at = UnicodeAttribute(null=True)
    rows_total = NumberAttribute(default=0)
    rows_loaded = NumberAttribute(default=0)
    rows_rejected = NumberAttribute(default=0)
    errors = UnicodeAttribute(default="[]")  # JSON list of {line, field, message}
    snapshot = BooleanAttribute(null=True)  # the file is a full snapshot of its kind
    rows_closed = NumberAttribute(null=True)  # products a snapshot closed

    by_time = ImportsByTime()


# --- credit -------------------------------------------------------------------------------


class CreditProductsByListing(GlobalSecondaryIndex["CreditProductModel"]):
    """The whole catalogue in code order (one small partition): listing it is a Query, not a
    Scan."""

    Meta = _index_meta("by_listing", AllProjection)
    listing = UnicodeAttribute(hash_key=True)
    code = UnicodeAttribute(range_key=True)


class CreditProductModel(Model):
    """A credit product with its rates and limits (editable by admins)."""

    Meta = _meta("credit_products")
    code = UnicodeAttribute(hash_key=True)
    listing = UnicodeAttribute(default="products")
    data = UnicodeAttribute()  # JSON: name, tea, insurance rate, limits, terms, methods
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute(null=True)
    version = VersionAttribute()

    by_listing = CreditProductsByListing()


class ApplicationsByMember(GlobalSecondaryIndex["ApplicationModel"]):
    Meta = _index_meta("by_member", AllProjection)
    member_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ApplicationsByAssignee(GlobalSecondaryIndex["ApplicationModel"]):
    Meta = _index_meta("by_assignee", AllProjection)
    assignee_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ApplicationsByStatus(GlobalSecondaryIndex["ApplicationModel"]):
    Meta = _index_meta("by_status", AllProjection)
    status = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class ApplicationsByStaffOrder(GlobalSecondaryIndex["ApplicationModel"]):
    """Every item in the staff's order (issue 19): one partition (``staff_list = all``), its
    ``staff_order`` the rank of the status in the admin's list and the creation instant
    (``store.shared.staff_lists``), so one Query reads the list across statuses."""

    Meta = _index_meta("by_staff_order", AllProjection)
    staff_list = UnicodeAttribute(hash_key=True)
    staff_order = UnicodeAttribute(range_key=True)


class ApplicationModel(Model):
    """A credit application and its workflow state; its history lives in
    ApplicationHistoryModel, so this item keeps its size however long the workflow runs."""

    Meta = _meta("credit_applications")
    application_id = UnicodeAttribute(hash_key=True)
    number = NumberAttribute()
    member_id = UnicodeAttribute()
    assignee_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    decided_at = UnicodeAttribute(null=True)  # first approval or rejection (time to decision)
    data = UnicodeAttribute()
    """JSON: member, assignee, product, the simulation's inputs and results. Applications
    written before the history had its own table also hold ``history`` (and ``observations``):
    their first lines, which no longer grow."""
    version = VersionAttribute()
    status_changed_at = UnicodeAttribute(null=True)
    """The last change of status (the staff lists' «Espera»); absent on older applications,
    whose ``updated_at`` stands in."""
    product_code = UnicodeAttribute(null=True)
    """A copy of ``data``'s product code, so a list can filter by credit type (absent on
    applications written before the filter)."""
    staff_list = UnicodeAttribute(null=True)
    staff_order = UnicodeAttribute(null=True)
    """The key of ``by_staff_order`` (``store.shared.staff_lists``); written with every status
    change. Absent on items written before issue 19 until ``dev.recount`` writes it."""

    by_member = ApplicationsByMember()
    by_assignee = ApplicationsByAssignee()
    by_status = ApplicationsByStatus()
    by_staff_order = ApplicationsByStaffOrder()


class ApplicationHistoryModel(Model):
    """One line of an application's history (receipt, assignment, move or note, with its
    observation), in order of ``position`` (0 is the receipt). Written in the same transaction
    as the application, on its version; the observations are the lines that carry one."""

    Meta = _meta("credit_application_history")
    application_id = UnicodeAttribute(hash_key=True)
    position = NumberAttribute(range_key=True)
    data = UnicodeAttribute()  # JSON: the line (at, actor, from, to, observation, assignee)


# --- beneficiary changes -------------------------------------------------------------------


class BeneficiaryChangesByMember(GlobalSecondaryIndex["BeneficiaryChangeModel"]):
    Meta = _index_meta("by_member", AllProjection)
    member_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class BeneficiaryChangesByAssignee(GlobalSecondaryIndex["BeneficiaryChangeModel"]):
    Meta = _index_meta("by_assignee", AllProjection)
    assignee_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class BeneficiaryChangesByStatus(GlobalSecondaryIndex["BeneficiaryChangeModel"]):
    Meta = _index_meta("by_status", AllProjection)
    status = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class BeneficiaryChangesByStaffOrder(GlobalSecondaryIndex["BeneficiaryChangeModel"]):
    """Every item in the staff's order (issue 19): one partition (``staff_list = all``), its
    ``staff_order`` the rank of the status in the admin's list and the creation instant
    (``store.shared.staff_lists``), so one Query reads the list across statuses."""

    Meta = _index_meta("by_staff_order", AllProjection)
    staff_list = UnicodeAttribute(hash_key=True)
    staff_order = UnicodeAttribute(range_key=True)


class BeneficiaryChangeModel(Model):
    """A member's request to change a family-benefit plan's beneficiaries and its workflow.
    Its history is bounded (``domain.accounts.beneficiary_change.MAX_HISTORY_LINES``) and kept
    in ``data`` with the requested list."""

    Meta = _meta("beneficiary_changes")
    change_id = UnicodeAttribute(hash_key=True)
    number = NumberAttribute()
    member_id = UnicodeAttribute()
    assignee_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    plan_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    decided_at = UnicodeAttribute(null=True)
    data = UnicodeAttribute()
    """JSON: member (name, dni), assignee name, plan number, beneficiaries, history."""
    version = VersionAttribute()
    staff_list = UnicodeAttribute(null=True)
    staff_order = UnicodeAttribute(null=True)
    """The key of ``by_staff_order`` (``store.shared.staff_lists``); written with every status
    change. Absent on items written before issue 19 until ``dev.recount`` writes it."""

    by_member = BeneficiaryChangesByMember()
    by_assignee = BeneficiaryChangesByAssignee()
    by_status = BeneficiaryChangesByStatus()
    by_staff_order = BeneficiaryChangesByStaffOrder()


# --- tickets (buzón) ----------------------------------------------------------------------


class TicketsByMember(GlobalSecondaryIndex["TicketModel"]):
    Meta = _index_meta("by_member", AllProjection)
    member_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class TicketsByAssignee(GlobalSecondaryIndex["TicketModel"]):
    Meta = _index_meta("by_assignee", AllProjection)
    assignee_id = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class TicketsByStatus(GlobalSecondaryIndex["TicketModel"]):
    Meta = _index_meta("by_status", AllProjection)
    status = UnicodeAttribute(hash_key=True)
    created_at = UnicodeAttribute(range_key=True)


class TicketsByStaffOrder(GlobalSecondaryIndex["TicketModel"]):
    """Every item in the staff's order (issue 19): one partition (``staff_list = all``), its
    ``staff_order`` the rank of the status in the admin's list and the creation instant
    (``store.shared.staff_lists``), so one Query reads the list across statuses."""

    Meta = _index_meta("by_staff_order", AllProjection)
    staff_list = UnicodeAttribute(hash_key=True)
    staff_order = UnicodeAttribute(range_key=True)


class TicketModel(Model):
    """A buzón ticket; its messages live in TicketMessageModel.

    Instants are ``domain.shared.assigned_case.stamp`` strings (microseconds, so they sort as text).
    Names are
    copied in when set (the list needs no user lookups). ``read_marks`` maps a user id to when
    they last read the ticket; it is written without touching ``version`` (a read never makes a
    staff update lose its optimistic lock), every other change goes through ``version``.
    """

    Meta = _meta("tickets")
    ticket_id = UnicodeAttribute(hash_key=True)
    number = NumberAttribute()
    member_id = UnicodeAttribute()
    member_name = UnicodeAttribute(default="")
    assignee_id = UnicodeAttribute(null=True)
    assignee_name = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    category = UnicodeAttribute()
    subject = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    last_message_at = UnicodeAttribute(null=True)
    last_member_message_at = UnicodeAttribute(null=True)
    last_staff_message_at = UnicodeAttribute(null=True)
    message_count = NumberAttribute(default=0)
    read_marks: MapAttribute[str, Any] = MapAttribute(default=dict)
    version = VersionAttribute()
    staff_list = UnicodeAttribute(null=True)
    staff_order = UnicodeAttribute(null=True)
    """The key of ``by_staff_order`` (``store.shared.staff_lists``); written with every status
    change. Absent on items written before issue 19 until ``dev.recount`` writes it."""

    by_member = TicketsByMember()
    by_assignee = TicketsByAssignee()
    by_status = TicketsByStatus()
    by_staff_order = TicketsByStaffOrder()


class TicketMessageModel(Model):
    """One message of a ticket's thread, in order of ``message_key`` (``<instant>#<id>``)."""

    Meta = _meta("ticket_messages")
    ticket_id = UnicodeAttribute(hash_key=True)
    message_key = UnicodeAttribute(range_key=True)
    author_id = UnicodeAttribute()
    author_role = UnicodeAttribute()
    author_name = UnicodeAttribute()
    body = UnicodeAttribute()
    created_at = UnicodeAttribute()


# --- audit --------------------------------------------------------------------------------


class AuditByActor(GlobalSecondaryIndex["AuditModel"]):
    """An actor's records in time order (filters by actor and dates)."""

    Meta = _index_meta("by_actor", AllProjection)
    actor_id = UnicodeAttribute(hash_key=True)
    event_key = UnicodeAttribute(range_key=True)


class AuditByAction(GlobalSecondaryIndex["AuditModel"]):
    """Records of one action in time order (filters by action and dates)."""

    Meta = _index_meta("by_action", AllProjection)
    action = UnicodeAttribute(hash_key=True)
    event_key = UnicodeAttribute(range_key=True)


class AuditBySubject(GlobalSecondaryIndex["AuditModel"]):
    """Sparse: the records about a member acted on by someone else (staff, an admin, the
    system), in time order; read for that member's «Mis datos» archive."""

    Meta = _index_meta("by_subject", AllProjection)
    subject_id = UnicodeAttribute(hash_key=True)
    event_key = UnicodeAttribute(range_key=True)


class AuditModel(Model):
    """An append-only audit record, partitioned by UTC day; ``event_key`` is ``<instant>#<id>``."""

    Meta = _meta("audit")
    day = UnicodeAttribute(hash_key=True)
    event_key = UnicodeAttribute(range_key=True)
    at = UnicodeAttribute()
    actor_id = UnicodeAttribute()
    role = UnicodeAttribute()
    action = UnicodeAttribute()
    target = UnicodeAttribute()
    outcome = UnicodeAttribute()
    ip = UnicodeAttribute()
    user_agent = UnicodeAttribute()
    details = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)
    subject_id = UnicodeAttribute(null=True)
    """The member the record is about when it is not the actor (absent otherwise)."""

    by_actor = AuditByActor()
    by_action = AuditByAction()
    by_subject = AuditBySubject()


# --- reports ----------------------------------------------------------------------------------


class ReportVerificationModel(Model):
    """One item per issued PDF, keyed by the SHA-256 of its verification code (GetItem from the
    public check): what the document is, when it was issued, its holder already masked and the
    issued file's SHA-256. Neither the code nor the member's name or DNI is stored in clear."""

    Meta = _meta("report_verifications")
    code_hash = UnicodeAttribute(hash_key=True)
    kind = UnicodeAttribute()
    title = UnicodeAttribute()
    issued_at = UnicodeAttribute()
    holder_name = UnicodeAttribute()
    holder_dni = UnicodeAttribute()
    sha256 = UnicodeAttribute()
    object_key = UnicodeAttribute()
    report_id = UnicodeAttribute()
    period = UnicodeAttribute(null=True)
    """The period of a movements report as printed; absent for schedules and simulations."""


class RoutingRuleModel(Model):
    """An admin's routing rule for one queue (``domain.shared.routing``): ``queue_id`` is
    ``ticket#<category>`` or ``credit#<product code>``; read by GetItem on arrival and by
    BatchGetItem over the known queues on the admin's screen and the shared-queue lists. The
    round robin's turns are ``routing_turn#<queue_id>`` counters in CounterModel."""

    Meta = _meta("routing_rules")
    queue_id = UnicodeAttribute(hash_key=True)
    mode = UnicodeAttribute()
    operators = ListAttribute(of=UnicodeAttribute, default=list)
    updated_at = UnicodeAttribute(null=True)
    updated_by = UnicodeAttribute(null=True)


class HolidayModel(Model):
    """A holiday an admin keeps (issue 18), skipped by the Libro de Reclamaciones' business days:
    ``year`` partitions them so the calendar reads a year with one Query; ``day`` is the ISO
    date (sorts by date)."""

    Meta = _meta("holidays")
    year = NumberAttribute(hash_key=True)
    day = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    added_by = UnicodeAttribute()
    added_at = UnicodeAttribute()


# --- Libro de Reclamaciones ---------------------------------------------------------------


class ComplaintsOpenByDue(GlobalSecondaryIndex["ComplaintModel"]):
    """The staff queue: the sheets not yet answered, earliest due date first (sparse:
    ``open_queue`` is ``open`` until the answer removes it)."""

    Meta = _index_meta("open_by_due", AllProjection)
    open_queue = UnicodeAttribute(hash_key=True)
    due_key = UnicodeAttribute(range_key=True)


class ComplaintsByAssignee(GlobalSecondaryIndex["ComplaintModel"]):
    """An operator's assigned sheets, earliest due date first."""

    Meta = _index_meta("by_assignee", AllProjection)
    assignee_id = UnicodeAttribute(hash_key=True)
    due_key = UnicodeAttribute(range_key=True)


class ComplaintsByMember(GlobalSecondaryIndex["ComplaintModel"]):
    """The sheets a signed-in member filed («mis reclamos», the member's data archive)."""

    Meta = _index_meta("by_member", AllProjection)
    member_id = UnicodeAttribute(hash_key=True)
    received_at = UnicodeAttribute(range_key=True)


class ComplaintsByMonth(GlobalSecondaryIndex["ComplaintModel"]):
    """The book for a period (the admin's CSV): one partition per Lima month of reception,
    ``received_key`` is ``<Lima date>#<instant>#<code>``."""

    Meta = _index_meta("by_month", AllProjection)
    received_month = UnicodeAttribute(hash_key=True)
    received_key = UnicodeAttribute(range_key=True)


class ComplaintModel(Model):
    """A sheet of the Libro de Reclamaciones virtual, keyed by its code (``R-2026-000123``,
    from the ``complaint_seq#<year>`` counter; put only if the code is new). Kept at least two
    years after its answer (``expires_at`` is set only then, ``domain.complaints.complaint.
    RETENTION_YEARS_AFTER_ANSWER``)."""

    Meta = _meta("complaints")
    code = UnicodeAttribute(hash_key=True)
    status = UnicodeAttribute()  # recibido | en_atencion | respondido
    kind = UnicodeAttribute()
    product = UnicodeAttribute()
    received_at = UnicodeAttribute()
    received_on = UnicodeAttribute()  # Lima date
    received_month = UnicodeAttribute()
    received_key = UnicodeAttribute()
    due_on = UnicodeAttribute()  # Lima date: the legal term's last day
    due_key = UnicodeAttribute()  # <due_on>#<code>
    open_queue = UnicodeAttribute(null=True)
    member_id = UnicodeAttribute(null=True)
    assignee_id = UnicodeAttribute(null=True)
    answered_at = UnicodeAttribute(null=True)
    data = UnicodeAttribute()
    """JSON: the sheet (consumer, product, amount as a string, kind, detail, pedido), the
    assignee's name, the answer and who gave it, the history of moves."""
    expires_at = TTLAttribute(null=True)

    open_by_due = ComplaintsOpenByDue()
    by_assignee = ComplaintsByAssignee()
    by_member = ComplaintsByMember()
    by_month = ComplaintsByMonth()


class DataArchiveModel(Model):
    """A member's «Mis datos» archive (issue 18): ``user_id`` partitions them, so reading one is
    a GetItem on the caller's own key (another member's id is simply not found) and the list a
    Query. The worker fills ``object_key`` (the zip's opaque key in the reports bucket) when it
    is ready; the item expires with the file (TTL, a day)."""

    Meta = _meta("data_archives")
    user_id = UnicodeAttribute(hash_key=True)
    archive_id = UnicodeAttribute(range_key=True)
    status = UnicodeAttribute()  # building | ready | failed
    requested_at = UnicodeAttribute()
    ready_at = UnicodeAttribute(null=True)
    object_key = UnicodeAttribute(null=True)
    file_name = UnicodeAttribute(null=True)
    size_bytes = NumberAttribute(null=True)
    expires_at = TTLAttribute()


class PublicContentModel(Model):
    """What «Tasas y tarifas» and «Contacto» show besides the credit catalogue (issue 18):
    ``content_id`` is ``rates`` or ``contact``, read by GetItem (public, cacheable) and written
    whole by an admin on the version read (``data``: the document's JSON)."""

    Meta = _meta("public_content")
    content_id = UnicodeAttribute(hash_key=True)
    data = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    version = VersionAttribute()


ALL_MODELS: tuple[type[Model], ...] = (
    UserModel,
    UniqueKeyModel,
    SessionModel,
    TermsVersionModel,
    OneTimeTokenModel,
    CounterModel,
    SecurityCounterModel,
    ParkedMailModel,
    RegistryMemberModel,
    MemberProductItemModel,
    ImportModel,
    CreditProductModel,
    ApplicationModel,
    ApplicationHistoryModel,
    TicketModel,
    TicketMessageModel,
    AuditModel,
    ReportVerificationModel,
    RoutingRuleModel,
    HolidayModel,
    BeneficiaryChangeModel,
    DataArchiveModel,
    ComplaintModel,
    PublicContentModel,
)
