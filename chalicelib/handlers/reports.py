"""reports capability (`/api/reports`): the member's PDF reports (docs/design/API.md ``reports``).

This function is the only one that imports fpdf2, and only on its first report
(``services.reports.reports.render``), so its cold start stays as small as the others'.
"""

from __future__ import annotations

from chalice import Blueprint

from chalicelib.handlers.http import ApiRequest, Reply, endpoint
from chalicelib.services.reports import reports

blueprint = Blueprint(__name__)


@endpoint(blueprint, "/", methods=["POST"], permission="reports.create")
def create_report(request: ApiRequest) -> Reply:
    return Reply(reports.create_report(request.signed_in, request.json(), request.context),
                 status=201)
