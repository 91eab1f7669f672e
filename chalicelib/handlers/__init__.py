"""The capabilities of the portal: one blueprint (or worker) each, one Lambda each when deployed."""

from __future__ import annotations

HTTP_CAPABILITIES: tuple[str, ...] = (
    "registration", "auth", "accounts", "credit", "tickets", "reports", "admin",
    "info",
)
"""Each is ``chalicelib/handlers/<name>.py`` with a ``blueprint`` mounted at ``/api/<name>``."""

WORKER_CAPABILITIES: tuple[str, ...] = ("import_worker", "notifier", "alerts")
"""Each is ``chalicelib/handlers/<name>.py`` defining a ``@blueprint.lambda_function``."""

ALL_CAPABILITIES = HTTP_CAPABILITIES + WORKER_CAPABILITIES
