"""tickets capability (`/api/tickets`): the buzón (docs/design/API.md "tickets", manual 2.4.10).

Each route parses its body or query into a typed request (``domain.tickets.requests``), lets
``endpoint`` authorize by role, and calls one use case of ``services.tickets.tickets``, which
checks who may see the ticket (404 for anyone else).
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.domain.shared.permissions import PUBLIC
from chalicelib.domain.tickets import requests
from chalicelib.domain.tickets.tickets import parse_new_ticket
from chalicelib.handlers.http import ApiRequest, Reply, endpoint
from chalicelib.services.tickets import tickets

blueprint = Blueprint(__name__)


@endpoint(blueprint, "/", methods=["POST"], permission="tickets.create")
def open_ticket(request: ApiRequest) -> Reply:
    """A member opens a ticket: ``subject, category, message`` → 201 ``{id, number, status}``."""
    form = parse_new_ticket(request.json())
    return Reply(tickets.open_ticket(request.signed_in, form, request.context), status=201)


@endpoint(blueprint, "/", methods=["GET"], permission="tickets.read")
def list_tickets(request: ApiRequest) -> dict[str, Any]:
    return tickets.list_tickets(request.signed_in, requests.parse_list_query(request.query))


@endpoint(blueprint, "/stats", methods=["GET"], permission="tickets.stats")
def ticket_stats(request: ApiRequest) -> dict[str, Any]:
    """Staff: ``{mine: {assigned, in_progress}, unread, unassigned, as_of}`` (the staff Inicio).
    A literal segment: Chalice and API Gateway match ``/stats`` before ``/{ticket_id}``."""
    from chalicelib.services.tickets import workload

    return workload.ticket_stats(request.signed_in)


@endpoint(blueprint, "/queue", methods=["GET"], permission="tickets.queue")
def ticket_queue(request: ApiRequest) -> dict[str, Any]:
    """Staff: the unassigned tickets of the caller's shared queues (issue 17); a literal
    segment, matched before ``/{ticket_id}``."""
    from chalicelib.services.shared import routing

    return routing.ticket_queue(request.signed_in)


@endpoint(blueprint, "/{ticket_id}/take", methods=["POST"], permission="tickets.take")
def take_ticket(request: ApiRequest) -> dict[str, Any]:
    """An operator of the ticket's shared queue takes it (409 ``already_taken`` if someone did
    first; 404 for anyone outside the queue)."""
    from chalicelib.services.shared import routing

    return routing.take_ticket(request.signed_in, request.path_params["ticket_id"],
                               request.context)


@endpoint(blueprint, "/{ticket_id}", methods=["GET"], permission="tickets.read")
def read_ticket(request: ApiRequest) -> dict[str, Any]:
    return tickets.read_ticket(request.signed_in, request.path_params["ticket_id"],
                               request.context)


@endpoint(blueprint, "/{ticket_id}/messages", methods=["POST"], permission="tickets.reply")
def post_message(request: ApiRequest) -> Reply:
    reply = requests.parse_reply_request(request.json())
    return Reply(tickets.post_message(request.signed_in, request.path_params["ticket_id"],
                                      reply, request.context), status=201)


@endpoint(blueprint, "/{ticket_id}/assign", methods=["POST"], permission="tickets.assign")
def assign_ticket(request: ApiRequest) -> dict[str, Any]:
    assignment = requests.parse_assign_request(request.json())
    return tickets.assign_ticket(request.signed_in, request.path_params["ticket_id"],
                                 assignment, request.context)


@endpoint(blueprint, "/{ticket_id}/status", methods=["POST"], permission="tickets.change_status")
def change_status(request: ApiRequest) -> dict[str, Any]:
    move = requests.parse_status_request(request.json())
    return tickets.change_status(request.signed_in, request.path_params["ticket_id"], move,
                                 request.context)


@endpoint(blueprint, "/{ticket_id}/member-products", methods=["GET"],
          permission="tickets.member_products")
def member_products(request: ApiRequest) -> dict[str, Any]:
    """Staff: the products of the ticket's member, read-only and audited (issue 17)."""
    from chalicelib.services.accounts import case_products

    return case_products.for_ticket(request.signed_in, request.path_params["ticket_id"],
                                    request.context)


# --- Libro de Reclamaciones virtual (issue 18) ------------------------------------------------
# Literal segments (``/complaints``, ``/complaints/status``) match before ``/{ticket_id}``.


@endpoint(blueprint, "/complaints", methods=["POST"], permission=PUBLIC)
def file_complaint(request: ApiRequest) -> Reply:
    """Anyone files a reclamo or queja (no session; a signed-in member's is linked): 201 with
    the sheet, its code and due date, and its PDF copy."""
    from chalicelib.domain.complaints import requests as complaint_requests
    from chalicelib.services.complaints import complaints

    form = complaint_requests.parse_new_complaint(request.json())
    return Reply(complaints.file_complaint(form, request.cookie_token, request.context),
                 status=201)


@endpoint(blueprint, "/complaints/status", methods=["POST"], permission=PUBLIC)
def complaint_status(request: ApiRequest) -> dict[str, Any]:
    """Code + document → state, dates and the answer; anything else the same 404."""
    from chalicelib.domain.complaints import requests as complaint_requests
    from chalicelib.services.complaints import complaints

    lookup = complaint_requests.parse_status_lookup(request.json())
    return complaints.complaint_status(lookup, request.context)


@endpoint(blueprint, "/complaints", methods=["GET"], permission="complaints.read")
def list_complaints(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.domain.complaints import requests as complaint_requests
    from chalicelib.services.complaints import complaints

    answered = complaint_requests.parse_answered_filter(request.query)
    return complaints.list_complaints(request.signed_in, answered)


@endpoint(blueprint, "/complaints/{code}", methods=["GET"], permission="complaints.read")
def read_complaint(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.services.complaints import complaints

    return complaints.read_complaint(request.signed_in, request.path_params["code"],
                                     request.context)


@endpoint(blueprint, "/complaints/{code}/assign", methods=["POST"],
          permission="complaints.assign")
def assign_complaint(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.domain.complaints import requests as complaint_requests
    from chalicelib.services.complaints import complaints

    assignment = complaint_requests.parse_assign_request(request.json())
    return complaints.assign_complaint(request.signed_in, request.path_params["code"],
                                       assignment, request.context)


@endpoint(blueprint, "/complaints/{code}/answer", methods=["POST"],
          permission="complaints.answer")
def answer_complaint(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.domain.complaints import requests as complaint_requests
    from chalicelib.services.complaints import complaints

    answer = complaint_requests.parse_answer_request(request.json())
    return complaints.answer_complaint(request.signed_in, request.path_params["code"],
                                       answer, request.context)
