"""«Productos del socio» (issue 17, staff tools): from a ticket or a credit application, the
staff member who may see the case (its assignee, any admin) reads a summary of that member's
products (``domain.accounts.case_summary``).

The case is loaded behind the same audited 404 as the case itself
(``services.shared.assigned_cases.visible``): an operator not assigned to it learns nothing,
not even that it exists. Each read that succeeds is audited as a read
(``member_products.viewed``, the case as target): staff looking at a member's money leave a
trace. The products are one Query of the member's partition (``products_of``), by the DNI of
the member's account, never one the request names.
"""

from __future__ import annotations

from typing import Any

from chalicelib.domain.accounts.case_summary import case_products_view
from chalicelib.domain.shared.clock import lima_today
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.services.credit.applications import APPLICATION
from chalicelib.services.shared import assigned_cases, audit
from chalicelib.services.shared.assigned_cases import Parties
from chalicelib.services.tickets.tickets import TICKET
from chalicelib.store.accounts import member_products
from chalicelib.store.auth import users
from chalicelib.store.credit.credit import DynamoApplications
from chalicelib.store.tickets.tickets import DynamoTickets

ACTION = "member_products.viewed"


def for_ticket(principal: Principal, ticket_id: str,
               context: RequestContext) -> dict[str, Any]:
    """The summary for the member who opened ``ticket_id``; their DNI is their account's."""
    ticket = assigned_cases.visible(
        principal, ticket_id, context, TICKET, load=DynamoTickets().load,
        parties=lambda case: Parties(member_id=case.member_id, assignee_id=case.assignee_id))
    member = users.get(ticket.member_id)
    return _summary(principal, context, TICKET.target(ticket.ticket_id), number=ticket.number,
                    member_id=ticket.member_id, name=ticket.member_name,
                    dni=member.dni if member else None)


def for_application(principal: Principal, application_id: str,
                    context: RequestContext) -> dict[str, Any]:
    """The summary for the member who sent ``application_id`` (its DNI was copied into it)."""
    application = assigned_cases.visible(
        principal, application_id, context, APPLICATION, load=DynamoApplications().load,
        parties=lambda case: Parties(member_id=case.member_id, assignee_id=case.assignee_id))
    return _summary(principal, context, APPLICATION.target(application.application_id),
                    number=application.number, member_id=application.member_id,
                    name=application.member_name, dni=application.member_dni)


def _summary(principal: Principal, context: RequestContext, target: str, *, number: int,
             member_id: str, name: str, dni: str | None) -> dict[str, Any]:
    """One Query of the member's products (none without a DNI), audited as a read."""
    docs = member_products.products_of(dni) if dni else []
    audit.record(action=ACTION, outcome="success", context=context, principal=principal,
                 target=target, details={"number": number, "member_id": member_id,
                                         "products": len(docs)},
                 subject_id=member_id)
    return {"member": {"id": member_id, "name": name, "dni": dni},
            **case_products_view(docs, lima_today())}
