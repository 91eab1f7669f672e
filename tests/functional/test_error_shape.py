"""Bad requests get the API's error shape and a 4xx, never a 500."""

from __future__ import annotations

from dev.gateway import ApiGateway


def test_an_unknown_route_answers_404_in_the_error_shape(app):
    answer = ApiGateway(app).handle("GET", "/api/nowhere", {}, None)
    assert answer.status == 404
    assert b'"code": "not_found"' in answer.body


def test_a_wrong_method_answers_405_in_the_error_shape(api):
    answer = api.request("DELETE", "/api/auth/session")
    assert answer.status == 405
    assert answer.error_code == "method_not_allowed"


def test_malformed_json_is_a_400_not_a_500(app):
    from chalice import Blueprint

    from chalicelib.domain.shared.permissions import PUBLIC
    from chalicelib.handlers.http import ApiRequest, endpoint

    blueprint = Blueprint("echo")

    @endpoint(blueprint, "/echo", methods=["POST"], permission=PUBLIC)
    def echo(request: ApiRequest) -> dict:
        return {"got": request.json()}

    app.register_blueprint(blueprint, url_prefix="/api/test-echo")
    try:
        gateway = ApiGateway(app)
        headers = {"X-Requested-With": "fetch", "Content-Type": "application/json"}
        bad = gateway.handle("POST", "/api/test-echo/echo", headers, b"{not json")
        assert bad.status == 400 and b"malformed_json" in bad.body
        array = gateway.handle("POST", "/api/test-echo/echo", headers, b"[1, 2]")
        assert array.status == 400 and b"malformed_json" in array.body
        form = gateway.handle("POST", "/api/test-echo/echo",
                              {**headers, "Content-Type": "text/html"}, b'{"a": 1}')
        assert form.status == 415 and b"unsupported_media_type" in form.body
        good = gateway.handle("POST", "/api/test-echo/echo", headers, '{"a": "ñ"}'.encode())
        assert good.status == 200 and '"ñ"'.encode() in good.body
    finally:
        app.routes.pop("/api/test-echo/echo", None)


def test_an_unexpected_error_answers_500_in_spanish_and_logs_what_the_alarm_counts(app, caplog):
    import json
    import logging

    from chalice import Blueprint

    from chalicelib.domain.shared.permissions import PUBLIC
    from chalicelib.handlers.http import ApiRequest, endpoint
    from chalicelib.observability import UNHANDLED_ERROR

    blueprint = Blueprint("broken")

    @endpoint(blueprint, "/broken", methods=["GET"], permission=PUBLIC)
    def broken(request: ApiRequest) -> dict:
        raise RuntimeError("a bug")

    app.register_blueprint(blueprint, url_prefix="/api/test-broken")
    try:
        with caplog.at_level(logging.ERROR):
            answer = ApiGateway(app).handle("GET", "/api/test-broken/broken", {}, None)
        assert answer.status == 500
        error = json.loads(answer.body)["error"]
        assert error["code"] == "internal_error" and "inesperado" in error["message"]
        assert "a bug" not in answer.body.decode()
        [logged] = [r for r in caplog.records if r.getMessage().startswith(UNHANDLED_ERROR)]
        assert logged.levelname == "ERROR" and logged.exc_info is not None
    finally:
        app.routes.pop("/api/test-broken/broken", None)
