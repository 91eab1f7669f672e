"""The admin routes' requests, parsed at the HTTP edge into typed values; each parse answers bad
input with a 400 naming the field, in the order the routes always checked them.

A new staff member's names and e-mail are identity rules (``domain.auth.staff_requests``): the
handler parses them there and the staff role here, in that order.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from chalicelib.domain.admin import users as rules
from chalicelib.domain.admin.users import AccessChange, AuditFilter, UserSearch
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import (
    normalize_email,
    parse_limit,
    refuse_read_only_fields,
)
from chalicelib.domain.shared.permissions import Role


@dataclass(frozen=True)
class PageQuery:
    """``?limit=`` (1–100, default 20) and the ``cursor`` of the page before."""

    limit: int
    cursor: str | None


@dataclass(frozen=True)
class UserListQuery:
    search: UserSearch
    page: PageQuery


@dataclass(frozen=True)
class AuditQuery:
    wanted: AuditFilter
    page: PageQuery


def parse_page_query(query: Mapping[str, str]) -> PageQuery:
    return PageQuery(limit=parse_limit(query.get("limit")),
                     cursor=query.get("cursor") or None)


def parse_user_list_query(query: Mapping[str, str]) -> UserListQuery:
    """``role`` and ``q`` first, then ``limit``."""
    search = rules.parse_user_search(dict(query))
    return UserListQuery(search=search, page=parse_page_query(query))


def parse_staff_role(data: Mapping[str, Any]) -> Role:
    """The role of a new staff member: operator, admin or super_admin."""
    return rules.parse_staff_role(data.get("role"))


def parse_access_change(data: Mapping[str, Any]) -> AccessChange:
    """``{role?, active?}``: any other field is refused (400 ``read_only_field``)."""
    return rules.parse_access_change(dict(data))


def parse_audit_filter(query: Mapping[str, str], today: date) -> AuditFilter:
    """The viewer's filters (the CSV export reads no page); ``today`` is Lima's."""
    return rules.parse_audit_filter(dict(query), today)


def parse_audit_query(query: Mapping[str, str], today: date) -> AuditQuery:
    """The filters first, then ``limit``."""
    wanted = parse_audit_filter(query, today)
    return AuditQuery(wanted=wanted, page=parse_page_query(query))


MEMBER_EMAIL_FIELDS = frozenset({"email"})


def parse_member_email(body: Mapping[str, Any]) -> str:
    """``{email}``: the member's new login e-mail, in lower case; any other field is 400
    ``read_only_field``."""
    refuse_read_only_fields(body, set(body) - MEMBER_EMAIL_FIELDS)
    email = normalize_email(body.get("email"))
    if email is None:
        raise InvalidInput(fields={"email": "Escribe un correo electrónico válido."})
    return email
