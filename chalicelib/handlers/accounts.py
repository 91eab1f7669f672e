"""accounts capability (`/api/accounts`): routes land with its issue (see API.md)."""

from __future__ import annotations

from chalice import Blueprint

blueprint = Blueprint(__name__)
