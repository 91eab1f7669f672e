"""Loads the demo cooperative into a local stage: CSVs through the import path, then demo users."""

from __future__ import annotations

import uuid

from chalicelib.domain.shared.clock import iso_instant, utc_now
from chalicelib.services.auth import passwords
from chalicelib.services.imports import imports
from chalicelib.settings import settings
from chalicelib.store.auth import secrets, users
from chalicelib.store.shared.aws import client
from chalicelib.store.shared.models import UserModel
from dev.demo_data import DEMO_USERS, DemoUser, core_system_files


def upload_core_system_files() -> list[str]:
    """Put each CSV in the imports bucket, as the core system does; S3 → SQS → import worker."""
    import_ids = []
    for kind, content in core_system_files().items():
        import_id = f"demo-{kind}"
        client("s3").put_object(Bucket=settings().imports_bucket,
                                Key=imports.object_key(kind, import_id), Body=content,
                                ContentType="text/csv")
        import_ids.append(import_id)
    return import_ids


def create_demo_user(demo: DemoUser) -> None:
    if users.find_by_email(demo.email):
        return
    now = iso_instant(utc_now())
    user_id = str(uuid.UUID(int=uuid.uuid5(uuid.NAMESPACE_DNS, demo.email).int))
    user = UserModel(
        user_id=user_id, email=demo.email, dni=demo.dni, role=demo.role,
        first_name=demo.first_name, last_name=demo.last_name,
        sort_name=f"{demo.last_name} {demo.first_name}".lower(), status="active",
        password_hash=passwords.hash_password(demo.password),
        totp_enabled=bool(demo.totp_secret),
        totp_secret_encrypted=(secrets.encrypt_for_user(demo.totp_secret, user_id)
                               if demo.totp_secret else None),
        terms_version="1.0" if demo.role == "member" else None,
        terms_accepted_at=now if demo.role == "member" else None,
        created_at=now, updated_at=now,
    )
    users.create(user)


def create_demo_users() -> None:
    """Each account is counted as it is created (``users.create``); the recount then makes the
    dashboard's counters and the staff lists' index right for a stage that held data from
    before issue 19 (idempotent)."""
    from dev import recount

    for demo in DEMO_USERS:
        create_demo_user(demo)
    recount.place_in_staff_lists()
    recount.recount()


DEMO_ROUTING = (
    ("acceso", "round_robin", ("operador@demo.coopac.pe", "operador2@demo.coopac.pe")),
    ("beneficio_familiar", "shared_queue",
     ("operador@demo.coopac.pe", "operador2@demo.coopac.pe")),
)
"""The demo cooperative's «Reparto de casos» (issue 17): tickets about access to the platform go
by turns to the two demo operators, family-benefit questions to a queue both take from; every
other category and every credit type waits for an admin, as the browser tests expect."""


def set_demo_routing() -> None:
    """Each rule once: a rule an admin changed on the local stage is kept."""
    from chalicelib.domain.shared.routing import Kind, Mode, Rule
    from chalicelib.store.shared import routing

    for category, mode, emails in DEMO_ROUTING:
        if routing.rule(Kind.TICKET, category) is not None:
            continue
        operators = tuple(user.user_id for email in emails
                          if (user := users.find_by_email(email)) is not None)
        routing.save(Rule(kind=Kind.TICKET, key=category, mode=Mode(mode), operators=operators,
                          updated_at=iso_instant(utc_now()), updated_by="demo"))
