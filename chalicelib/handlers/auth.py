"""auth capability (``/api/auth``): sign-in, TOTP, sessions, recovery, profile.

Each route with a body parses it into a typed request (``domain.auth.requests``), lets
``endpoint`` authorize, and calls one use case of ``services.auth``. Where the order of the
checks is part of the security (the sign-in under the address throttle, the step-up after the
lockout's reservation, a link's token after its lookup), the request carries the proof as sent
and the service judges it where it always has.
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.domain.auth import requests
from chalicelib.domain.shared.permissions import PUBLIC, Role
from chalicelib.handlers.http import (
    ApiRequest,
    Reply,
    browser_cookie,
    endpoint,
    expired_session_cookie,
    session_cookie,
)
from chalicelib.services.auth import login, sessions, terms, totp

blueprint = Blueprint(__name__)


def _signed_in_reply(outcome: login.LoginOutcome) -> Reply:
    """The login answer; when the sign-in is complete it carries the new session's cookie."""
    if outcome.session is None:
        return Reply(body=outcome.body)
    cookies = [session_cookie(outcome.session.token, outcome.session.max_age_seconds)]
    if outcome.browser_id:
        cookies.append(browser_cookie(outcome.browser_id))
    return Reply(body=outcome.body, headers={"Set-Cookie": cookies})


@endpoint(blueprint, "/session", methods=["GET"], permission="session.read")
def current_session(request: ApiRequest) -> dict[str, Any]:
    return sessions.session_view(request.signed_in, request.session_expires_at)


@endpoint(blueprint, "/logout", methods=["POST"], permission="session.logout")
def logout(request: ApiRequest) -> Reply:
    sessions.end_session(request.signed_in, request.context)
    return Reply(status=204, headers={"Set-Cookie": expired_session_cookie()})


@endpoint(blueprint, "/login", methods=["POST"], permission=PUBLIC)
def sign_in(request: ApiRequest) -> Reply:
    credentials = requests.parse_login_request(request.json())
    return _signed_in_reply(login.sign_in(credentials, request.context, request.cookie_token,
                                          request.browser_id))


@endpoint(blueprint, "/login/totp", methods=["POST"], permission=PUBLIC)
def sign_in_with_code(request: ApiRequest) -> Reply:
    second_step = requests.parse_totp_login_request(request.json())
    return _signed_in_reply(login.sign_in_with_code(second_step, request.context,
                                                    request.cookie_token, request.browser_id))


@endpoint(blueprint, "/password/forgot", methods=["POST"], permission=PUBLIC)
def forgot_password(request: ApiRequest) -> Reply:
    from chalicelib.services.auth import recovery

    status, body = recovery.forgot(requests.parse_forgot_request(request.json()),
                                   request.context)
    return Reply(status=status, body=body)


@endpoint(blueprint, "/password/reset", methods=["POST"], permission=PUBLIC)
def reset_password(request: ApiRequest) -> Reply:
    from chalicelib.services.auth import recovery

    recovery.reset(requests.parse_reset_request(request.json()), request.context)
    return Reply(status=204)


@endpoint(blueprint, "/password", methods=["POST"], permission="password.change")
def change_password(request: ApiRequest) -> Reply:
    from chalicelib.services.auth import profile

    change = requests.parse_password_change(request.json())
    profile.change_password(request.signed_in, change, request.context)
    return Reply(status=204)


