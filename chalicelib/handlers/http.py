"""The HTTP edge shared by every capability.

``endpoint`` wraps a view in the four steps of docs/design/STYLE.md: parse the request, authorize it
from the server-side session (one GetItem), call the view (which calls one service function), and
turn domain exceptions into the API's error shape. Views receive an ``ApiRequest`` and return a
``Reply`` (or a plain dict for 200 JSON)."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from http.cookies import CookieError, SimpleCookie
from typing import Any

from chalice import Blueprint, Response

from chalicelib.domain.auth.new_sign_in import BROWSER_COOKIE, KNOWN_BROWSER_WINDOW
from chalicelib.domain.auth.terms_versions import ACCEPTANCE_REQUIRED
from chalicelib.domain.shared import edge, errors, json_body, permissions
from chalicelib.domain.shared.clock import iso_instant
from chalicelib.domain.shared.edge import ORIGIN_HEADER, came_through_edge
from chalicelib.domain.shared.principal import Principal, RequestContext
from chalicelib.observability import UNHANDLED_ERROR
from chalicelib.services.auth import sessions
from chalicelib.services.shared import audit
from chalicelib.settings import settings

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_HEADER = "x-requested-with"
CSRF_VALUE = "fetch"
CHALICE_CONTENT_TYPES = ["*/*"]
"""Chalice passes every request to ``endpoint``, which answers a body that is not JSON with 415
``unsupported_media_type`` itself (``json_body.check_body``), after the edge check and before the
session is read. Chalice's own 415 would answer first, direct calls included."""

STATUS_BY_ERROR: dict[type[errors.DomainError], int] = {
    errors.InvalidInput: 400,
    errors.NotAuthenticated: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.UnsupportedMediaType: 415,
    errors.AccountLocked: 423,
    errors.Throttled: 429,
}

Headers = dict[str, str | list[str]]
API_HEADERS: dict[str, str] = {"Content-Type": "application/json; charset=utf-8",
                               "Cache-Control": "no-store"}


@dataclass
class ApiRequest:
    method: str
    path_params: dict[str, str]
    query: dict[str, str]
    headers: dict[str, str]
    raw_body: bytes
    context: RequestContext
    cookie_token: str | None
    principal: Principal | None = None
    session_expires_at: datetime | None = None
    browser_id: str | None = None
    """The long-lived browser cookie's value (``domain.auth.new_sign_in``), read at sign-in."""

    def json(self) -> dict[str, Any]:
        """The body as a strict JSON object (``json_body``); anything else is a 400, never a
        500. Its size and content type are checked again here, before it is read."""
        json_body.check_body(self.raw_body, self.headers.get("content-type"))
        return json_body.parse_object(self.raw_body)

    @property
    def signed_in(self) -> Principal:
        if self.principal is None:
            raise errors.NotAuthenticated()
        return self.principal


@dataclass
class Reply:
    body: Any = None
    status: int = 200
    headers: Headers = field(default_factory=dict)
    raw: bytes | str | None = None
    """A non-JSON body (CSV download); ``headers`` then carries its Content-Type."""


