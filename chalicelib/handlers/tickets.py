"""tickets capability (`/api/tickets`): routes land with its issue (see API.md)."""

from __future__ import annotations

from chalice import Blueprint

blueprint = Blueprint(__name__)
