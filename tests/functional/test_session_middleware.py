"""The HTTP edge shared by every capability: sessions, CSRF, roles, the error shape."""

from __future__ import annotations

from datetime import timedelta

from chalicelib.domain.shared.permissions import Role
from chalicelib.domain.shared.tokens import token_hash
from chalicelib.store.shared.models import AuditModel, SessionModel
from tests.functional.builders import a_user, signed_in


def test_session_without_cookie_answers_401_in_the_error_shape(api):
    answer = api.get("/api/auth/session")
    assert answer.status == 401
    assert answer.json["error"]["code"] == "not_authenticated"
    assert answer.json["error"]["message"]
    assert answer.headers["Cache-Control"] == "no-store"


def test_a_signed_in_member_gets_their_user_and_menu(api):
    member = a_user(Role.MEMBER, email="socia@example.pe", first_name="Rosa")
    signed_in(api, member)
    answer = api.get("/api/auth/session")
    assert answer.status == 200
    body = answer.json
    assert body["user"]["id"] == member.user_id
    assert body["user"]["email"] == "socia@example.pe"
    assert body["user"]["role"] == "member"
    assert body["user"]["dni"] == member.dni
    assert body["menu"][0] == "inicio" and "simulacion" in body["menu"]
    assert body["expires_at"].endswith("Z")


def test_an_admin_menu_holds_the_administration_keys(api):
    admin = a_user(Role.ADMIN, totp_secret="WWGP4JEFVVIOFWG6QHNVZS4EKS4F7PT7")
    signed_in(api, admin)
    menu = api.get("/api/auth/session").json["menu"]
    assert menu == ["inicio", "mensajes", "solicitudes", "beneficiarios", "codigos_registro",
                    "reclamaciones", "configuracion", "usuarios", "importaciones", "productos",
                    "auditoria", "reparto", "feriados", "contenido_publico",
                    "terminos_condiciones"]


def test_an_unknown_token_is_not_a_session(api):
    api.cookie = "forged-token-value"
    assert api.get("/api/auth/session").status == 401


def test_an_idle_session_expires_after_fifteen_minutes(api):
    member = a_user(Role.MEMBER)
    signed_in(api, member)
    session = SessionModel.get(token_hash(api.cookie))
    stale = (SessionModel.get(token_hash(api.cookie)))
    from chalicelib.domain.shared.clock import iso_instant, parse_instant
    stale.last_seen_at = iso_instant(parse_instant(session.last_seen_at) - timedelta(minutes=16))
    stale.save()
    answer = api.get("/api/auth/session")
    assert answer.status == 401
    assert answer.error_code == "session_expired"


def test_a_remembered_session_survives_idle_time(api):
    member = a_user(Role.MEMBER)
    signed_in(api, member, remember=True)
    session = SessionModel.get(token_hash(api.cookie))
    from chalicelib.domain.shared.clock import iso_instant, parse_instant
    session.last_seen_at = iso_instant(parse_instant(session.last_seen_at) - timedelta(hours=5))
    session.save()
    assert api.get("/api/auth/session").status == 200


def test_a_state_change_without_the_csrf_header_is_refused(api):
    signed_in(api, a_user(Role.MEMBER))
    answer = api.post("/api/auth/logout", csrf=False)
    assert answer.status == 403
    assert answer.error_code == "csrf_header_missing"
    assert api.get("/api/auth/session").status == 200


def test_logout_ends_the_session_at_once(api):
    signed_in(api, a_user(Role.MEMBER))
    token = api.cookie
    answer = api.post("/api/auth/logout")
    assert answer.status == 204
    assert "Max-Age=0" in answer.headers["Set-Cookie"]
    api.cookie = token
    assert api.get("/api/auth/session").status == 401


def test_staff_without_totp_reach_only_the_enrolment_routes(api):
    operator = a_user(Role.OPERATOR)
    signed_in(api, operator)
    session = api.get("/api/auth/session")
    assert session.status == 200
    assert session.json["user"]["totp_required"] is True


def test_an_authorization_refusal_is_audited(api):
    from chalice import Blueprint

    from chalicelib.handlers.http import ApiRequest, endpoint

    blueprint = Blueprint("probe")

    @endpoint(blueprint, "/probe", methods=["GET"], permission="admin.audit")
    def probe(request: ApiRequest) -> dict:
        return {"ok": True}

    from app import app

    app.register_blueprint(blueprint, url_prefix="/api/test-only")
    try:
        member = a_user(Role.MEMBER)
        signed_in(api, member)
        answer = api.get("/api/test-only/probe")
        assert answer.status == 403
        assert answer.error_code == "forbidden"
        records = [r for r in AuditModel.by_actor.query(member.user_id)]
        assert [r.action for r in records] == ["authorization.denied"]
        assert records[0].outcome == "denied"
    finally:
        app.routes.pop("/api/test-only/probe", None)