def error_body(code: str, message: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def error_response(error: errors.DomainError) -> Response:
    status = next((code for cls, code in STATUS_BY_ERROR.items() if isinstance(error, cls)), 400)
    headers: Headers = dict(API_HEADERS)
    retry_after = getattr(error, "retry_after_seconds", None)
    if retry_after:
        headers["Retry-After"] = str(retry_after)
    return Response(body=json.dumps(error_body(error.code, error.message, error.fields),
                                    ensure_ascii=False),
                    status_code=status, headers=headers)


def internal_error_response() -> Response:
    body = error_body("internal_error", "Ocurrió un error inesperado. Inténtalo nuevamente.")
    headers: Headers = dict(API_HEADERS)
    return Response(body=json.dumps(body, ensure_ascii=False), status_code=500, headers=headers)


def session_cookie(token: str, max_age_seconds: int | None) -> str:
    cookie = f"{sessions.SESSION_COOKIE}={token}; Path=/; HttpOnly; Secure; SameSite=Strict"
    if max_age_seconds:
        cookie += f"; Max-Age={max_age_seconds}"
    return cookie


def expired_session_cookie() -> str:
    return f"{sessions.SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0"


def browser_cookie(browser_id: str) -> str:
    """The browser's id for the new sign-in alert: Lax (it is read only by the same-origin
    sign-in), renewed at each complete sign-in for as long as a browser stays known."""
    max_age = int(KNOWN_BROWSER_WINDOW.total_seconds())
    return (f"{BROWSER_COOKIE}={browser_id}; Path=/; HttpOnly; Secure; SameSite=Lax; "
            f"Max-Age={max_age}")


def _cookie_token(cookie_header: str, name: str = sessions.SESSION_COOKIE) -> str | None:
    try:
        jar: SimpleCookie = SimpleCookie(cookie_header)
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel and morsel.value else None


def _request_context(request: Any) -> RequestContext:
    """The viewer's address only from CloudFront's ``CloudFront-Viewer-Address`` (never from
    X-Forwarded-For, whose leading entries the client writes); ``-`` unless it is an IP address."""
    identity = (request.context or {}).get("identity") or {}
    headers = {k.lower(): v for k, v in (request.headers or {}).items()}
    ip = edge.viewer_ip(headers.get(edge.VIEWER_ADDRESS_HEADER)) or edge.UNKNOWN_ADDRESS
    source_ip = edge.parse_ip(str(identity.get("sourceIp") or "")) or edge.UNKNOWN_ADDRESS
    user_agent = str((request.headers or {}).get("user-agent") or identity.get("userAgent") or "-")
    return RequestContext(ip=ip, user_agent=user_agent[:300], source_ip=source_ip)


def _parse(request: Any, path_params: dict[str, str]) -> ApiRequest:
    headers = {k.lower(): v for k, v in (request.headers or {}).items()}
    return ApiRequest(
        method=request.method.upper(),
        path_params=path_params,
        query=dict(request.query_params or {}),
        headers=headers,
        raw_body=request.raw_body or b"",
        context=_request_context(request),
        cookie_token=_cookie_token(headers.get("cookie", "")),
        browser_id=_cookie_token(headers.get("cookie", ""), BROWSER_COOKIE),
    )


def _require_edge(api_request: ApiRequest) -> None:
    config = settings()
    if config.requires_edge and not came_through_edge(api_request.headers.get(ORIGIN_HEADER),
                                                      config.origin_secret):
        logger.warning("direct_access_refused from %s", api_request.context.ip)
        raise errors.Forbidden("Accede al portal desde su dirección oficial.",
                               code="direct_access_refused")


def _authorize(api_request: ApiRequest, permission: str, route_name: str) -> None:
    if api_request.method not in SAFE_METHODS and \
            api_request.headers.get(CSRF_HEADER, "").lower() != CSRF_VALUE:
        raise errors.Forbidden("Solicitud rechazada por seguridad (falta la cabecera requerida).",
                               code="csrf_header_missing")
    if permission == permissions.PUBLIC:
        return
    principal, expires_at = sessions.authenticate(api_request.cookie_token)
    api_request.principal = principal
    api_request.session_expires_at = expires_at
    if not permissions.is_allowed_for_session(principal.role, principal.totp_enabled, permission,
                                              principal.terms_pending):
        totp_gate = permissions.totp_required(principal.role, principal.totp_enabled)
        terms_gate = principal.terms_pending and permissions.is_allowed(principal.role, permission)
        audit.record(action="authorization.denied", outcome="denied", context=api_request.context,
                     principal=principal, target=route_name,
                     details={"permission": permission, "totp_required": totp_gate,
                              "terms_pending": principal.terms_pending})
        if totp_gate:
            raise errors.Forbidden("Debes activar la autenticación en dos pasos para continuar.",
                                   code="totp_enrolment_required")
        if terms_gate:
            raise errors.Forbidden(ACCEPTANCE_REQUIRED, code="terms_acceptance_required")
        raise errors.Forbidden()


def _to_response(result: Reply | dict[str, Any] | None) -> Response:
    reply = result if isinstance(result, Reply) else Reply(body=result)
    headers: Headers = {**API_HEADERS, **reply.headers}
    if reply.raw is not None:
        return Response(body=reply.raw, status_code=reply.status, headers=headers)
    if reply.body is None:
        headers.pop("Content-Type", None)
        return Response(body="", status_code=reply.status, headers=headers)
    return Response(body=json.dumps(reply.body, ensure_ascii=False), status_code=reply.status,
                    headers=headers)


View = Callable[[ApiRequest], "Reply | dict[str, Any] | None"]


def endpoint(blueprint: Blueprint, path: str, *, methods: list[str],
             permission: str) -> Callable[[View], View]:
    """Register ``view`` on ``blueprint`` behind parsing, session, CSRF and permission checks.

    ``permission`` is a key of ``domain.shared.permissions.PERMISSIONS`` or ``PUBLIC``.
    """
    if permission != permissions.PUBLIC and permission not in permissions.PERMISSIONS:
        raise ValueError(f"unknown permission {permission!r} for {path}")

    def decorator(view: View) -> View:
        route_name = f"{'/'.join(methods)} {path}"

        @functools.wraps(view)
        def chalice_view(**path_params: str) -> Response:
            try:
                api_request = _parse(blueprint.current_request, path_params)
                _require_edge(api_request)
                json_body.check_body(api_request.raw_body, api_request.headers.get("content-type"))
                _authorize(api_request, permission, route_name)
                return _to_response(view(api_request))
            except errors.DomainError as error:
                return error_response(error)
            except Exception:
                logger.exception("%s in %s", UNHANDLED_ERROR, route_name)
                return internal_error_response()

        blueprint.route(path, methods=methods, content_types=CHALICE_CONTENT_TYPES)(chalice_view)
        return view

    return decorator


def instant(moment: datetime | None) -> str | None:
    return iso_instant(moment) if moment else None


def chalice_error_middleware(event: Any, get_response: Callable[[Any], Response]) -> Response:
    """Rewrite Chalice's own errors (405 method not allowed, 415, 400) into the API's shape."""
    response = get_response(event)
    if response.status_code < 400 or not isinstance(response.body, dict) \
            or "Code" not in response.body:
        return response
    codes = {405: ("method_not_allowed", "Método no permitido para esta ruta."),
             415: ("unsupported_media_type", "Tipo de contenido no admitido."),
             404: ("not_found", "El recurso solicitado no existe.")}
    code, message = codes.get(response.status_code,
                              ("invalid_input", "La solicitud no es válida."))
    if response.status_code >= 500:
        code, message = "internal_error", "Ocurrió un error inesperado. Inténtalo nuevamente."
    headers: Headers = {**(response.headers or {}), **API_HEADERS}
    return Response(body=json.dumps(error_body(code, message), ensure_ascii=False),
                    status_code=response.status_code, headers=headers)
