"""Builders for the buzón's tests: people with their own browser, and tickets opened through the
API the way the site opens them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from chalice.test import Client

from chalicelib.domain.shared.permissions import Role
from chalicelib.settings import settings
from tests.functional.builders import ApiClient, a_user, signed_in

STAFF_TOTP = "JBSWY3DPEHPK3PXP"


class Person:
    """A user and their own signed-in browser (``person.api``)."""

    def __init__(self, app: Any, role: Role, **fields: Any) -> None:
        if role is not Role.MEMBER:
            fields.setdefault("totp_secret", STAFF_TOTP)
        self.user = a_user(role, **fields)
        self.api = signed_in(ApiClient(Client(app)), self.user)

    @property
    def id(self) -> str:
        return str(self.user.user_id)

    @property
    def email(self) -> str:
        return str(self.user.email)


def a_ticket(member: Person, *, subject: str = "Consulta sobre mi aporte",
             category: str = "aportes", message: str = "¿Cuándo se actualiza mi saldo?") -> Any:
    answer = member.api.post("/api/tickets", {"subject": subject, "category": category,
                                              "message": message})
    assert answer.status == 201, answer.json
    return answer.json


@contextmanager
def daily_limits(monkeypatch: Any, *, tickets: int = 5, applications: int = 3) -> Iterator[None]:
    """The stage's per-member daily limits (``MEMBER_DAILY_TICKETS``,
    ``MEMBER_DAILY_APPLICATIONS``) set for the block, e.g. raised for a test that needs many
    tickets from one member."""
    monkeypatch.setenv("MEMBER_DAILY_TICKETS", str(tickets))
    monkeypatch.setenv("MEMBER_DAILY_APPLICATIONS", str(applications))
    settings.cache_clear()
    try:
        yield
    finally:
        monkeypatch.delenv("MEMBER_DAILY_TICKETS")
        monkeypatch.delenv("MEMBER_DAILY_APPLICATIONS")
        settings.cache_clear()
