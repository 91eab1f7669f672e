"""After the run: every write a user got a 2xx for is read back through the API, as its member
sees it, exactly once; nothing exists for those members that nobody recorded.

- Tickets: the member's list holds exactly the recorded tickets, with the recorded numbers; each
  thread holds the first message plus exactly the recorded replies (each reply id once), and the
  ticket's ``message_count`` agrees.
- Applications: the member's list holds exactly the recorded applications and numbers; each
  history holds the receipt plus exactly one line per recorded assignment or status change,
  ending in the application's status.
- Numbers are distinct across all of them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from tests.load.client import ApiClient


def reader_ip(index: int) -> str:
    return f"127.3.{index // 250}.{index % 250 + 1}"


def _compare_ids(what: str, member: str, recorded: dict[str, int], found: list[dict[str, Any]],
                 problems: list[str]) -> None:
    seen = Counter(item["id"] for item in found)
    numbers = {item["id"]: item["number"] for item in found}
    for item_id, count in seen.items():
        if count > 1:
            problems.append(f"{member}: {what} {item_id} aparece {count} veces")
        if item_id not in recorded:
            problems.append(f"{member}: {what} {item_id} (n.º {numbers[item_id]}) existe y "
                            f"nadie recibió un 2xx por él")
    for item_id, number in recorded.items():
        if item_id not in seen:
            problems.append(f"{member}: {what} {item_id} (n.º {number}) respondió 2xx y no "
                            f"existe")
        elif numbers[item_id] != number:
            problems.append(f"{member}: {what} {item_id} tiene n.º {numbers[item_id]}, la "
                            f"respuesta dijo {number}")


def _check_thread(client: ApiClient, ticket_id: str, replies: list[str],
                  problems: list[str]) -> None:
    ticket = client.get(f"/api/tickets/{ticket_id}")
    ids = Counter(message["id"] for message in ticket["messages"])
    for reply in replies:
        if ids[reply] != 1:
            problems.append(f"ticket {ticket['number']}: la respuesta {reply} aparece "
                            f"{ids[reply]} veces")
    if len(ticket["messages"]) != 1 + len(replies):
        problems.append(f"ticket {ticket['number']}: {len(ticket['messages'])} mensajes, se "
                        f"registraron 1 + {len(replies)}")
    if ticket["message_count"] != len(ticket["messages"]):
        problems.append(f"ticket {ticket['number']}: message_count {ticket['message_count']} "
                        f"y {len(ticket['messages'])} mensajes")


def _check_history(client: ApiClient, application_id: str, moves: int,
                   problems: list[str]) -> None:
    application = client.get(f"/api/credit/applications/{application_id}")
    history = application["history"]
    if len(history) != 1 + moves:
        problems.append(f"solicitud {application['number']}: {len(history)} líneas de "
                        f"historial, se registraron 1 + {moves} cambios")
    if history and history[-1]["to"] != application["status"]:
        problems.append(f"solicitud {application['number']}: estado {application['status']}, "
                        f"el historial termina en {history[-1]['to']}")


def read_back(url: str, members: list[dict[str, Any]],
              writes: list[dict[str, Any]]) -> tuple[list[str], Counter[str]]:
    """``(problems, counts)``: each problem is a lost, duplicated or unrecorded write."""
    tickets: dict[str, dict[str, int]] = defaultdict(dict)
    applications: dict[str, dict[str, int]] = defaultdict(dict)
    replies: dict[str, list[str]] = defaultdict(list)
    moves: Counter[str] = Counter()
    for write in writes:
        if write["kind"] == "ticket":
            tickets[write["member"]][write["id"]] = write["number"]
        elif write["kind"] == "application":
            applications[write["member"]][write["id"]] = write["number"]
        elif write["kind"] == "message":
            replies[write["ticket"]].append(write["id"])
        elif write["kind"] == "application_move":
            moves[write["application"]] += 1
    problems: list[str] = []
    counts: Counter[str] = Counter()
    ticket_numbers: Counter[int] = Counter()
    application_numbers: Counter[int] = Counter()
    for index, member in enumerate(members):
        client = ApiClient(url, viewer_ip=reader_ip(index))
        signed_in = client.sign_in(member["email"], member["password"])
        assert signed_in.status == 200, f"{member['email']}: {signed_in.body}"
        found_tickets = client.every_item("/api/tickets")
        _compare_ids("ticket", member["email"], tickets[member["email"]], found_tickets,
                     problems)
        for ticket in found_tickets:
            ticket_numbers[ticket["number"]] += 1
            _check_thread(client, ticket["id"], replies[ticket["id"]], problems)
            counts["messages"] += 1 + len(replies[ticket["id"]])
        found_applications = client.every_item("/api/credit/applications")
        _compare_ids("solicitud", member["email"], applications[member["email"]],
                     found_applications, problems)
        for application in found_applications:
            application_numbers[application["number"]] += 1
            _check_history(client, application["id"], moves[application["id"]], problems)
        counts["tickets"] += len(found_tickets)
        counts["applications"] += len(found_applications)
    problems.extend(f"el n.º de ticket {n} se repite {c} veces"
                    for n, c in ticket_numbers.items() if c > 1)
    problems.extend(f"el n.º de solicitud {n} se repite {c} veces"
                    for n, c in application_numbers.items() if c > 1)
    return problems, counts
