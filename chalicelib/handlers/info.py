"""info capability (``/api/info``): the public «Tasas y tarifas» and «Contacto» (issue 18).

Anyone reads them, signed in or not; the answer may be kept by the browser for a minute
(``PUBLIC_CACHE``). CloudFront's ``/api/*`` behaviour caches nothing (CachingDisabled), so every
miss reaches the function: two GetItems and one Query, no Scan. Admins replace each document
whole (``info.write``).
"""

from __future__ import annotations

from typing import Any

from chalice import Blueprint

from chalicelib.domain.info import public_content
from chalicelib.domain.shared.permissions import PUBLIC
from chalicelib.handlers.http import ApiRequest, Headers, Reply, endpoint
from chalicelib.services.info import content

blueprint = Blueprint(__name__)

PUBLIC_CACHE: Headers = {"Cache-Control": "public, max-age=60"}
"""A minute: an admin's edit shows everywhere within it; a page's reloads cost nothing."""


@endpoint(blueprint, "/rates", methods=["GET"], permission=PUBLIC)
def rates(request: ApiRequest) -> Reply:
    return Reply(content.rates_page(), headers=dict(PUBLIC_CACHE))


@endpoint(blueprint, "/contact", methods=["GET"], permission=PUBLIC)
def contact(request: ApiRequest) -> Reply:
    return Reply(content.contact_page(), headers=dict(PUBLIC_CACHE))


@endpoint(blueprint, "/rates", methods=["PUT"], permission="info.write")
def save_rates(request: ApiRequest) -> dict[str, Any]:
    return content.save(request.signed_in, public_content.parse_rates(request.json()),
                        request.context)


@endpoint(blueprint, "/contact", methods=["PUT"], permission="info.write")
def save_contact(request: ApiRequest) -> dict[str, Any]:
    return content.save(request.signed_in, public_content.parse_contact(request.json()),
                        request.context)
