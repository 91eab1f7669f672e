"""The buzón's requests, parsed at the HTTP edge into typed values (``NewTicket`` is in
``domain.tickets.tickets``); each parse refuses server-owned fields and bad input with 400."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.shared.case_waiting import WaitingFilter, parse_waiting_filter
from chalicelib.domain.shared.input_fields import parse_limit
from chalicelib.domain.tickets import tickets as rules
from chalicelib.domain.tickets.tickets import Category, Status


@dataclass(frozen=True)
class ReplyRequest:
    body: str


@dataclass(frozen=True)
class AssignRequest:
    operator_id: str


@dataclass(frozen=True)
class StatusRequest:
    status: Status


@dataclass(frozen=True)
class ListQuery:
    status: Status | None
    category: Category | None
    limit: int
    cursor: str | None
    assignee: str
    """Only an admin's list reads it (checked there): others always see their own tickets."""
    waiting: WaitingFilter | None = None
    """``?waiting=``: more than N hours waiting for the staff, or overdue (staff lists)."""


def parse_reply_request(data: Mapping[str, Any]) -> ReplyRequest:
    return ReplyRequest(body=rules.parse_reply(data))


def parse_assign_request(data: Mapping[str, Any]) -> AssignRequest:
    return AssignRequest(operator_id=rules.parse_operator_id(data))


def parse_status_request(data: Mapping[str, Any]) -> StatusRequest:
    return StatusRequest(status=rules.parse_status(data))


def parse_list_query(query: Mapping[str, str]) -> ListQuery:
    """``status``, ``category`` and ``limit`` are checked in that order, as the list always has."""
    status = rules.parse_status_filter(query.get("status"))
    category = rules.parse_category_filter(query.get("category"))
    limit = parse_limit(query.get("limit"))
    return ListQuery(status=status, category=category, limit=limit,
                     cursor=query.get("cursor") or None,
                     assignee=(query.get("assignee") or "").strip(),
                     waiting=parse_waiting_filter(query.get("waiting")))
