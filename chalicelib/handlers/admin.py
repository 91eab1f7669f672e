"""admin capability (`/api/admin`): users and staff, imports, audit, dashboard (docs/design/API.md
"admin").

Each route parses its body or query into a typed request (``domain.admin.requests``; a new staff
member's identity ``domain.auth.staff_requests``, an import's kind ``domain.imports.requests``),
lets ``endpoint`` authorize by role (admin and super_admin only, but office registration codes,
which operators issue too) and calls one use case of ``services.admin`` (or
``services.auth.registration_codes``), which applies the super_admin rules and audits.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.domain.admin import requests
from chalicelib.domain.shared.clock import lima_today
from chalicelib.handlers.http import ApiRequest, Reply, endpoint
from chalicelib.services.admin import dashboard as admin_dashboard
from chalicelib.services.admin import users as admin_users

blueprint = Blueprint(__name__)


@endpoint(blueprint, "/users", methods=["GET"], permission="admin.users")
def list_users(request: ApiRequest) -> dict[str, Any]:
    return admin_users.list_users(requests.parse_user_list_query(request.query))


@endpoint(blueprint, "/users", methods=["POST"], permission="admin.users")
def create_staff(request: ApiRequest) -> Reply:
    from chalicelib.domain.auth.staff_requests import parse_staff_identity

    body = request.json()
    identity = parse_staff_identity(body)
    role = requests.parse_staff_role(body)
    return Reply(admin_users.create_staff(request.signed_in, identity, role, request.context),
                 status=201)


@endpoint(blueprint, "/users/{user_id}", methods=["GET"], permission="admin.users")
def read_user(request: ApiRequest) -> dict[str, Any]:
    return admin_users.get_user(request.path_params["user_id"])


@endpoint(blueprint, "/users/{user_id}", methods=["PATCH"], permission="admin.users")
def change_access(request: ApiRequest) -> dict[str, Any]:
    change = requests.parse_access_change(request.json())
    return admin_users.change_access(request.signed_in, request.path_params["user_id"],
                                     change, request.context)


@endpoint(blueprint, "/users/{user_id}/unlock", methods=["POST"], permission="admin.users")
def unlock(request: ApiRequest) -> Reply:
    admin_users.unlock(request.signed_in, request.path_params["user_id"], request.context)
    return Reply(status=204)


@endpoint(blueprint, "/users/{user_id}/password-reset", methods=["POST"],
          permission="admin.users")
def send_password_reset(request: ApiRequest) -> Reply:
    admin_users.send_password_reset(request.signed_in, request.path_params["user_id"],
                                    request.context)
    return Reply(status=204)


@endpoint(blueprint, "/users/{user_id}/reset-totp", methods=["POST"], permission="admin.users")
def reset_totp(request: ApiRequest) -> Reply:
    admin_users.reset_totp(request.signed_in, request.path_params["user_id"], request.context)
    return Reply(status=204)


@endpoint(blueprint, "/registration-codes", methods=["POST"], permission="registration.codes")
def issue_registration_code(request: ApiRequest) -> Reply:
    """Operators too: the office desk checks the member's identity in person."""
    from chalicelib.domain.auth.registration_requests import parse_registration_code_request
    from chalicelib.services.auth import registration_codes

    wanted = parse_registration_code_request(request.json())
    return Reply(registration_codes.issue(request.signed_in, wanted, request.context),
                 status=201)


@endpoint(blueprint, "/imports", methods=["POST"], permission="admin.imports")
def start_import(request: ApiRequest) -> Reply:
    from chalicelib.domain.imports.requests import parse_import_start
    from chalicelib.services.admin import imports as admin_imports

    upload = parse_import_start(request.json())
    return Reply(admin_imports.start(request.signed_in, upload, request.context), status=201)


