"""S3's checks of a browser upload's POST policy, in front of moto.

moto (5.x, ``S3Response._bucket_response_post``) stores whatever a POST form carries: it reads no
policy, so a file over the form's ``content-length-range`` would be accepted locally while S3
refuses it. ``PostPolicyGuard`` wraps moto's WSGI app and answers as S3 does before moto sees the
form: 400 ``EntityTooLarge``/``EntityTooSmall`` for a file outside the range, 403
``AccessDenied`` for an expired policy or a field that breaks a condition (the key, the content
type). The signature is not checked (moto checks none). Local stack only.
"""

from __future__ import annotations

import base64
import io
import json
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from werkzeug.formparser import parse_form_data

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class PostPolicyGuard:
    """WSGI middleware: POST form uploads are checked against their policy, the rest passes."""

    def __init__(self, app: WsgiApp, allowed_origin: str | None = None) -> None:
        self.app = app
        self.allowed_origin = allowed_origin
        """Echoed on refusals (as S3's CORS rule does), so the browser can read them."""

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        content_type = environ.get("CONTENT_TYPE", "")
        if environ.get("REQUEST_METHOD") != "POST" or "multipart/form-data" not in content_type:
            return self.app(environ, start_response)
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        environ["wsgi.input"] = io.BytesIO(body)
        _, form, files = parse_form_data(environ)
        environ["wsgi.input"] = io.BytesIO(body)
        upload = files.get("file")
        if "policy" not in form or upload is None:
            return self.app(environ, start_response)
        size = upload.stream.seek(0, io.SEEK_END)
        refusal = policy_refusal(form, size, datetime.now(UTC))
        if refusal is None:
            return self.app(environ, start_response)
        return self._refuse(environ, start_response, *refusal)

    def _refuse(self, environ: dict[str, Any], start_response: Callable[..., Any],
                status: str, code: str, message: str) -> Iterable[bytes]:
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code>'
               f"<Message>{escape(message)}</Message></Error>").encode()
        headers = [("Content-Type", "application/xml"), ("Content-Length", str(len(xml)))]
        origin = environ.get("HTTP_ORIGIN")
        if origin and origin == self.allowed_origin:
            headers.append(("Access-Control-Allow-Origin", origin))
        start_response(status, headers)
        return [xml]


def policy_refusal(form: Any, size: int, now: datetime) -> tuple[str, str, str] | None:
    """``(status, S3 error code, message)`` when S3 would refuse the form, else None."""
    policy = json.loads(base64.b64decode(form["policy"]))
    expires = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    if expires < now:
        return "403 Forbidden", "AccessDenied", "Invalid according to Policy: Policy expired."
    fields = {name.lower(): value for name, value in form.items()}
    for condition in policy.get("conditions", []):
        refusal = _condition_refusal(condition, fields, size)
        if refusal:
            return refusal
    return None


def _condition_refusal(condition: Any, fields: dict[str, str], size: int
                       ) -> tuple[str, str, str] | None:
    if isinstance(condition, list) and condition[0] == "content-length-range":
        low, high = int(condition[1]), int(condition[2])
        if size > high:
            return ("400 Bad Request", "EntityTooLarge",
                    "Your proposed upload exceeds the maximum allowed size")
        if size < low:
            return ("400 Bad Request", "EntityTooSmall",
                    "Your proposed upload is smaller than the minimum allowed size")
        return None
    if isinstance(condition, dict):
        [(name, expected)] = condition.items()
        operator = "eq"
    else:
        operator, name, expected = condition[0], condition[1].lstrip("$"), condition[2]
    if name.lower() == "bucket":
        return None  # the bucket is in the URL (path-style on moto), not a form field
    value = fields.get(name.lower(), "")
    if value == expected or (operator == "starts-with" and value.startswith(expected)):
        return None
    return ("403 Forbidden", "AccessDenied",
            f'Invalid according to Policy: Policy Condition failed: ["{operator}", "${name}", '
            f'"{expected}"]')


class GuardedMotoServer:
    """moto's server, as ``moto.server.ThreadedMotoServer`` builds it, behind the guard."""

    def __init__(self, port: int, allowed_origin: str) -> None:
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )
        from werkzeug.serving import make_server

        app = PostPolicyGuard(DomainDispatcherApplication(create_backend_app), allowed_origin)
        self._server = make_server("127.0.0.1", port, app, threaded=True,
                                   request_handler=MotoRequestHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="moto")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join()
