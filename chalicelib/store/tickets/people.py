"""The users the buzón reads (the author of a reply, the staff member a ticket goes to, whom to
e-mail), as ``domain.tickets.ticket.Person``: one consistent GetItem on ``users`` each."""

from __future__ import annotations

from chalicelib.domain.shared.permissions import parse_role
from chalicelib.domain.tickets.ticket import Person
from chalicelib.store.auth import users


class UserDirectory:
    """``services.tickets.tickets.People`` on the ``users`` table."""

    def find(self, user_id: str) -> Person | None:
        user = users.get(user_id)
        if user is None:
            return None
        return Person(user_id=user.user_id, role=parse_role(user.role),
                      name=users.full_name(user), email=user.email,
                      active=user.status == "active")
