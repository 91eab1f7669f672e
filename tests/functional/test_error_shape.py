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

    from chalicelib.domain.permissions import PUBLIC
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
