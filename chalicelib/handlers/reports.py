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


# --- «Mis datos» (Ley 29733): the member's archive, built in the background -------------------


@endpoint(blueprint, "/data-archives", methods=["POST"], permission="reports.data_archives")
def request_data_archive(request: ApiRequest) -> Reply:
    """202: the import worker builds it; the screen polls its status."""
    from chalicelib.services.reports import data_archives

    return Reply(data_archives.request_archive(request.signed_in, utc_now(), request.context),
                 status=202)


@endpoint(blueprint, "/data-archives", methods=["GET"], permission="reports.data_archives")
def list_data_archives(request: ApiRequest) -> Reply:
    from chalicelib.services.reports import data_archives

    return Reply(data_archives.list_archives(request.signed_in, utc_now()))


@endpoint(blueprint, "/data-archives/{archive_id}", methods=["GET"],
          permission="reports.data_archives")
def data_archive_status(request: ApiRequest) -> Reply:
    from chalicelib.services.reports import data_archives

    return Reply(data_archives.archive_status(request.signed_in,
                                              request.path_params["archive_id"], utc_now()))


@endpoint(blueprint, "/data-archives/{archive_id}/download", methods=["POST"],
          permission="reports.data_archives")
def download_data_archive(request: ApiRequest) -> Reply:
    """A POST (audited, made for the owner on demand): a 10-minute presigned link."""
    from chalicelib.services.reports import data_archives

    return Reply(data_archives.download(request.signed_in, request.path_params["archive_id"],
                                        utc_now(), request.context))
