"""The users a staff-worked case reads — a credit application or a beneficiary change: who
signs a history line, the operator it goes to, whom to e-mail, the member's e-mail staff see —
as ``domain.shared.assigned_case.Person``: one consistent GetItem on ``users`` each."""

from __future__ import annotations

from chalicelib.domain.shared.assigned_case import Person
from chalicelib.domain.shared.permissions import parse_role
from chalicelib.store.auth import users


class UserDirectory:
    """The ``People`` of ``services.credit.applications`` and
    ``services.accounts.beneficiary_changes`` on the ``users`` table."""

    def find(self, user_id: str) -> Person | None:
        user = users.get(user_id)
        if user is None:
            return None
        return Person(user_id=user.user_id, role=parse_role(user.role),
                      name=users.full_name(user), email=user.email,
                      active=user.status == "active", dni=user.dni)
