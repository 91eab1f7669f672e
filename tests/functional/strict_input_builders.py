"""Helpers of the strict-input tests: a ticket body to complete, the error shape, nothing
written."""

from __future__ import annotations

from typing import Any

from chalicelib.store.shared.models import ApplicationModel, AuditModel, TicketModel

TICKET = ('{"subject": "Consulta sobre mi aporte", "category": "aportes", '
          '"message": "¿Cuándo se actualiza mi saldo?"')
"""A ticket body without its closing brace, so each test adds one more member."""


def nothing_written() -> None:
    """No ticket, no credit application and no audit record of either."""
    assert TicketModel.count() == 0
    assert ApplicationModel.count() == 0
    assert [r.action for r in AuditModel.scan() if r.action.startswith(("ticket", "credit"))] == []


def error_of(answer: Any, status: int, code: str) -> dict[str, Any]:
    """The answer's ``error`` after checking its status, JSON content type and code."""
    assert answer.status == status, answer.body
    assert answer.headers["Content-Type"].startswith("application/json")
    error: dict[str, Any] = answer.json["error"]
    assert error["code"] == code and error["message"]
    return error