@endpoint(blueprint, "/imports", methods=["GET"], permission="admin.imports")
def import_history(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.services.admin import imports as admin_imports

    return admin_imports.history(requests.parse_page_query(request.query))


@endpoint(blueprint, "/imports/{import_id}", methods=["GET"], permission="admin.imports")
def import_status(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.services.admin import imports as admin_imports

    return admin_imports.status(request.path_params["import_id"])


@endpoint(blueprint, "/audit", methods=["GET"], permission="admin.audit")
def audit_records(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.services.admin import audit_viewer

    query = requests.parse_audit_query(request.query, lima_today())
    return audit_viewer.list_records(request.signed_in, query, request.context)


@endpoint(blueprint, "/audit/export", methods=["GET"], permission="admin.audit")
def audit_export(request: ApiRequest) -> Reply:
    from chalicelib.services.admin import audit_viewer

    wanted = requests.parse_audit_filter(request.query, lima_today())
    text, name, truncated = audit_viewer.export(request.signed_in, wanted, request.context)
    return Reply(raw=text, headers={
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{name}"',
        "X-Export-Truncated": "true" if truncated else "false"})


@endpoint(blueprint, "/routing", methods=["GET"], permission="admin.routing")
def routing_rules(request: ApiRequest) -> dict[str, Any]:
    """Every queue (ticket categories, credit products) with its routing rule (issue 17)."""
    from chalicelib.services.shared import routing

    return routing.routing_view(request.signed_in)


@endpoint(blueprint, "/routing/{kind}/{key}", methods=["PUT"], permission="admin.routing")
def set_routing_rule(request: ApiRequest) -> dict[str, Any]:
    """``{mode, operators}`` for one queue; the operators must be active operators."""
    from chalicelib.domain.shared.routing import parse_rule_request
    from chalicelib.services.shared import routing

    rule = parse_rule_request(request.json())
    return routing.set_rule(request.signed_in, request.path_params["kind"],
                            request.path_params["key"], rule, request.context)


@endpoint(blueprint, "/dashboard", methods=["GET"], permission="admin.users")
def dashboard(request: ApiRequest) -> dict[str, Any]:
    return admin_dashboard.dashboard()


@endpoint(blueprint, "/users/{user_id}/resend-invitation", methods=["POST"],
          permission="admin.users")
def resend_invitation(request: ApiRequest) -> dict[str, Any]:
    return admin_users.resend_invitation(request.signed_in, request.path_params["user_id"],
                                         request.context)


@endpoint(blueprint, "/users/{user_id}/revoke-invitation", methods=["POST"],
          permission="admin.users")
def revoke_invitation(request: ApiRequest) -> Reply:
    admin_users.revoke_invitation(request.signed_in, request.path_params["user_id"],
                                  request.context)
    return Reply(status=204)


@endpoint(blueprint, "/users/{user_id}/email", methods=["POST"], permission="admin.users")
def correct_member_email(request: ApiRequest) -> dict[str, Any]:
    email = requests.parse_member_email(request.json())
    return admin_users.correct_member_email(request.signed_in, request.path_params["user_id"],
                                            email, request.context)


@endpoint(blueprint, "/holidays", methods=["GET"], permission="admin.holidays")
def list_holidays(request: ApiRequest) -> dict[str, Any]:
    """One year's holidays (``?year=``, this year by default), by date (issue 18)."""
    from chalicelib.domain.admin import holidays as holiday_rules
    from chalicelib.services.admin import holidays as admin_holidays

    return admin_holidays.list_year(holiday_rules.parse_year_query(request.query, lima_today()))


@endpoint(blueprint, "/holidays", methods=["POST"], permission="admin.holidays")
def add_holiday(request: ApiRequest) -> Reply:
    from chalicelib.domain.admin import holidays as holiday_rules
    from chalicelib.services.admin import holidays as admin_holidays

    wanted = holiday_rules.parse_new_holiday(request.json())
    return Reply(admin_holidays.add(request.signed_in, wanted, request.context), status=201)


@endpoint(blueprint, "/holidays/{day}", methods=["DELETE"], permission="admin.holidays")
def remove_holiday(request: ApiRequest) -> Reply:
    from chalicelib.domain.admin import holidays as holiday_rules
    from chalicelib.services.admin import holidays as admin_holidays

    day = holiday_rules.parse_holiday_day(request.path_params["day"])
    admin_holidays.remove(request.signed_in, day, request.context)
    return Reply(status=204)


@endpoint(blueprint, "/complaints/export", methods=["GET"], permission="complaints.export")
def export_complaints(request: ApiRequest) -> Reply:
    """The Libro de Reclamaciones of ``?from=&to=`` as CSV (issue 18; at most twelve months)."""
    from chalicelib.domain.complaints.export import parse_export_period
    from chalicelib.services.complaints import export as complaints_export

    period = parse_export_period(request.query, lima_today())
    text, name = complaints_export.export(request.signed_in, period, request.context)
    return Reply(raw=text, headers={"Content-Type": "text/csv; charset=utf-8",
                                    "Content-Disposition": f'attachment; filename="{name}"'})
