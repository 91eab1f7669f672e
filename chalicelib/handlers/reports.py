"""reports capability (`/api/reports`): the member's PDF reports (docs/design/API.md ``reports``).

This function is the only one that imports fpdf2, and only on its first report
(``services.reports.reports.render``), so its cold start stays as small as the others'.
"""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.domain.reports import requests
from chalicelib.domain.shared.clock import lima_today, utc_now
from chalicelib.domain.shared.permissions import PUBLIC
from chalicelib.handlers.http import ApiRequest, Reply, endpoint
from chalicelib.services.reports import reports

blueprint = Blueprint(__name__)


@endpoint(blueprint, "/", methods=["POST"], permission="reports.create")
def create_report(request: ApiRequest) -> Reply:
    """One instant for the whole report: the period is checked against the day it falls in."""
    now = utc_now()
    report = requests.parse_report_request(request.json(), lima_today(now))
    return Reply(reports.create_report(request.signed_in, report, now, request.context),
                 status=201)


@endpoint(blueprint, "/verify", methods=["POST"], permission=PUBLIC)
def verify_report(request: ApiRequest) -> Reply:
    """Public: anyone holding a printed or e-mailed PDF checks its code. A POST body rather than
    a query string keeps the code out of access logs, caches and the Referer."""
    return Reply(reports.verify_report(requests.parse_verify_request(request.json()),
                                       request.context))
