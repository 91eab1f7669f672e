"""A new staff member's identity as an admin sends it (``POST /api/admin/users``), parsed at the
HTTP edge; the staff role is the admin capability's (``domain.admin.requests``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.auth.identity import PROTECTED_FIELDS, clean_email, clean_name
from chalicelib.domain.shared.errors import InvalidInput
from chalicelib.domain.shared.input_fields import refuse_read_only_fields


@dataclass(frozen=True)
class StaffIdentity:
    first_name: str
    last_name: str
    email: str


def parse_staff_identity(data: Mapping[str, Any]) -> StaffIdentity:
    """Server-owned fields (but ``role``, which the admin chooses) are refused first; then one
    400 lists every bad name and the e-mail."""
    refuse_read_only_fields(data, PROTECTED_FIELDS - {"role"})
    first_name, first_problem = clean_name(data.get("first_name"))
    last_name, last_problem = clean_name(data.get("last_name"))
    email, email_problem = clean_email(data.get("email"))
    problems = {name: problem for name, problem in (
        ("first_name", first_problem), ("last_name", last_problem), ("email", email_problem))
        if problem}
    if problems or not (first_name and last_name and email):
        raise InvalidInput(fields=problems)
    return StaffIdentity(first_name=first_name, last_name=last_name, email=email)