@endpoint(blueprint, "/profile", methods=["GET"], permission="profile.manage")
def read_profile(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.services.auth import profile

    return profile.get_profile(request.signed_in)


@endpoint(blueprint, "/profile", methods=["PUT"], permission="profile.manage")
def update_profile(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.services.auth import profile

    changes = requests.parse_profile_changes(request.json())
    return profile.update_profile(request.signed_in, changes, request.context)


@endpoint(blueprint, "/profile/email/confirm", methods=["POST"], permission=PUBLIC)
def confirm_email(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.services.auth import profile

    link = requests.parse_link_token(request.json())
    return profile.confirm_email(link, request.context, request.cookie_token)


@endpoint(blueprint, "/profile/email/revert", methods=["POST"], permission=PUBLIC)
def revert_email_change(request: ApiRequest) -> dict[str, Any]:
    """«No fui yo»: the link mailed to the old address undoes an e-mail change."""
    from chalicelib.services.auth import email_revert

    return email_revert.revert(requests.parse_link_token(request.json()), request.context)


@endpoint(blueprint, "/sign-in-alert/end-session", methods=["POST"], permission=PUBLIC)
def end_session_by_link(request: ApiRequest) -> dict[str, Any]:
    """«¿No fuiste tú? Cierra esa sesión»: the new sign-in alert's link ends that session."""
    from chalicelib.services.auth import new_sign_in_alert

    link = requests.parse_link_token(request.json())
    return new_sign_in_alert.end_session_by_link(link, request.context)


@endpoint(blueprint, "/totp/setup", methods=["POST"], permission="totp.manage")
def totp_setup(request: ApiRequest) -> dict[str, Any]:
    proof = requests.parse_step_up_request(request.json())
    return totp.start_setup(request.signed_in, proof, request.context)


@endpoint(blueprint, "/totp/confirm", methods=["POST"], permission="totp.manage")
def totp_confirm(request: ApiRequest) -> dict[str, Any]:
    confirmation = requests.parse_totp_confirmation(request.json())
    return totp.confirm(request.signed_in, confirmation, request.context)


@endpoint(blueprint, "/totp/disable", methods=["POST"], permission="totp.manage")
def totp_disable(request: ApiRequest) -> dict[str, Any]:
    proof = requests.parse_totp_disable_request(request.json())
    return totp.disable(request.signed_in, proof, request.context)


@endpoint(blueprint, "/totp/backup-codes", methods=["GET"], permission="totp.manage")
def backup_code_status(request: ApiRequest) -> dict[str, Any]:
    return totp.backup_code_status(request.signed_in)


@endpoint(blueprint, "/totp/backup-codes", methods=["POST"], permission="totp.manage")
def regenerate_backup_codes(request: ApiRequest) -> dict[str, Any]:
    proof = requests.parse_step_up_request(request.json())
    return totp.regenerate_backup_codes(request.signed_in, proof, request.context)


@endpoint(blueprint, "/sessions", methods=["GET"], permission="sessions.manage")
def list_sessions(request: ApiRequest) -> dict[str, Any]:
    return sessions.list_sessions(request.signed_in)


@endpoint(blueprint, "/sessions/{session_id}", methods=["DELETE"], permission="sessions.manage")
def end_session(request: ApiRequest) -> Reply:
    was_current = sessions.end_session_by_id(request.signed_in,
                                             request.path_params["session_id"],
                                             request.context)
    return Reply(status=204, headers={"Set-Cookie": expired_session_cookie()} if was_current
                 else {})


@endpoint(blueprint, "/terms", methods=["GET"], permission=PUBLIC)
def terms_of_use(request: ApiRequest) -> dict[str, Any]:
    return terms.terms_of_use()


@endpoint(blueprint, "/terms/accept", methods=["POST"], permission="terms.accept")
def accept_terms(request: ApiRequest) -> dict[str, Any]:
    return terms.accept(request.signed_in, request.json(), request.context)


@endpoint(blueprint, "/terms/versions", methods=["GET"], permission="terms.publish")
def terms_versions(request: ApiRequest) -> dict[str, Any]:
    return terms.versions_for_admin()


@endpoint(blueprint, "/terms/versions", methods=["POST"], permission="terms.publish")
def publish_terms(request: ApiRequest) -> Reply:
    published = terms.publish(request.signed_in, request.json(), request.context)
    return Reply(body=published, status=201)


@endpoint(blueprint, "/alerts", methods=["GET"], permission="alerts.manage")
def read_alert_preferences(request: ApiRequest) -> dict[str, Any]:
    """«Alertas por correo» in Configuración (issue 18)."""
    from chalicelib.services.auth import alert_preferences

    return alert_preferences.get_preferences(request.signed_in)


@endpoint(blueprint, "/alerts", methods=["PUT"], permission="alerts.manage")
def change_alert_preferences(request: ApiRequest) -> dict[str, Any]:
    from chalicelib.domain.accounts.alert_preferences import parse_alert_changes
    from chalicelib.services.auth import alert_preferences

    changes = parse_alert_changes(request.json(),
                                  is_member=request.signed_in.role is Role.MEMBER)
    return alert_preferences.change_preferences(request.signed_in, changes, request.context)
