"""The report request, parsed at the HTTP edge into a typed ``ReportRequest`` (defined in
``domain.reports.reports``, whose documents read its period); bad input is a 400 naming each
field."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from chalicelib.domain.reports import reports as rules
from chalicelib.domain.reports.reports import ReportRequest


def parse_report_request(data: Mapping[str, Any], today: date) -> ReportRequest:
    """``today`` is Lima's: no period may end after it. The simulation inputs stay as sent;
    credit's own parser checks them when the simulation is recomputed."""
    return rules.parse_request(data, today)
