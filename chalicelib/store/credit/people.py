"""The users credit reads (who signs a history line, the operator an application goes to, whom
to e-mail, the member's e-mail staff see), as ``domain.credit.application.Person``: one
consistent GetItem on ``users`` each."""

from __future__ import annotations

from chalicelib.domain.credit.application import Person
from chalicelib.domain.shared.permissions import parse_role
from chalicelib.store.auth import users


class UserDirectory:
    """``services.credit.applications.People`` on the ``users`` table."""

    def find(self, user_id: str) -> Person | None:
        user = users.get(user_id)
        if user is None:
            return None
        return Person(user_id=user.user_id, role=parse_role(user.role),
                      name=users.full_name(user), email=user.email,
                      active=user.status == "active", dni=user.dni)
