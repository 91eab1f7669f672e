"""API Gateway's part, played locally: route a request to the Chalice app, answer like production.

Used by the local server and by tests that need gateway behaviour (unknown routes). Chalice's
app object keeps the current request on itself, so calls into it are serialized (a Lambda
instance also handles one request at a time).
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass
from typing import Any

from chalice.config import Config
from chalice.local import LocalGateway, LocalGatewayException

NOT_FOUND_BODY = json.dumps({"error": {"code": "not_found",
                                       "message": "El recurso solicitado no existe."}},
                            ensure_ascii=False).encode("utf-8")


@dataclass
class GatewayResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class ApiGateway:
    def __init__(self, app: Any) -> None:
        self._gateway = LocalGateway(app, Config())
        self._lock = threading.Lock()

    def handle(self, method: str, path: str, headers: dict[str, str],
               body: bytes | None) -> GatewayResponse:
        with self._lock:
            try:
                response = self._gateway.handle_request(method, path, headers, body)
            except LocalGatewayException:
                # Production maps API Gateway's MISSING_AUTHENTICATION_TOKEN the same way (CDK).
                return GatewayResponse(404, [("Content-Type", "application/json; charset=utf-8"),
                                             ("Cache-Control", "no-store")], NOT_FOUND_BODY)
        return _to_gateway_response(response)


def _to_gateway_response(response: dict[str, Any]) -> GatewayResponse:
    headers: list[tuple[str, str]] = []
    for name, values in (response.get("multiValueHeaders") or {}).items():
        headers.extend((name, str(value)) for value in values)
    multi = {name.lower() for name, _ in headers}
    headers.extend((name, str(value)) for name, value in (response.get("headers") or {}).items()
                   if name.lower() not in multi)
    body = response.get("body") or b""
    if response.get("isBase64Encoded") and isinstance(body, str):
        body = base64.b64decode(body)
    if isinstance(body, str):
        body = body.encode("utf-8")
    return GatewayResponse(int(response["statusCode"]), headers, body)
