"""The portal's one Chalice app.

Locally and in tests every capability is mounted. A deployed function has ``CAPABILITY`` set
(e.g. ``reports``) and mounts only that one, so it imports only what it needs. Inside a
capability, a handler imports at the top what most of its routes use and, inside a route, the
services and parsers only that route uses (and heavy libraries load on first use), so a cold start
pays for the first only; tests/functional/test_cold_imports.py keeps it so, and ``make bench``
(section ``imports_cold``) measures it from the synthesized package.
"""

from __future__ import annotations

import importlib
import os

from chalice import Chalice

from chalicelib.handlers import ALL_CAPABILITIES, HTTP_CAPABILITIES
from chalicelib.handlers.http import chalice_error_middleware

app = Chalice(app_name="coopac-portal")
app.register_middleware(chalice_error_middleware, "http")


def _mount(capability: str) -> None:
    module = importlib.import_module(f"chalicelib.handlers.{capability}")
    if capability in HTTP_CAPABILITIES:
        app.register_blueprint(module.blueprint, url_prefix=f"/api/{capability}")
    else:
        app.register_blueprint(module.blueprint)


_only = os.environ.get("CAPABILITY", "").strip()
if _only and _only not in ALL_CAPABILITIES:
    raise RuntimeError(f"CAPABILITY={_only!r} is not one of {ALL_CAPABILITIES}")
for _capability in (_only,) if _only else ALL_CAPABILITIES:
    _mount(_capability)
