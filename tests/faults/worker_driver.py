"""The import worker in a process of its own, so a test can SIGKILL it mid-file.

The parent sets the environment (moto's endpoint, stage, table prefix) before starting it, as a
Lambda's configuration would. Commands, one JSON document in on stdin and one out on stdout:

    deliver        {"messageId", "body"} of one SQS message → the worker's answer
    ensure-tables  (no input) creates the tables of this process's TABLE_PREFIX
    loans          {"dnis": [...], "today": "YYYY-MM-DD"} → each member's «Mis préstamos»
                   and every loan's detail, from the same services the member views call
    movements      {"dnis": [...], "today": "YYYY-MM-DD", "dashboard": bool} → each member's
                   first 100 «Movimientos» and, when asked, «Inicio» (totals, 12-month
                   evolution, recent movements)
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any


def deliver(record: dict[str, Any]) -> dict[str, Any]:
    from chalicelib.handlers.import_worker import import_worker

    return import_worker({"Records": [{**record, "eventSource": "aws:sqs"}]}, None)


def ensure_tables(_: Any) -> dict[str, Any]:
    from dev import resources

    resources.ensure_tables()
    return {}


def loans(request: dict[str, Any]) -> dict[str, Any]:
    from chalicelib.services.accounts import accounts

    today = date.fromisoformat(request["today"])
    seen: dict[str, Any] = {}
    for dni in request["dnis"]:
        summary = accounts.loans(dni, today)
        details = [accounts.loan(dni, item["id"], today) for item in summary["items"]]
        seen[dni] = {"loans": summary, "details": details}
    return seen


def movements(request: dict[str, Any]) -> dict[str, Any]:
    from chalicelib.domain.accounts.accounts import MovementQuery, PageRequest
    from chalicelib.services.accounts import accounts

    today = date.fromisoformat(request["today"])
    first_page = MovementQuery(start=None, end=None, product=None,
                               page=PageRequest(limit=100, cursor=None))
    seen: dict[str, Any] = {}
    for dni in request["dnis"]:
        seen[dni] = {"movements": accounts.movements(dni, first_page)}
        if request.get("dashboard"):
            seen[dni]["dashboard"] = accounts.dashboard(dni, today)
    return seen


COMMANDS = {"deliver": deliver, "ensure-tables": ensure_tables, "loans": loans,
            "movements": movements}

if __name__ == "__main__":
    command = COMMANDS[sys.argv[1]]
    text = sys.stdin.read()
    json.dump(command(json.loads(text) if text.strip() else None), sys.stdout)
